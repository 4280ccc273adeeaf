"""Reads on products: the catalogue is visible to every signed-in user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from kam.products.models import Product, ProductLine

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User


def product_list(*, user: User | AnonymousUser) -> QuerySet[Product]:
    """All products, for signed-in users."""
    if not user.is_authenticated or not user.is_active:
        return Product.objects.none()
    return Product.objects.select_related("product_line")


def product_get(*, user: User | AnonymousUser, pk: int) -> Product:
    """One product, or 404."""
    try:
        return product_list(user=user).get(pk=pk)
    except Product.DoesNotExist as exc:
        raise Http404("No such product.") from exc


def product_line_list(*, user: User | AnonymousUser) -> QuerySet[ProductLine]:
    """All product lines, for signed-in users."""
    if not user.is_authenticated or not user.is_active:
        return ProductLine.objects.none()
    return ProductLine.objects.all()
