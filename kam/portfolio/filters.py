"""The one filter of portfolio entries, shared by the UI list, the matrix, the API and exports.

The stored run is chosen outside the FilterSet (the pages by basis, level and snapshot, the
API by run id); this FilterSet narrows the entries of that run.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.utils.translation import gettext_lazy as _

from kam.accounts.choices import Tier
from kam.portfolio.choices import AbcClass, Direction, Quadrant, XyzClass
from kam.portfolio.models import PortfolioEntry
from kam.users.choices import Role
from kam.users.models import User

NO_XYZ = "-"  # the filter value of entries without an XYZ class (no revenue in the XYZ window)


def _owners(request: object) -> QuerySet[User]:
    """Key account managers and heads of KAM, reading only the columns of their labels."""
    return User.objects.filter(role__in=[Role.KAM, Role.HEAD_OF_KAM], is_active=True).only(
        "pk", "first_name", "last_name", "username"
    )


class RankedOrderingFilter(django_filters.OrderingFilter):
    """Sorting with empty values (no growth, no XYZ class) last either way, then by rank."""

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if not value or not any(value):
            return qs
        ordering: list[OrderBy] = []
        for param in value:
            if not param:
                continue
            field = self.get_ordering_value(param)
            if field.startswith("-"):
                ordering.append(F(field[1:]).desc(nulls_last=True))
            else:
                ordering.append(F(field).asc(nulls_last=True))
        return qs.order_by(*ordering, "rank")


class PortfolioEntryFilter(django_filters.FilterSet):
    """Search by account name; ABC, XYZ, quadrant, tier, computed tier, candidate direction, owner; sorting."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    abc = django_filters.MultipleChoiceFilter(choices=AbcClass.choices, label=_("ABC class"))
    xyz = django_filters.MultipleChoiceFilter(
        choices=[*XyzClass.choices, (NO_XYZ, _("No XYZ class"))], method="filter_xyz", label=_("XYZ class")
    )
    quadrant = django_filters.MultipleChoiceFilter(choices=Quadrant.choices, label=_("Quadrant"))
    tier = django_filters.MultipleChoiceFilter(choices=Tier.choices, label=_("Tier"))
    suggested_tier = django_filters.MultipleChoiceFilter(choices=Tier.choices, label=_("Computed tier"))
    direction = django_filters.ChoiceFilter(choices=Direction.choices, label=_("Candidate"))
    owner = django_filters.ModelChoiceFilter(
        field_name="account__owner", queryset=_owners, label=_("Key account manager")
    )
    ordering = RankedOrderingFilter(
        fields=(
            ("rank", "rank"),
            ("account__name", "name"),
            ("value", "value"),
            ("share", "share"),
            ("cumulative_share", "cumulative_share"),
            ("abc", "abc"),
            ("xyz", "xyz"),
            ("growth", "growth"),
            ("cagr", "cagr"),
            ("attractiveness", "attractiveness"),
            ("relationship", "relationship"),
            ("quadrant", "quadrant"),
            ("tier", "tier"),
            ("suggested_tier", "suggested_tier"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = PortfolioEntry
        fields = ["q", "abc", "xyz", "quadrant", "tier", "suggested_tier", "direction", "owner"]

    def search(self, queryset: QuerySet[PortfolioEntry], name: str, value: str) -> QuerySet[PortfolioEntry]:
        """Entries whose account name contains ``value`` (or whose external id is ``value``)."""
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(account__name__icontains=value) | Q(account__external_id__iexact=value))

    def filter_xyz(self, queryset: QuerySet[PortfolioEntry], name: str, value: list[Any]) -> QuerySet[PortfolioEntry]:
        """Entries of the chosen XYZ classes; ``-`` stands for entries without one."""
        if not value:
            return queryset
        classes = ["" if v == NO_XYZ else v for v in value]
        return queryset.filter(xyz__in=classes)
