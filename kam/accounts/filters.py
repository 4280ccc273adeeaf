"""The one account filter, shared by the UI list, the API and exports."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from kam.accounts.choices import Industry, Tier
from kam.accounts.models import Account
from kam.users.choices import Role
from kam.users.models import User


def _owners(request: object) -> QuerySet[User]:
    # Only what the option labels show (the user's full name, else the username).
    return User.objects.filter(role__in=[Role.KAM, Role.HEAD_OF_KAM], is_active=True).only(
        "pk", "first_name", "last_name", "username"
    )


class OwnerChoiceField(forms.ModelChoiceField):
    """A user choice labelled as ``User.__str__`` labels a user (full name, else username).

    ``label_fields`` / ``label_from_values`` let the filter bar build the options from these
    columns (``kam_ui.select_options``) without a model instance per user.
    """

    label_fields = ("first_name", "last_name", "username")

    def label_from_values(self, first_name: str, last_name: str, username: str) -> str:
        return f"{first_name} {last_name}".strip() or username


class OwnerFilter(django_filters.ModelChoiceFilter):
    """The owner filter: any key account manager or head of KAM."""

    field_class = OwnerChoiceField


class AccountFilter(django_filters.FilterSet):
    """Search, tier, owner, industry, country, group and sorting of accounts."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    tier = django_filters.MultipleChoiceFilter(choices=Tier.choices, label=_("Tier"))
    owner = OwnerFilter(queryset=_owners, label=_("Key account manager"))
    industry = django_filters.MultipleChoiceFilter(choices=Industry.choices, label=_("Industry"))
    country = django_filters.ChoiceFilter(choices=lambda: list(countries), label=_("Country"))
    parent = django_filters.NumberFilter(field_name="parent_id", label=_("Parent account id"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("tier", "tier"),
            ("industry", "industry"),
            ("country", "country"),
            ("city", "city"),
            ("owner__last_name", "owner"),
            ("revenue_last_year", "revenue_last_year"),
            ("revenue_this_year", "revenue_this_year"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = Account
        fields = ["q", "tier", "owner", "industry", "country", "parent"]

    def search(self, queryset: QuerySet[Account], name: str, value: str) -> QuerySet[Account]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(external_id__iexact=value) | Q(city__icontains=value))
