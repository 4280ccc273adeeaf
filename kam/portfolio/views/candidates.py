"""Candidates to promote or demote, and the head of KAM's decision on each."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kam.accounts.selectors import account_get
from kam.core.pagination import paginate
from kam.core.views import apply_service_errors, is_partial, render_list
from kam.portfolio import selectors, services
from kam.portfolio.choices import RATED_CRITERIA, NominationDecision
from kam.portfolio.filters import PortfolioEntryFilter
from kam.portfolio.forms import NominationForm, owner_options
from kam.portfolio.models import Nomination, PortfolioEntry
from kam.portfolio.reasons import reasons_text
from kam.portfolio.views.common import RunSelection, can_decide, run_context, run_selection
from kam.portfolio.views.rows import candidate_parts

CANDIDATE_FIELDS = "q direction tier owner"
CANDIDATES_PER_PAGE = 25


def candidate_entries(request: HttpRequest, selection: RunSelection) -> QuerySet[PortfolioEntry]:
    """The candidates of the current run the user may see (none when there is no run)."""
    if selection.run is None:
        return PortfolioEntry.objects.none()
    return selectors.portfolio_candidate_list(user=request.user, run=selection.run)


def nomination_form(entry: PortfolioEntry, data: Any = None) -> NominationForm:
    """The decision form of one candidate: the computed tier and the current owner proposed."""
    initial = {"proposed_tier": entry.suggested_tier, "owner": entry.account.owner_id}
    return NominationForm(data, prefix=f"c{entry.account_id}", initial=initial)


def candidate_row(
    entry: PortfolioEntry, form: NominationForm | None, basis: str, parts: tuple[Any, Any]
) -> dict[str, Any]:
    """What one candidate's row shows (``basis``: the run's, for the reasons in words; ``parts``: heading, facts)."""
    scores = entry.criterion_scores or {}
    ratings = [{"label": c.label, "score": scores.get(c.value)} for c in RATED_CRITERIA]
    return {
        "head": parts[0],
        "facts": parts[1],
        "entry": entry,
        "account": entry.account,
        "form": form,
        "reasons": reasons_text(entry, basis=basis),
        "ratings": ratings,
        "rated": any(r["score"] is not None for r in ratings),
    }


@login_required
@require_GET
def candidate_list(request: HttpRequest) -> HttpResponse:
    """Accounts whose computed tier differs from their tier, with reasons; head of KAM and admins decide."""
    selection = run_selection(request, with_snapshot=False)
    filterset = PortfolioEntryFilter(request.GET, queryset=candidate_entries(request, selection), request=request)
    page = paginate(request, filterset.qs, per_page=CANDIDATES_PER_PAGE)
    selectors.portfolio_entry_reasons_attach(list(page.object_list), run=selection.run)
    decide = can_decide(request.user)
    owners = owner_options() if decide and page.object_list else None
    parts = candidate_parts(page.object_list)
    context = run_context(request, selection)
    context.update(
        {
            "filter": filterset,
            "filter_fields": CANDIDATE_FIELDS,
            "page": page,
            "rows": [
                candidate_row(e, nomination_form(e) if decide else None, selection.basis, parts[e.pk])
                for e in page.object_list
            ],
            "ordering": request.GET.get("ordering", ""),
            "owner_options": owners,
        }
    )
    return render_list(request, "portfolio/candidates.html", "portfolio/_candidate_results.html", context)


def _done_message(nomination: Nomination) -> str:
    if nomination.decision == NominationDecision.NOMINATED:
        return _("%(account)s is now a %(tier)s.") % {
            "account": nomination.account.name,
            "tier": nomination.get_proposed_tier_display(),
        }
    return _("The proposal for %(account)s was declined.") % {"account": nomination.account.name}


def _decide(request: HttpRequest, entry: PortfolioEntry, form: NominationForm) -> Nomination | None:
    """Call the service with the form's data; errors go onto the form."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    nominated = data["decision"] == NominationDecision.NOMINATED
    try:
        return services.nomination_decide(
            account=entry.account,
            user=request.user,  # type: ignore[arg-type]
            decision=data["decision"],
            proposed_tier=data["proposed_tier"] if nominated else entry.suggested_tier,
            comment=data["comment"].strip(),
            owner=data["owner"] if nominated else None,
        )
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None


@login_required
@require_POST
def candidate_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Nominate or decline the candidate ``pk``: htmx gets the row back (empty when decided)."""
    if not can_decide(request.user):
        raise PermissionDenied(_("Only the head of key account management and administrators decide on candidates."))
    account = account_get(user=request.user, pk=pk)
    selection = run_selection(request, with_snapshot=False)
    entry = candidate_entries(request, selection).filter(account=account).first()
    back = f"{reverse('portfolio:candidates')}?{selection.query()}"
    if entry is None:
        if is_partial(request):
            return render(request, "portfolio/_candidate_gone.html", {"account": account})
        message = _("%(account)s is no longer a candidate (decided already or the analysis changed).")
        messages.warning(request, message % {"account": account.name})
        return redirect(back)
    form = nomination_form(entry, request.POST)
    nomination = _decide(request, entry, form)
    if nomination is not None:
        if is_partial(request):
            return render(request, "portfolio/_candidate_done.html", {"message": _done_message(nomination)})
        messages.success(request, _done_message(nomination))
        return redirect(back)
    if is_partial(request):
        context = {
            "row": candidate_row(entry, form, selection.basis, candidate_parts([entry])[entry.pk]),
            "run_query": selection.query(),
            "can_decide": True,
            "owner_options": owner_options(),
        }
        return render(request, "portfolio/_candidate.html", context)
    errors = "; ".join(" ".join(str(e) for e in errs) for errs in form.errors.values())
    messages.error(request, _("Nothing was decided: %(errors)s") % {"errors": errors})
    return redirect(back)
