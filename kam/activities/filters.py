"""The one activity filter, shared by the timeline, the API and the command line."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kam.activities.choices import ActivityKind
from kam.activities.models import Activity


class ActivityFilter(django_filters.FilterSet):
    """Search, kind, account and period of activities."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.MultipleChoiceFilter(choices=ActivityKind.choices, label=_("Kind"))
    account = django_filters.NumberFilter(field_name="account_id", label=_("Account id"))
    start_from = django_filters.DateFilter(field_name="start", lookup_expr="date__gte", label=_("From"))
    start_to = django_filters.DateFilter(field_name="start", lookup_expr="date__lte", label=_("To"))

    class Meta:
        model = Activity
        fields = ["q", "kind", "account", "start_from", "start_to"]

    def search(self, queryset: QuerySet[Activity], name: str, value: str) -> QuerySet[Activity]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(subject__icontains=value) | Q(summary__icontains=value) | Q(account__name__icontains=value)
        )
