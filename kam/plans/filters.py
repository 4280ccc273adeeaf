"""The one plan filter, shared by the plans overview, the API and the exports; filters of what plans hold."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kam.accounts.choices import Tier
from kam.accounts.filters import OwnerFilter, _owners
from kam.plans.choices import GoalMetric, MeasureStatus, PlanStatus, SwotKind, WhitespaceStatus
from kam.plans.models import (
    AccountPlan,
    Goal,
    Measure,
    PlanVersion,
    Risk,
    SwotItem,
    WalletEstimate,
    WhitespaceEntry,
)


class PlanFilter(django_filters.FilterSet):
    """Search, status, account, tier, responsible KAM, year and sorting of plans."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.MultipleChoiceFilter(choices=PlanStatus.choices, label=_("Status"))
    tier = django_filters.MultipleChoiceFilter(field_name="account__tier", choices=Tier.choices, label=_("Tier"))
    owner = OwnerFilter(queryset=_owners, label=_("Responsible"))
    account = django_filters.NumberFilter(field_name="account_id", label=_("Account id"))
    year = django_filters.NumberFilter(method="in_year", label=_("Year"), min_value=1900, max_value=2999)
    ordering = django_filters.OrderingFilter(
        fields=(
            ("account__name", "account"),
            ("period_start", "period_start"),
            ("status", "status"),
            ("owner__last_name", "owner"),
            ("approved_at", "approved_at"),
            ("updated_at", "updated_at"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = AccountPlan
        fields = ["q", "status", "tier", "owner", "account", "year"]

    def search(self, queryset: QuerySet[AccountPlan], name: str, value: str) -> QuerySet[AccountPlan]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(account__name__icontains=value) | Q(title__icontains=value))

    def in_year(self, queryset: QuerySet[AccountPlan], name: str, value: int | None) -> QuerySet[AccountPlan]:
        """Plans whose period touches the calendar year ``value``."""
        if value is None:
            return queryset
        return queryset.filter(period_start__year__lte=value, period_end__year__gte=value)


class PlanItemFilter(django_filters.FilterSet):
    """Goals, measures, risks or SWOT items of one plan."""

    plan = django_filters.NumberFilter(field_name="plan_id", label=_("Plan id"))


class GoalFilter(PlanItemFilter):
    metric = django_filters.ChoiceFilter(choices=GoalMetric.choices, label=_("Metric"))

    class Meta:
        model = Goal
        fields = ["plan", "metric"]


class MeasureFilter(PlanItemFilter):
    status = django_filters.MultipleChoiceFilter(choices=MeasureStatus.choices, label=_("Status"))
    assignee = django_filters.NumberFilter(field_name="assignee_id", label=_("Assigned to (user id)"))

    class Meta:
        model = Measure
        fields = ["plan", "status", "assignee"]


class RiskFilter(PlanItemFilter):
    class Meta:
        model = Risk
        fields = ["plan"]


class SwotFilter(PlanItemFilter):
    kind = django_filters.ChoiceFilter(choices=SwotKind.choices, label=_("Kind"))

    class Meta:
        model = SwotItem
        fields = ["plan", "kind"]


class PlanVersionFilter(PlanItemFilter):
    account = django_filters.NumberFilter(field_name="plan__account_id", label=_("Account id"))

    class Meta:
        model = PlanVersion
        fields = ["plan", "account"]


class WalletEstimateFilter(django_filters.FilterSet):
    """Wallet estimates of one account, one year."""

    account = django_filters.NumberFilter(field_name="account_id", label=_("Account id"))
    year = django_filters.NumberFilter(field_name="year", label=_("Year"), min_value=1900, max_value=2999)

    class Meta:
        model = WalletEstimate
        fields = ["account", "year"]


class WhitespaceEntryFilter(django_filters.FilterSet):
    """Whitespace entries of one customer unit or product line."""

    unit = django_filters.NumberFilter(field_name="account_id", label=_("Customer unit (account id)"))
    product_line = django_filters.NumberFilter(field_name="product_line_id", label=_("Product line id"))
    status = django_filters.ChoiceFilter(choices=WhitespaceStatus.choices, label=_("Status"))

    class Meta:
        model = WhitespaceEntry
        fields = ["unit", "product_line", "status"]
