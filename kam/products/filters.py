"""The one product filter, shared by the UI list, the API and exports."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kam.products.models import Product, ProductLine


class ProductFilter(django_filters.FilterSet):
    """Search and filters for products."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    product_line = django_filters.ModelChoiceFilter(queryset=ProductLine.objects.all(), label=_("Product line"))
    active = django_filters.BooleanFilter(label=_("Active"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("sku", "sku"),
            ("name", "name"),
            ("product_line__name", "product_line"),
            ("list_price", "list_price"),
            ("margin_percent", "margin_percent"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = Product
        fields = ["q", "product_line", "active"]

    def search(self, queryset: QuerySet[Product], name: str, value: str) -> QuerySet[Product]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(sku__icontains=value) | Q(name__icontains=value))
