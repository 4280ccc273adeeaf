"""The analysed accounts of a run as a list (filters, sorting, pages, export) and as the portfolio matrix."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kam.core.exporting import ExportSpec, export_response, values_rows
from kam.core.pagination import paginate
from kam.core.views import render_list
from kam.portfolio import page_selectors, selectors
from kam.portfolio.choices import Quadrant
from kam.portfolio.filters import PortfolioEntryFilter
from kam.portfolio.models import PortfolioEntry
from kam.portfolio.views.common import RunSelection, run_context, run_selection
from kam.portfolio.views.rows import entry_rows

LIST_FIELDS = "q abc xyz quadrant tier direction owner"
MATRIX_FIELDS = "abc xyz tier owner"

ENTRY_EXPORT_COLUMNS: Sequence[str] = (
    "rank",
    "external_id",
    "account",
    "owner",
    "value",
    "revenue",
    "margin",
    "share",
    "cumulative_share",
    "abc",
    "xyz",
    "variation",
    "revenue_previous",
    "growth",
    "cagr",
    "attractiveness",
    "relationship",
    "quadrant",
    "tier",
    "suggested_tier",
    "direction",
)
ENTRY_EXPORT_FIELDS = (
    "rank",
    "account__external_id",
    "account__name",
    "account__owner__username",
    *ENTRY_EXPORT_COLUMNS[4:],
)


def entry_export_rows(qs: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """One row per analysed account, in the list's filter and sort order."""
    return values_rows(qs, ENTRY_EXPORT_FIELDS)


ENTRY_EXPORT = ExportSpec(
    name="portfolio",
    columns=ENTRY_EXPORT_COLUMNS,
    filterset=PortfolioEntryFilter,
    queryset=lambda user: PortfolioEntry.objects.none(),
    rows=entry_export_rows,
)


def run_entries(request: HttpRequest, selection: RunSelection) -> QuerySet[PortfolioEntry]:
    """The entries of the chosen run the user may see (none when there is no run)."""
    if selection.run is None:
        return PortfolioEntry.objects.none()
    return selectors.portfolio_entry_list(user=request.user, run=selection.run)


@login_required
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    """The analysed accounts of the chosen run: filters, sorting, 50 per page."""
    selection = run_selection(request)
    filterset = PortfolioEntryFilter(request.GET, queryset=run_entries(request, selection), request=request)
    page = paginate(request, filterset.qs)
    context = run_context(request, selection)
    context.update(
        {
            "filter": filterset,
            "filter_fields": LIST_FIELDS,
            "page": page,
            "rows": entry_rows(page.object_list),
            "ordering": request.GET.get("ordering", ""),
        }
    )
    return render_list(request, "portfolio/entry_list.html", "portfolio/_entry_results.html", context)


@login_required
@require_GET
def entry_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The analysed accounts of the chosen run, filtered and sorted like the list, as CSV or Excel."""
    selection = run_selection(request)
    spec = replace(ENTRY_EXPORT, queryset=lambda user: run_entries(request, selection))
    return export_response(request, spec, fmt)


def matrix_chart(points: list[dict[str, Any]], selection: RunSelection) -> dict[str, Any]:
    """The data of the bubble chart: points, the splits, the quadrant names and colours, labels."""
    run = selection.run
    params = (run.parameters if run else None) or {}
    settings = selection.settings
    detail = reverse("accounts:detail", args=[0])
    return {
        "points": [
            {
                "x": round(float(p["attractiveness"]), 1),
                "y": round(float(p["relationship"]), 1),
                "revenue": float(p["revenue"]),
                "value": float(p["value"]),
                "name": p["account__name"],
                "url": detail.replace("/0/", f"/{p['account_id']}/"),
                "quadrant": p["quadrant"],
                "cls": f"{p['abc']}{p['xyz'] or '–'}",
            }
            for p in points
        ],
        "split_x": float(params.get("attractiveness_split", settings.attractiveness_split)),
        "split_y": float(params.get("relationship_split", settings.relationship_split)),
        "quadrants": {q.value: str(q.label) for q in Quadrant},
        "labels": {
            "x": _("Attractiveness (0–100)"),
            "y": _("Relationship strength (0–100)"),
            "cls": _("Class"),
            "revenue": _("Net revenue"),
            "value": _("Value"),
            "quadrant": _("Quadrant"),
        },
    }


@login_required
@require_GET
def entry_matrix(request: HttpRequest) -> HttpResponse:
    """The portfolio matrix: attractiveness × relationship strength of the largest visible accounts."""
    selection = run_selection(request)
    filterset = PortfolioEntryFilter(request.GET, queryset=run_entries(request, selection), request=request)
    entries = filterset.qs
    points = page_selectors.matrix_points(entries)
    total = entries.count() if len(points) >= page_selectors.MATRIX_LIMIT else len(points)
    leaders = page_selectors.quadrant_leaders(entries)
    context = run_context(request, selection)
    context.update(
        {
            "filter": filterset,
            "filter_fields": MATRIX_FIELDS,
            "chart": matrix_chart(points, selection),
            "shown": len(points),
            "total": total,
            "leaders": [(q.value, q.label, leaders[q.value]) for q in Quadrant],
        }
    )
    return render_list(request, "portfolio/matrix.html", "portfolio/_matrix_results.html", context)
