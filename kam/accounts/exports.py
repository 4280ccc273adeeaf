"""Export of the account list as CSV or Excel, in the account import layout."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from kam.accounts.filters import AccountFilter
from kam.accounts.importers import ACCOUNT_COLUMNS
from kam.accounts.selectors import account_list
from kam.core.exporting import ExportSpec, export_response, values_rows
from kam.core.importing.table import column_names

ACCOUNT_EXPORT_FIELDS = (
    "external_id",
    "name",
    "legal_form",
    "parent__external_id",
    "industry",
    "employees",
    "street",
    "postal_code",
    "city",
    "country",
    "website",
    "tier",
    "owner__username",
)


def account_export_rows(qs: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """One row per account, in the import column order."""
    return values_rows(qs, ACCOUNT_EXPORT_FIELDS)


ACCOUNT_EXPORT = ExportSpec(
    name="accounts",
    columns=column_names(ACCOUNT_COLUMNS),
    filterset=AccountFilter,
    queryset=account_list,
    rows=account_export_rows,
)


@login_required
@require_GET
def account_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The accounts the user may see, filtered like the list, as ``accounts.csv`` or ``.xlsx``."""
    return export_response(request, ACCOUNT_EXPORT, fmt)
