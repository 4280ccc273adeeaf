"""The one contact filter, shared by the UI list, the API and exports."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kam.contacts.choices import Attitude, BuyingRole, ContactDepartment
from kam.contacts.models import Contact


class ContactFilter(django_filters.FilterSet):
    """Search and filters for contacts."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    account = django_filters.NumberFilter(field_name="account_id", label=_("Account id"))
    buying_role = django_filters.MultipleChoiceFilter(choices=BuyingRole.choices, label=_("Buying-centre role"))
    attitude = django_filters.MultipleChoiceFilter(choices=Attitude.choices, label=_("Attitude"))
    department = django_filters.MultipleChoiceFilter(choices=ContactDepartment.choices, label=_("Department"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("last_name", "name"),
            ("account__name", "account"),
            ("function", "function"),
            ("influence", "influence"),
            ("last_contact_date", "last_contact"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = Contact
        fields = ["q", "account", "buying_role", "attitude", "department"]

    def search(self, queryset: QuerySet[Contact], name: str, value: str) -> QuerySet[Contact]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(last_name__icontains=value)
            | Q(first_name__icontains=value)
            | Q(email__icontains=value)
            | Q(account__name__icontains=value)
        )
