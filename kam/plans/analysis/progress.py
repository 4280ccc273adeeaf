"""Progress of a plan goal.

``ratio = (current − baseline) / (target − baseline)``: 0 at the baseline, 1 at the target,
whichever direction the target lies in (a goal to lower a number works the same way).
``percent`` is the ratio clamped to 0…100 for a progress bar; ``notes`` say when it was
clamped. ``expected`` is the share of the goal's time elapsed, (today − start) / (due −
start) clamped to 0…1. Status:

* ``no_data`` — no current value;
* ``achieved`` — ratio ≥ 1 (for a target equal to the baseline: current on the target's
  side, i.e. ≥ target);
* ``missed`` — due date passed and not achieved;
* ``on_track`` — ratio ≥ expected − tolerance (default 10 percentage points);
* ``behind`` — otherwise.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

NO_DATA, ACHIEVED, MISSED, ON_TRACK, BEHIND = "no_data", "achieved", "missed", "on_track", "behind"
PROGRESS_STATUSES = (NO_DATA, ACHIEVED, MISSED, ON_TRACK, BEHIND)
#: Notes explaining a progress figure: clamped above/below, or no range to measure.
PROGRESS_NOTES = ("past_target", "below_baseline", "target_equals_baseline")
#: How far (share of the range) progress may lag behind the time elapsed and still be on track.
DEFAULT_TOLERANCE = 0.10


@dataclass(frozen=True)
class GoalProgress:
    """Where a goal stands; ``ratio`` unclamped, ``percent`` 0–100 for display."""

    status: str
    current: Decimal | None
    ratio: float | None
    percent: int | None
    expected: float
    notes: tuple[str, ...] = field(default_factory=tuple)


def time_elapsed(start: datetime.date, due: datetime.date, today: datetime.date) -> float:
    """Share of the time from ``start`` to ``due`` that has passed on ``today`` (0…1)."""
    if due <= start:
        return 1.0 if today >= due else 0.0
    share = (today - start).days / (due - start).days
    return min(max(share, 0.0), 1.0)


def goal_progress(
    *,
    baseline: Decimal,
    target: Decimal,
    current: Decimal | None,
    start: datetime.date,
    due: datetime.date,
    today: datetime.date,
    tolerance: float = DEFAULT_TOLERANCE,
) -> GoalProgress:
    """The progress of one goal from its baseline towards its target, judged against the time elapsed."""
    expected = time_elapsed(start, due, today)
    if current is None:
        return GoalProgress(NO_DATA, None, None, None, expected)
    if target == baseline:
        reached = current >= target
        status = ACHIEVED if reached else (MISSED if today > due else BEHIND)
        return GoalProgress(status, current, None, 100 if reached else 0, expected, ("target_equals_baseline",))
    ratio = float((current - baseline) / (target - baseline))
    notes: tuple[str, ...] = ()
    if ratio > 1:
        notes = ("past_target",)
    elif ratio < 0:
        notes = ("below_baseline",)
    percent = round(min(max(ratio, 0.0), 1.0) * 100)
    if ratio >= 1:
        status = ACHIEVED
    elif today > due:
        status = MISSED
    elif ratio >= expected - tolerance:
        status = ON_TRACK
    else:
        status = BEHIND
    return GoalProgress(status, current, ratio, percent, expected, notes)
