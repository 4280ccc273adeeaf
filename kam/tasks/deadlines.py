"""When a task is due: overdue, due soon, on time. Plain Python, no Django.

A task counts only while it is open (open or in progress); done and cancelled tasks are
never overdue. ``today`` is the caller's date in the user's time zone.
"""

from __future__ import annotations

import datetime

DUE_SOON_DAYS = 3

OVERDUE = "overdue"
DUE_TODAY = "due_today"
DUE_SOON = "due_soon"
ON_TIME = "on_time"
NO_DUE_DATE = "no_due_date"
CLOSED = "closed"


def is_overdue(due_date: datetime.date | None, is_open: bool, today: datetime.date) -> bool:
    """An open task whose due date lies before today."""
    return is_open and due_date is not None and due_date < today


def days_overdue(due_date: datetime.date | None, is_open: bool, today: datetime.date) -> int:
    """Days past the due date (0 when not overdue)."""
    if not is_overdue(due_date, is_open, today):
        return 0
    assert due_date is not None
    return (today - due_date).days


def is_due_soon(due_date: datetime.date | None, is_open: bool, today: datetime.date, days: int = DUE_SOON_DAYS) -> bool:
    """An open task due today or within the next ``days`` days."""
    return is_open and due_date is not None and today <= due_date <= today + datetime.timedelta(days=days)


def due_state(due_date: datetime.date | None, is_open: bool, today: datetime.date, days: int = DUE_SOON_DAYS) -> str:
    """One of OVERDUE, DUE_TODAY, DUE_SOON, ON_TIME, NO_DUE_DATE, CLOSED."""
    if not is_open:
        return CLOSED
    if due_date is None:
        return NO_DUE_DATE
    if due_date < today:
        return OVERDUE
    if due_date == today:
        return DUE_TODAY
    if is_due_soon(due_date, is_open, today, days):
        return DUE_SOON
    return ON_TIME
