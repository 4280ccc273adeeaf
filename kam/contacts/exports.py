"""Export of the contact list as CSV or Excel, in the contact import layout."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from kam.contacts.filters import ContactFilter
from kam.contacts.importers import CONTACT_COLUMNS
from kam.contacts.selectors import contact_list
from kam.core.exporting import ExportSpec, export_response, values_rows
from kam.core.importing.table import column_names

CONTACT_EXPORT_FIELDS = (
    "external_id",
    "account__external_id",
    "first_name",
    "last_name",
    "function",
    "department",
    "email",
    "phone",
    "reports_to__external_id",
    "buying_role",
    "attitude",
    "influence",
    "last_contact_date",
    "relationship_owner__username",
    "relationship_strength",
)


def contact_export_rows(qs: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """One row per contact, in the import column order."""
    return values_rows(qs, CONTACT_EXPORT_FIELDS)


CONTACT_EXPORT = ExportSpec(
    name="contacts",
    columns=column_names(CONTACT_COLUMNS),
    filterset=ContactFilter,
    queryset=contact_list,
    rows=contact_export_rows,
)


@login_required
@require_GET
def contact_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The contacts the user may see, filtered like the list, as ``contacts.csv`` or ``.xlsx``."""
    return export_response(request, CONTACT_EXPORT, fmt)
