"""The one order line filter, shared by the UI list, the API and exports."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from kam.orders.models import OrderLine


class OrderLineFilter(django_filters.FilterSet):
    """Filters for order lines: account, product, product line, date range."""

    account = django_filters.NumberFilter(field_name="account_id", label=_("Account id"))
    product = django_filters.NumberFilter(field_name="product_id", label=_("Product id"))
    product_line = django_filters.NumberFilter(field_name="product__product_line_id", label=_("Product line id"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"))
    document_number = django_filters.CharFilter(label=_("Document number"))
    ordering = django_filters.OrderingFilter(
        fields=(("date", "date"), ("net_revenue", "net_revenue"), ("margin", "margin")),
        label=_("Sort by"),
    )

    class Meta:
        model = OrderLine
        fields = ["account", "product", "product_line", "date_from", "date_to", "document_number"]
