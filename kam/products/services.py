"""Writes on products and product lines."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from kam.accounts.services import revenue_series_refresh
from kam.orders.models import OrderLine
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
    old_line = product.product_line_id
    for key, value in fields.items():
        setattr(product, key, value)
    product.full_clean()
    product.save()
    if product.product_line_id != old_line:
        product_lines_moved(product_ids=[product.pk])
    return product


def product_lines_moved(*, product_ids: Sequence[int]) -> None:
    """After products moved to another product line: rebuild the product lines bought per month
    of the accounts that bought them (the portfolio's whitespace reads those)."""
    accounts: set[int] = set()
    for start in range(0, len(product_ids), 500):
        chunk = product_ids[start : start + 500]
        accounts.update(OrderLine.objects.filter(product_id__in=chunk).order_by().values_list("account_id", flat=True))
    if accounts:
        revenue_series_refresh(account_ids=accounts)


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
