"""The portfolio overview: class tiles, the Pareto curve, the ABC/XYZ grid; refreshing the stored run."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kam.core.views import render_list
from kam.portfolio import page_selectors, selectors, services
from kam.portfolio.choices import Basis, Level, Quadrant
from kam.portfolio.models import PortfolioRun, PortfolioSettings
from kam.portfolio.views.common import can_decide, run_context, run_selection


def thresholds(run: PortfolioRun, settings: PortfolioSettings) -> tuple[float, float]:
    """The A and B boundaries (0–1) the run was computed with (the settings' when it did not store them)."""
    params = run.parameters or {}
    a = params.get("abc_a", settings.abc_a_percent / 100)
    b = params.get("abc_b", settings.abc_b_percent / 100)
    return float(a), float(b)


def pareto_chart(summary: Mapping[str, Any], a: float, b: float) -> dict[str, Any]:
    """The data of the Pareto chart, in percent, with its translated labels."""
    points = [[round(float(x) * 100, 2), round(float(y) * 100, 2)] for x, y in summary.get("pareto") or []]
    return {
        "points": points,
        "a": round(a * 100, 1),
        "b": round(b * 100, 1),
        "labels": {
            "curve": _("Cumulative share of value"),
            "even": _("Even distribution"),
            "a": _("A class boundary"),
            "b": _("B class boundary"),
            "x": _("Share of customers (largest first)"),
            "y": _("Cumulative share of value"),
        },
    }


def class_tiles(summary: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One tile per ABC class: count, value, share of value and of customers (both in percent)."""
    classes = summary.get("classes") or {}
    tiles = []
    for name in ("A", "B", "C"):
        data = classes.get(name) or {}
        tiles.append(
            {
                "name": name,
                "count": data.get("count", 0),
                "value": data.get("value", 0),
                "share": float(data.get("share") or 0) * 100,
                "customer_share": float(data.get("customer_share") or 0) * 100,
            }
        )
    return tiles


def summary_context(summary: Mapping[str, Any], run: PortfolioRun, settings: PortfolioSettings) -> dict[str, Any]:
    """What the results part of the overview shows, from the (stored or restricted) summary."""
    columns, rows = page_selectors.grid_rows(summary.get("grid") or {})
    quadrant_counts = summary.get("quadrants") or {}
    candidates = summary.get("candidates") or {}
    return {
        "summary": summary,
        "tiles": class_tiles(summary),
        "grid_columns": columns,
        "grid_rows": rows,
        "pareto": pareto_chart(summary, *thresholds(run, settings)),
        "has_pareto": bool(summary.get("pareto")),
        "quadrants": [(q.value, q.label, quadrant_counts.get(q.value, 0)) for q in Quadrant],
        "promote": candidates.get("promote", 0),
        "demote": candidates.get("demote", 0),
    }


@login_required
@require_GET
def portfolio_overview(request: HttpRequest) -> HttpResponse:
    """The portfolio at a glance for the chosen basis, level and run (a KAM: over their own accounts)."""
    selection = run_selection(request)
    context = run_context(request, selection)
    if selection.run is not None:
        overview = selectors.portfolio_overview(user=request.user, run=selection.run)
        context.update(summary_context(overview.summary, selection.run, selection.settings))
        context["restricted"] = overview.restricted
    return render_list(request, "portfolio/overview.html", "portfolio/_overview_results.html", context)


@login_required
@require_POST
def portfolio_refresh(request: HttpRequest) -> HttpResponse:
    """Compute the current run of the chosen basis and level now (head of KAM, administrators)."""
    if not can_decide(request.user):
        raise PermissionDenied(_("Only the head of key account management and administrators refresh the portfolio."))
    basis = request.POST.get("basis", "")
    level = request.POST.get("level", "")
    if basis not in Basis.values or level not in Level.values:
        messages.error(request, _("Choose a basis and a level to refresh."))
        return redirect("portfolio:overview")
    try:
        run = services.portfolio_refresh(basis=basis, level=level, user=request.user)
    except ValidationError as exc:
        messages.error(request, _("The portfolio was not refreshed: %(error)s") % {"error": " ".join(exc.messages)})
    else:
        messages.success(
            request,
            _("Portfolio refreshed: %(count)s accounts analysed.") % {"count": run.accounts_count},
        )
    return redirect(f"{reverse('portfolio:overview')}?basis={basis}&level={level}")
