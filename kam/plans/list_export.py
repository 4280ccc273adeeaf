"""Export of the plans overview's list as CSV or Excel: the plans the user may see, filtered like the page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from kam.core.exporting import ExportSpec, export_response, values_rows
from kam.plans.filters import PlanFilter
from kam.plans.overview import plan_rows

PLAN_EXPORT_FIELDS = (
    "pk",
    "account__external_id",
    "account__name",
    "account__tier",
    "title",
    "period_start",
    "period_end",
    "status",
    "owner__username",
    "goal_count",
    "latest_version",
    "submitted_at",
    "approved_at",
    "approved_by__username",
)
PLAN_EXPORT_COLUMNS = (
    "plan_id",
    "account_external_id",
    "account_name",
    "account_tier",
    "title",
    "period_start",
    "period_end",
    "status",
    "owner_username",
    "goals",
    "latest_version",
    "submitted_at",
    "approved_at",
    "approved_by_username",
)


def plan_export_rows(qs: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """One row per plan, in the order of :data:`PLAN_EXPORT_COLUMNS`."""
    return values_rows(qs, PLAN_EXPORT_FIELDS)


PLAN_EXPORT = ExportSpec(
    name="plans",
    columns=PLAN_EXPORT_COLUMNS,
    filterset=PlanFilter,
    queryset=plan_rows,
    rows=plan_export_rows,
)


@login_required
@require_GET
def plan_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The plans the user may see, filtered like the overview, as ``plans.csv`` or ``.xlsx``."""
    return export_response(request, PLAN_EXPORT, fmt)
