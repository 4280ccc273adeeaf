"""Reads of the plans overview: plans by status, accounts without an active plan, goals behind schedule.

Every read takes the user first and goes through the one access rule
(:func:`kam.accounts.access.visible_accounts`, :func:`kam.plans.selectors.plans_for_user`).
Goal progress is measured as on the plan page: one grouped read of the units' order lines
per active plan with goals (:mod:`kam.plans.measurement`), for at most
:data:`MAX_MEASURED_PLANS` plans.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Count, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Value, When

from kam.accounts.access import visible_accounts
from kam.accounts.choices import Tier
from kam.plans import figures
from kam.plans.analysis.progress import BEHIND, MISSED
from kam.plans.choices import PlanStatus
from kam.plans.measurement import MeasuredGoal, cube_start, measure_goals, wallet_estimates
from kam.plans.models import AccountPlan, Goal
from kam.plans.selectors import plans_for_user

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User

#: Accounts without an active plan shown on the overview (the count covers all of them).
ACCOUNTS_SHOWN = 20
#: Active plans whose goals the overview measures (the most recent periods first).
MAX_MEASURED_PLANS = 200

TIER_RANK = Case(
    When(tier=Tier.KEY, then=Value(0)),
    When(tier=Tier.GROWTH, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def plan_rows(*, user: User | AnonymousUser) -> QuerySet[AccountPlan]:
    """The plans the user may see, with their number of goals and last approved version."""
    return plans_for_user(user=user).annotate(
        goal_count=Count("goals", distinct=True), latest_version=Max("versions__number")
    )


def status_counts(plans: QuerySet[AccountPlan]) -> list[dict[str, Any]]:
    """How many of ``plans`` are in each status, every status listed (0 included)."""
    counted = dict(plans.order_by().values_list("status").annotate(n=Count("pk")))
    return [{"value": value, "label": label, "count": counted.get(value, 0)} for value, label in PlanStatus.choices]


@dataclass
class AccountsWithoutPlan:
    """Accounts without an active plan: the first ones (key, then growth, then the rest), all counted."""

    rows: list[Any]  # accounts with ``tier_rank`` and ``open_plan``
    total: int
    by_tier: dict[str, int]


def accounts_without_active_plan(
    *,
    user: User | AnonymousUser,
    tiers: list[str] | None = None,
    owner: Any = None,
    search: str = "",
    limit: int = ACCOUNTS_SHOWN,
) -> AccountsWithoutPlan:
    """The visible accounts that have no active plan, key and growth tier first, then by name.

    Each row carries ``open_plan``: the id of a draft or plan in review, if one exists.
    """
    active = AccountPlan.objects.filter(account=OuterRef("pk"), status=PlanStatus.ACTIVE)
    open_plans = AccountPlan.objects.filter(
        account=OuterRef("pk"), status__in=[PlanStatus.DRAFT, PlanStatus.IN_REVIEW]
    ).order_by("-period_start", "-pk")
    qs = visible_accounts(user).filter(~Exists(active))
    if tiers:
        qs = qs.filter(tier__in=tiers)
    if owner is not None:
        qs = qs.filter(owner=owner)
    if search.strip():
        qs = qs.filter(Q(name__icontains=search.strip()) | Q(external_id__iexact=search.strip()))
    by_tier = dict(qs.order_by().values_list("tier").annotate(n=Count("pk")))
    rows = list(
        qs.select_related("owner")
        .annotate(tier_rank=TIER_RANK, open_plan=open_plans.values("pk")[:1])
        .order_by("tier_rank", "name", "pk")[:limit]
    )
    return AccountsWithoutPlan(rows, sum(by_tier.values()), by_tier)


@dataclass
class GoalsBehind:
    """Goals of active plans behind schedule or missed, most behind first; whether all plans were measured."""

    goals: list[MeasuredGoal]
    plans_measured: int
    plans_total: int


def _lag(measured: MeasuredGoal) -> float:
    progress = measured.progress
    return progress.expected - (progress.ratio if progress.ratio is not None else 0.0)


def goals_behind(*, plans: QuerySet[AccountPlan], today: datetime.date) -> GoalsBehind:
    """The goals of the active ones of ``plans`` (already restricted to the user) whose progress lags the time.

    Behind: progress more than the tolerance below the share of time elapsed; missed: due
    date passed without reaching the target (see :mod:`kam.plans.analysis.progress`).
    """
    active = plans.filter(status=PlanStatus.ACTIVE).filter(Exists(Goal.objects.filter(plan=OuterRef("pk"))))
    total = active.count()
    chosen = list(
        active.select_related("account")
        .prefetch_related("goals__product_line")
        .order_by("-period_start", "account__name", "pk")[:MAX_MEASURED_PLANS]
    )
    found: list[MeasuredGoal] = []
    for plan in chosen:
        goals = sorted(plan.goals.all(), key=lambda g: (g.due_date, g.pk))
        cube = figures.sales_cube(figures.unit_ids(plan.account), cube_start(plan, goals, today, years=0), today)
        for measured in measure_goals(plan, goals, cube, wallet_estimates(plan), today):
            if measured.progress.status in (BEHIND, MISSED):
                found.append(measured)
    found.sort(key=lambda m: (-_lag(m), m.goal.due_date, m.goal.pk))
    return GoalsBehind(found, len(chosen), total)
