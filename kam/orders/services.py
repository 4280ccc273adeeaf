"""Writes on single order lines (bulk loads come through the importer)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from kam.accounts.models import Account
from kam.accounts.services import revenue_summary_refresh
from kam.orders.models import OrderLine
from kam.products.models import Product

ORDER_LINE_EDITABLE_FIELDS = (
    "external_id",
    "account",
    "product",
    "date",
    "quantity",
    "net_revenue",
    "margin",
    "document_number",
)


@transaction.atomic
def order_line_create(
    *,
    external_id: str,
    account: Account,
    product: Product,
    date: datetime.date,
    quantity: Decimal,
    net_revenue: Decimal,
    margin: Decimal,
    document_number: str = "",
) -> OrderLine:
    """Create one order line and refresh the stored yearly revenue of its account."""
    line = OrderLine(
        external_id=external_id,
        account=account,
        product=product,
        date=date,
        quantity=quantity,
        net_revenue=net_revenue,
        margin=margin,
        document_number=document_number,
    )
    line.full_clean()
    line.save()
    revenue_summary_refresh(account_ids=[account.pk])
    return line


@transaction.atomic
def order_line_update(*, order_line: OrderLine, **fields: Any) -> OrderLine:
    """Correct an order line; the stored revenue of the old and the new account is refreshed."""
    unknown = set(fields) - set(ORDER_LINE_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown order line fields: {sorted(unknown)}")
    old_account_id = order_line.account_id
    for key, value in fields.items():
        setattr(order_line, key, value)
    order_line.full_clean()
    order_line.save()
    revenue_summary_refresh(account_ids={old_account_id, order_line.account_id})
    return order_line


@transaction.atomic
def order_line_delete(*, order_line: OrderLine) -> None:
    """Delete an order line and refresh the stored revenue of its account."""
    account_id = order_line.account_id
    order_line.delete()
    revenue_summary_refresh(account_ids=[account_id])
