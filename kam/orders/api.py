"""REST API of order lines: read for everyone who sees the account, written by head of KAM and admins.

Order lines normally come from the ERP through the importer; the write endpoints are for corrections.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import BaseRouter

from kam.accounts.api import VisibleAccountField
from kam.core.api import UncountedPagination
from kam.core.api_views import KamModelViewSet
from kam.orders.filters import OrderLineFilter
from kam.orders.models import OrderLine
from kam.orders.selectors import order_line_list
from kam.orders.services import order_line_create, order_line_delete, order_line_update
from kam.products.api import MasterDataPermission


class OrderLineSerializer(serializers.ModelSerializer[OrderLine]):
    """One invoiced line: account, product, date, quantity, net revenue (negative for credit notes), margin."""

    account = VisibleAccountField()
    account_name = serializers.CharField(source="account.name", read_only=True)
    product_sku = serializers.CharField(source="product.sku", read_only=True)
    quantity = serializers.DecimalField(
        max_digits=14, decimal_places=3, min_value=0, help_text=_("Not negative; credit notes have negative revenue.")
    )

    class Meta:
        model = OrderLine
        fields = [
            "id",
            "external_id",
            "account",
            "account_name",
            "product",
            "product_sku",
            "date",
            "quantity",
            "net_revenue",
            "margin",
            "document_number",
        ]

    def create(self, validated_data: dict[str, Any]) -> OrderLine:
        return order_line_create(**validated_data)

    def update(self, instance: OrderLine, validated_data: dict[str, Any]) -> OrderLine:
        return order_line_update(order_line=instance, **validated_data)


class OrderLineViewSet(KamModelViewSet):
    """Order lines of the accounts the user may see; head of KAM and admins correct them."""

    serializer_class = OrderLineSerializer
    filterset_class = OrderLineFilter
    pagination_class = UncountedPagination
    permission_classes = [IsAuthenticated, MasterDataPermission]

    def get_queryset(self) -> QuerySet[OrderLine]:
        return order_line_list(user=self.request.user)

    def perform_destroy(self, instance: OrderLine) -> None:
        order_line_delete(order_line=instance)


def register(router: BaseRouter) -> None:
    """Register this app's viewsets on the API router."""
    router.register("order-lines", OrderLineViewSet, basename="order-line")
