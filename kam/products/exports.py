"""Export of the product catalogue as CSV or Excel, in the product import layout."""

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
from kam.products.filters import ProductFilter
from kam.products.importers import PRODUCT_COLUMNS
from kam.products.selectors import product_list

PRODUCT_EXPORT_FIELDS = (
    "sku",
    "name",
    "product_line__code",
    "product_line__name",
    "list_price",
    "margin_percent",
    "active",
)


def product_export_rows(qs: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """One row per product, in the import column order."""
    return values_rows(qs, PRODUCT_EXPORT_FIELDS)


PRODUCT_EXPORT = ExportSpec(
    name="products",
    columns=column_names(PRODUCT_COLUMNS),
    filterset=ProductFilter,
    queryset=product_list,
    rows=product_export_rows,
)


@login_required
@require_GET
def product_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The products, filtered like the list, as ``products.csv`` or ``.xlsx``."""
    return export_response(request, PRODUCT_EXPORT, fmt)
