"""The account timeline of the 360° page: activities, tasks, plan review steps and changes, newest first.

Each source is read up to ``offset + limit + 1`` rows and merged, so a page costs a fixed
number of queries however long the account's history is. The caller checked access.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from kam.accounts.account_page import account_history_page
from kam.accounts.models import Account
from kam.activities.choices import ActivityKind
from kam.activities.models import Activity
from kam.core.history import HistoryEntry
from kam.plans.models import PlanReview
from kam.tasks.models import Task

TASKS = "task"
PLANS = "plan"
CHANGES = "change"
FILTER_CHOICES = [
    ("", _("Everything")),
    *ActivityKind.choices,
    (TASKS, _("Tasks")),
    (PLANS, _("Account plan")),
    (CHANGES, _("Changes")),
]


@dataclass
class TimelineEntry:
    """One line of the timeline: an activity, a task, a step in the review of an account plan or a change."""

    when: datetime.datetime
    type: str  # "activity", "task", "plan" or "change"
    activity: Activity | None = None
    task: Task | None = None
    review: PlanReview | None = None
    change: HistoryEntry | None = None


@dataclass
class TimelinePage:
    """A slice of the timeline, newest first."""

    entries: list[TimelineEntry]
    offset: int
    limit: int
    has_more: bool
    kind: str

    @property
    def next_offset(self) -> int:
        return self.offset + self.limit


def _activities(account: Account, kind: str, window: int) -> list[TimelineEntry]:
    qs = Activity.objects.filter(account=account).select_related("created_by").order_by("-start", "-id")
    if kind in ActivityKind.values:
        qs = qs.filter(kind=kind)
    return [TimelineEntry(when=a.start, type="activity", activity=a) for a in qs[:window]]


def _tasks(account: Account, window: int) -> list[TimelineEntry]:
    qs = Task.objects.filter(account=account).select_related("assignee").order_by("-created_at", "-id")
    return [TimelineEntry(when=t.created_at, type="task", task=t) for t in qs[:window]]


def _plan_reviews(account: Account, window: int) -> list[TimelineEntry]:
    """Submissions, approvals, requested changes and comments of the account's plans."""
    qs = (
        PlanReview.objects.filter(plan__account=account)
        .select_related("plan", "reviewer")
        .order_by("-created_at", "-id")
    )
    return [TimelineEntry(when=r.created_at, type="plan", review=r) for r in qs[:window]]


def timeline_page(account: Account, *, kind: str = "", offset: int = 0, limit: int = 15) -> TimelinePage:
    """Activities, tasks, plan review steps and changes of ``account`` (``kind``: one activity kind, tasks,
    plan steps or changes)."""
    offset = max(offset, 0)
    window = offset + limit + 1
    entries: list[TimelineEntry] = []
    if kind in ("", *ActivityKind.values):
        entries += _activities(account, kind, window)
    if kind in ("", TASKS):
        entries += _tasks(account, window)
    if kind in ("", PLANS):
        entries += _plan_reviews(account, window)
    if kind in ("", CHANGES):
        history = account_history_page(account, limit=window)
        entries += [TimelineEntry(when=e.when, type="change", change=e) for e in history.entries]
    entries.sort(key=lambda e: e.when, reverse=True)
    return TimelinePage(
        entries=entries[offset : offset + limit],
        offset=offset,
        limit=limit,
        has_more=len(entries) > offset + limit,
        kind=kind,
    )


def kind_choices() -> list[tuple[str, Any]]:
    """The timeline filter's options."""
    return FILTER_CHOICES
