"""The account plan card of the 360° page: which plan is in force, how its goals stand, what is due.

Loaded by htmx after the 360° page (like the portfolio card), so the page itself stays as
fast as before. The read goes through the plans the user may see; the view answers 404 for
an account the user may not see.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from kam.accounts.models import Account
from kam.accounts.selectors import account_get
from kam.plans import figures
from kam.plans.access import can_plan_account
from kam.plans.analysis.progress import ACHIEVED, BEHIND, MISSED, ON_TRACK
from kam.plans.analysis.risks import risk_level
from kam.plans.choices import MeasureStatus, PlanStatus
from kam.plans.measurement import cube_start, measure_goals, wallet_estimates
from kam.plans.models import AccountPlan
from kam.plans.selectors import plans_for_user

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User

OPEN_MEASURES = (MeasureStatus.OPEN, MeasureStatus.IN_PROGRESS)
SERIOUS_RISKS = ("high", "critical")


@dataclass
class PlanCard:
    """What the card shows of the account's plan in force (or its newest draft)."""

    plan: AccountPlan | None
    others: int = 0
    goals: dict[str, int] = field(default_factory=dict)
    measures_open: int = 0
    measures_overdue: int = 0
    serious_risks: int = 0


def _current(plans: list[AccountPlan]) -> AccountPlan | None:
    """The active plan, else the newest one not archived, else the newest one."""
    for status in (PlanStatus.ACTIVE, None):
        for plan in plans:
            if (status is None and plan.status != PlanStatus.ARCHIVED) or plan.status == status:
                return plan
    return plans[0] if plans else None


def account_plan_card(*, user: User | AnonymousUser, account: Account, today: datetime.date) -> PlanCard:
    """The card of ``account``'s plans the user may see (callers have checked the account itself)."""
    plans = list(
        plans_for_user(user=user)
        .filter(account=account)
        .select_related("owner", "account")
        .order_by("-period_start", "-pk")
    )
    plan = _current(plans)
    if plan is None:
        return PlanCard(plan=None)
    goals = sorted(plan.goals.all(), key=lambda g: (g.due_date, g.pk))
    statuses: dict[str, int] = {}
    if goals:
        cube = figures.sales_cube(figures.unit_ids(account), cube_start(plan, goals, today, years=0), today)
        for measured in measure_goals(plan, goals, cube, wallet_estimates(plan), today):
            statuses[measured.progress.status] = statuses.get(measured.progress.status, 0) + 1
    measures = plan.measures.filter(status__in=OPEN_MEASURES).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today))
    )
    risks = plan.risks.values_list("probability", "impact")
    return PlanCard(
        plan=plan,
        others=len(plans) - 1,
        goals=statuses,
        measures_open=measures["open"],
        measures_overdue=measures["overdue"],
        serious_risks=sum(1 for p, i in risks if risk_level(p, i) in SERIOUS_RISKS),
    )


@login_required
@require_GET
def account_plan_card_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan card of one account (htmx fragment of the 360° page)."""
    account = account_get(user=request.user, pk=pk)
    card = account_plan_card(user=request.user, account=account, today=timezone.localdate())
    context: dict[str, Any] = {
        "account": account,
        "card": card,
        "can_plan": can_plan_account(request.user, account),
        "goal_counts": [
            (status, card.goals.get(status, 0))
            for status in (ON_TRACK, ACHIEVED, BEHIND, MISSED)
            if card.goals.get(status)
        ],
    }
    response = render(request, "plans/_account_card.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response
