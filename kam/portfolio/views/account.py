"""One account in the portfolio: its ratings of the strategic criteria and the card of the 360° page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kam.accounts.access import can_edit_account
from kam.accounts.models import Account
from kam.accounts.selectors import account_get
from kam.core.views import apply_service_errors, is_partial
from kam.portfolio import selectors, services
from kam.portfolio.analysis import RELATIONSHIP_PARTS
from kam.portfolio.choices import COMPUTED_CRITERIA, Criterion
from kam.portfolio.forms import RELATIONSHIP_PART_LABELS, RatingForm
from kam.portfolio.models import PortfolioEntry
from kam.portfolio.reasons import reasons_text
from kam.portfolio.selectors import RatingRow


def _save_ratings(request: HttpRequest, account: Account, form: RatingForm, rows: list[RatingRow]) -> int:
    """Store the scores that changed; returns how many."""
    current = {row.criterion: row for row in rows}
    changed = 0
    for criterion, score, comment in form.scores():
        row = current.get(criterion)
        if row is not None and row.score == score and row.comment == comment:
            continue
        services.criterion_rating_set(
            account=account,
            criterion=criterion,
            score=score,
            user=request.user,  # type: ignore[arg-type]
            comment=comment,
        )
        changed += 1
    return changed


@login_required
@require_http_methods(["GET", "POST"])
def account_ratings(request: HttpRequest, pk: int) -> HttpResponse:
    """The account's ratings of the four rated criteria; who may edit the account changes them."""
    account = account_get(user=request.user, pk=pk)
    can_edit = can_edit_account(request.user, account)
    rows = selectors.account_rating_list(user=request.user, account=account)
    rated = {row.criterion: row for row in rows if row.score is not None}
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(_("You may not rate this account."))
    form = RatingForm(request.POST or None, current=rated)
    if request.method == "POST" and form.is_valid():
        try:
            changed = _save_ratings(request, account, form, rows)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if changed:
                messages.success(request, _("Ratings saved. They count from the next portfolio refresh on."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("portfolio:ratings", pk=account.pk)
    context = {
        "account": account,
        "form": form,
        "can_edit": can_edit,
        "rows_fields": list(zip(rows, form.criterion_fields(), strict=True)),
    }
    return render(request, "portfolio/ratings.html", context)


def criterion_parts(entry: PortfolioEntry) -> list[dict[str, Any]]:
    """Each strategic criterion of the entry: label, 0–5 score (None: not rated), computed or rated."""
    scores = entry.criterion_scores or {}
    return [{"label": c.label, "score": scores.get(c.value), "computed": c in COMPUTED_CRITERIA} for c in Criterion]


def relationship_parts(entry: PortfolioEntry) -> list[dict[str, Any]]:
    """Each component of relationship strength: label and 0–100 value (None: no data)."""
    parts = entry.relationship_parts or {}
    return [{"label": RELATIONSHIP_PART_LABELS[p], "value": parts.get(p)} for p in RELATIONSHIP_PARTS]


@login_required
@require_GET
def account_card(request: HttpRequest, pk: int) -> HttpResponse:
    """The portfolio card of the 360° page: classes, matrix position, reasons, ratings, history.

    htmx gets the card alone (the 360° page loads it); a plain request a page around it.
    """
    account = account_get(user=request.user, pk=pk)
    entry = selectors.account_portfolio_entry(user=request.user, account=account)
    context = {
        "account": account,
        "entry": entry,
        "criteria": criterion_parts(entry) if entry else [],
        "relationship": relationship_parts(entry) if entry else [],
        "reasons": reasons_text(entry) if entry else [],
        "ratings": selectors.account_rating_list(user=request.user, account=account),
        "tier_changes": selectors.account_tier_change_list(user=request.user, account=account)[:10],
        "nominations": selectors.nomination_list(user=request.user, account=account)[:5],
        "can_edit": can_edit_account(request.user, account),
        "group_entry": entry is not None and entry.account_id != account.pk,
    }
    template = "portfolio/_account_card.html" if is_partial(request) else "portfolio/account_portfolio.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
