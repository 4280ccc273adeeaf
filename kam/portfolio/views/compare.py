"""Comparing two stored analyses (who moved where), yearly snapshots, and the settings of the analysis."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kam.core.views import apply_service_errors
from kam.portfolio import page_selectors, selectors, services
from kam.portfolio.choices import Basis, Level, Quadrant, RunKind
from kam.portfolio.forms import CompareForm, PortfolioSettingsForm, SnapshotForm
from kam.portfolio.models import PortfolioRun
from kam.portfolio.views.common import can_change_settings, can_decide

MOVES_PER_PAGE = 50
ABC_ROWS = ("A", "B", "C")


def move_matrix(moves: dict[str, int], keys: list[str]) -> list[tuple[str, list[int], int]]:
    """Counts of ``old→new`` moves as rows (old: ``keys`` then ``new``) × columns (``keys`` then ``gone``)."""
    rows = []
    for old in [*keys, "new"]:
        counts = [moves.get(f"{old}→{new}", 0) for new in [*keys, "gone"]]
        rows.append((old, counts, sum(counts)))
    return rows


def _chosen_runs(request: HttpRequest, runs: Any) -> tuple[CompareForm, PortfolioRun | None, PortfolioRun | None]:
    """The runs asked for (``?old=&new=``), else the newest snapshot and the current run of the defaults."""
    if "old" in request.GET or "new" in request.GET:
        form = CompareForm(request.GET, runs=runs)
        if form.is_valid():
            return form, form.cleaned_data["old"], form.cleaned_data["new"]
        return form, None, None
    settings = selectors.portfolio_settings_get()
    old, new = page_selectors.compare_defaults(
        user=request.user, basis=settings.default_basis, level=settings.default_level
    )
    initial = {"old": old.pk if old else None, "new": new.pk if new else None}
    return CompareForm(initial=initial, runs=runs), old, new


@login_required
@require_GET
def portfolio_compare(request: HttpRequest) -> HttpResponse:
    """Two runs side by side: the ABC and quadrant move matrices and the accounts that moved."""
    runs = selectors.portfolio_run_list(user=request.user)
    form, old, new = _chosen_runs(request, runs)
    context: dict[str, Any] = {"form": form, "old": old, "new": new, "can_decide": can_decide(request.user)}
    context["restricted"] = not request.user.sees_all_accounts  # type: ignore[union-attr]
    if can_decide(request.user):
        context["snapshot_form"] = SnapshotForm()
    if old is not None and new is not None:
        comparison = selectors.portfolio_compare(user=request.user, old=old, new=new)
        quadrant_labels = {q.value: q.label for q in Quadrant}
        context.update(
            {
                "comparison": comparison,
                "abc_matrix": move_matrix(comparison.abc_moves, list(ABC_ROWS)),
                "abc_columns": [*ABC_ROWS, "gone"],
                "quadrant_matrix": [
                    (quadrant_labels.get(old_q, old_q), counts, total)
                    for old_q, counts, total in move_matrix(comparison.quadrant_moves, list(quadrant_labels))
                ],
                "quadrant_columns": [*quadrant_labels.values(), "gone"],
                "page": Paginator(comparison.rows, MOVES_PER_PAGE).get_page(request.GET.get("page")),
                "mismatch": (old.basis, old.level) != (new.basis, new.level),
            }
        )
    return render(request, "portfolio/compare.html", context)


@login_required
@require_POST
def snapshot_create(request: HttpRequest) -> HttpResponse:
    """Store the yearly snapshot of a calendar year (head of KAM, administrators)."""
    if not can_decide(request.user):
        raise PermissionDenied(_("Only the head of key account management and administrators take snapshots."))
    form = SnapshotForm(request.POST)
    basis = request.POST.get("basis") or None
    level = request.POST.get("level") or None
    if not form.is_valid() or basis not in (None, *Basis.values) or level not in (None, *Level.values):
        errors = "; ".join(" ".join(str(e) for e in errs) for errs in form.errors.values()) or _(
            "Unknown basis or level."
        )
        messages.error(request, _("No snapshot was taken: %(errors)s") % {"errors": errors})
        return redirect("portfolio:compare")
    try:
        snapshot = services.portfolio_snapshot_create(
            year=form.cleaned_data["year"],
            basis=basis,
            level=level,
            user=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        messages.error(request, _("No snapshot was taken: %(errors)s") % {"errors": " ".join(exc.messages)})
        return redirect("portfolio:compare")
    messages.success(request, _("Snapshot %(label)s stored.") % {"label": snapshot.label})
    current = selectors.portfolio_run_latest(basis=snapshot.basis, level=snapshot.level, kind=RunKind.CURRENT)
    query = f"?old={snapshot.pk}&new={current.pk}" if current else ""
    return redirect(reverse("portfolio:compare") + query)


@login_required
@require_http_methods(["GET", "POST"])
def portfolio_settings(request: HttpRequest) -> HttpResponse:
    """Thresholds, weights and splits of the analysis (administrators only)."""
    if not can_change_settings(request.user):
        raise PermissionDenied(_("Only administrators change the portfolio settings."))
    settings = selectors.portfolio_settings_get()
    form = PortfolioSettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        try:
            services.portfolio_settings_update(user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Settings saved. They apply from the next portfolio refresh on."))
            return redirect("portfolio:settings")
    return render(request, "portfolio/settings.html", {"form": form, "settings": settings})
