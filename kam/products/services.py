"""Writes on products and product lines."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from kam.products.models import Product, ProductLine


@transaction.atomic
def product_line_create(*, code: str, name: str) -> ProductLine:
    """Create a product line."""
    line = ProductLine(code=code, name=name)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def product_create(
    *, sku: str, name: str, product_line: ProductLine, list_price: Decimal, margin_percent: Decimal, active: bool = True
) -> Product:
    """Create a product."""
    product = Product(
        sku=sku,
        name=name,
        product_line=product_line,
        list_price=list_price,
        margin_percent=margin_percent,
        active=active,
    )
    product.full_clean()
    product.save()
    return product


@transaction.atomic
def product_update(*, product: Product, **fields: Any) -> Product:
    """Change a product."""
    allowed = {"sku", "name", "product_line", "list_price", "margin_percent", "active"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown product fields: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(product, key, value)
    product.full_clean()
    product.save()
    return product


@transaction.atomic
def product_delete(*, product: Product) -> None:
    """Delete a product that no order line refers to (those are protected)."""
    product.delete()


@transaction.atomic
def product_line_update(*, product_line: ProductLine, **fields: Any) -> ProductLine:
    """Change a product line's code or name."""
    unknown = set(fields) - {"code", "name"}
    if unknown:
        raise TypeError(f"Unknown product line fields: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(product_line, key, value)
    product_line.full_clean()
    product_line.save()
    return product_line


@transaction.atomic
def product_line_delete(*, product_line: ProductLine) -> None:
    """Delete a product line without products (those are protected)."""
    product_line.delete()
