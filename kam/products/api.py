"""REST API of the product catalogue: products and product lines."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.routers import BaseRouter

from kam.accounts.access import can_manage_master_data
from kam.core.api import Conflict
from kam.core.api_views import KamModelViewSet
from kam.products.filters import ProductFilter
from kam.products.models import Product, ProductLine
from kam.products.selectors import product_line_list, product_list
from kam.products.services import (
    product_create,
    product_delete,
    product_line_create,
    product_line_delete,
    product_line_update,
    product_update,
)


class MasterDataPermission(BasePermission):
    """Everyone who may see the object reads it; head of KAM and admins change master data.

    The write check on a single object runs after the object was looked up, so an object the
    user may not see is a 404, never a 403 that would betray its existence.
    """

    message = _("Only the head of key account management and administrators may change master data.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS or view.detail:
            return True
        return can_manage_master_data(request.user)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        return request.method in SAFE_METHODS or can_manage_master_data(request.user)


class ProductLineSerializer(serializers.ModelSerializer[ProductLine]):
    """A product line: a group of products sold together."""

    class Meta:
        model = ProductLine
        fields = ["id", "code", "name"]

    def create(self, validated_data: dict[str, Any]) -> ProductLine:
        return product_line_create(**validated_data)

    def update(self, instance: ProductLine, validated_data: dict[str, Any]) -> ProductLine:
        return product_line_update(product_line=instance, **validated_data)


class ProductSerializer(serializers.ModelSerializer[Product]):
    """A product with its SKU, product line, list price and margin."""

    product_line_name = serializers.CharField(source="product_line.name", read_only=True)

    class Meta:
        model = Product
        fields = ["id", "sku", "name", "product_line", "product_line_name", "list_price", "margin_percent", "active"]

    def create(self, validated_data: dict[str, Any]) -> Product:
        return product_create(**validated_data)

    def update(self, instance: Product, validated_data: dict[str, Any]) -> Product:
        return product_update(product=instance, **validated_data)


class ProductLineFilter(django_filters.FilterSet):
    """Search and sorting of product lines."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    ordering = django_filters.OrderingFilter(fields=(("code", "code"), ("name", "name")), label=_("Sort by"))

    class Meta:
        model = ProductLine
        fields = ["q"]

    def search(self, queryset: QuerySet[ProductLine], name: str, value: str) -> QuerySet[ProductLine]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class ProductViewSet(KamModelViewSet):
    """The product catalogue; head of KAM and admins change it."""

    serializer_class = ProductSerializer
    filterset_class = ProductFilter
    permission_classes = [IsAuthenticated, MasterDataPermission]

    def get_queryset(self) -> QuerySet[Product]:
        return product_list(user=self.request.user)

    def perform_destroy(self, instance: Product) -> None:
        if instance.order_lines.exists():
            raise Conflict(_("This product has order lines and cannot be deleted; set it inactive instead."))
        product_delete(product=instance)


class ProductLineViewSet(KamModelViewSet):
    """Product lines; head of KAM and admins change them."""

    serializer_class = ProductLineSerializer
    filterset_class = ProductLineFilter
    permission_classes = [IsAuthenticated, MasterDataPermission]

    def get_queryset(self) -> QuerySet[ProductLine]:
        return product_line_list(user=self.request.user)

    def perform_destroy(self, instance: ProductLine) -> None:
        if instance.products.exists():
            raise Conflict(_("This product line still has products and cannot be deleted."))
        product_line_delete(product_line=instance)


def register(router: BaseRouter) -> None:
    """Register this app's viewsets on the API router."""
    router.register("products", ProductViewSet, basename="product")
    router.register("product-lines", ProductLineViewSet, basename="product-line")
