"""Export of order lines as CSV or Excel, in the order line import layout."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from kam.core.exporting import ExportSpec, export_response, values_rows
from kam.core.importing.table import column_names
from kam.orders.filters import OrderLineFilter
from kam.orders.importers import ORDER_LINE_COLUMNS
from kam.orders.selectors import order_line_list

ORDER_LINE_EXPORT_FIELDS = (
    "external_id",
    "account__external_id",
    "product__sku",
    "date",
    "quantity",
    "net_revenue",
    "margin",
    "document_number",
)


def order_line_export_rows(qs: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """One row per order line, in the import column order."""
    return values_rows(qs, ORDER_LINE_EXPORT_FIELDS)


ORDER_LINE_EXPORT = ExportSpec(
    name="orders",
    columns=column_names(ORDER_LINE_COLUMNS),
    filterset=OrderLineFilter,
    queryset=order_line_list,
    rows=order_line_export_rows,
)


@login_required
@require_GET
def order_line_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The order lines the user may see, filtered like the list, as ``orders.csv`` or ``.xlsx``."""
    return export_response(request, ORDER_LINE_EXPORT, fmt)
