"""The plans list of ``kam plans list``: which accounts have which plan, its status, its goals behind.

Reads go through :func:`kam.plans.selectors.plans_for_user` (the access rule); goal progress
is measured as on the plan page, one grouped read of the units' order lines per plan with goals.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kam.plans import figures, selectors
from kam.plans.analysis.progress import BEHIND, MISSED
from kam.plans.measurement import cube_start, measure_goals, wallet_estimates

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.plans.models import AccountPlan
    from kam.users.models import User


@dataclass
class PlanRow:
    """One plan with its goals counted by progress status and the titles of those behind or missed."""

    plan: AccountPlan
    goals: int = 0
    behind: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)


def _row(plan: AccountPlan, today: datetime.date) -> PlanRow:
    goals = sorted(plan.goals.all(), key=lambda g: (g.due_date, g.pk))
    row = PlanRow(plan, len(goals))
    if not goals:
        return row
    units = figures.unit_ids(plan.account)
    cube = figures.sales_cube(units, cube_start(plan, goals, today, years=0), today)
    for measured in measure_goals(plan, goals, cube, wallet_estimates(plan), today):
        if measured.progress.status == BEHIND:
            row.behind.append(measured.goal.title)
        elif measured.progress.status == MISSED:
            row.missed.append(measured.goal.title)
    return row


def plan_rows(*, user: User | AnonymousUser, today: datetime.date, status: str | None = None) -> list[PlanRow]:
    """The plans the user may see (of one status, or all), by account and period, with their goals measured."""
    qs = selectors.plans_for_user(user=user).prefetch_related("goals__product_line")
    if status:
        qs = qs.filter(status=status)
    return [_row(plan, today) for plan in qs.order_by("account__name", "-period_start", "pk")]
