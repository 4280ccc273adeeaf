"""Goal values measured from the data (callers have checked access).

A goal on revenue, the revenue of a product line or share of wallet is measured over the 12
months up to its measurement date, the earlier of today and its due date (months whole, the
current one as far as imported): revenue of the plan's account and all its subsidiaries.
Share of wallet = that revenue ÷ the customer's estimated spend of the measurement date's
year (or the latest earlier year with an estimate) × 100; without a product line, the
estimate of the whole spend, or else the sum of the lines' estimates of that year against
the revenue of those lines. NPS and counts use the value people entered.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from kam.plans.analysis import GoalProgress, goal_progress
from kam.plans.choices import GoalMetric
from kam.plans.figures import SalesCube, add_months, month_start
from kam.plans.models import AccountPlan, Goal, WalletEstimate

MEASURED_METRICS = (GoalMetric.REVENUE, GoalMetric.PRODUCT_LINE_REVENUE, GoalMetric.SHARE_OF_WALLET)
HUNDRED = Decimal(100)

Estimates = Mapping[tuple[int | None, int], Decimal]


@dataclass(frozen=True)
class MeasuredGoal:
    """A goal with its current value, where it came from, the window measured and its progress."""

    goal: Goal
    current: Decimal | None
    source: str  # "measured", "entered", "no_estimate" or "not_entered"
    window: tuple[datetime.date, datetime.date] | None
    progress: GoalProgress


def goal_window(goal: Goal, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The 12 months (first day of the first, measurement date) a measured goal is read over."""
    end = min(today, goal.due_date)
    return add_months(month_start(end), -11), end


def wallet_estimates(plan: AccountPlan) -> dict[tuple[int | None, int], Decimal]:
    """The account's wallet estimates keyed by (product line id or None, year)."""
    rows = (
        WalletEstimate.objects.filter(account_id=plan.account_id)
        .values_list("product_line_id", "year", "estimated_spend")
        .order_by()
    )
    return {(line, year): spend for line, year, spend in rows}


def estimate_for(estimates: Estimates, line: int | None, year: int) -> tuple[int, Decimal] | None:
    """(year, spend) of the estimate for ``line`` in ``year`` or the latest year before it."""
    years = [y for (l_, y) in estimates if l_ == line and y <= year]
    if not years:
        return None
    best = max(years)
    return best, estimates[line, best]


def _share_of_wallet(
    goal: Goal, cube: SalesCube, estimates: Estimates, window: tuple[datetime.date, datetime.date]
) -> Decimal | None:
    start, end = window
    if goal.product_line_id is not None or estimate_for(estimates, None, end.year) is not None:
        found = estimate_for(estimates, goal.product_line_id, end.year)
        if found is None or not found[1]:
            return None
        revenue = cube.total(start, end, product_line=goal.product_line_id)
        return (revenue / found[1] * HUNDRED).quantize(Decimal("0.01"))
    lines = [line for (line, year) in estimates if line is not None and year == end.year]
    spend = sum((estimates[line, end.year] for line in lines), Decimal(0))
    if not spend:
        return None
    return (cube.total(start, end, lines=lines) / spend * HUNDRED).quantize(Decimal("0.01"))


def _current(
    goal: Goal, cube: SalesCube, estimates: Estimates, today: datetime.date
) -> tuple[Decimal | None, str, tuple[datetime.date, datetime.date] | None]:
    if goal.metric not in MEASURED_METRICS:
        return goal.current_value, "entered" if goal.current_value is not None else "not_entered", None
    window = goal_window(goal, today)
    if goal.metric == GoalMetric.REVENUE:
        return cube.total(*window), "measured", window
    if goal.metric == GoalMetric.PRODUCT_LINE_REVENUE:
        return cube.total(*window, product_line=goal.product_line_id), "measured", window
    share = _share_of_wallet(goal, cube, estimates, window)
    return share, "measured" if share is not None else "no_estimate", window


def cube_start(plan: AccountPlan, goals: Iterable[Goal], today: datetime.date, years: int = 3) -> datetime.date:
    """The first month the plan's figures need: ``years`` before the plan's, and every goal's window."""
    first = datetime.date(min(plan.period_start.year, today.year) - years, 1, 1)
    for goal in goals:
        if goal.metric in MEASURED_METRICS:
            first = min(first, goal_window(goal, today)[0])
    return first


def measure_goals(
    plan: AccountPlan, goals: Iterable[Goal], cube: SalesCube, estimates: Estimates, today: datetime.date
) -> list[MeasuredGoal]:
    """Each goal's current value and progress (the cube must cover ``cube_start`` to today)."""
    measured = []
    for goal in goals:
        current, source, window = _current(goal, cube, estimates, today)
        progress = goal_progress(
            baseline=goal.baseline,
            target=goal.target,
            current=current,
            start=plan.period_start,
            due=goal.due_date,
            today=today,
        )
        measured.append(MeasuredGoal(goal, current, source, window, progress))
    return measured
