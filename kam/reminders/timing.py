"""When reminders fall due: pure date and time arithmetic, no Django."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

# How far back the scheduler looks for reminders it has not created yet: a worker that was
# down over a long weekend still reminds of what fell due meanwhile, a new installation does
# not remind of every task that was due years ago.
LOOKBACK = timedelta(days=4)


def morning_of(day: date, hour: int, zone: tzinfo) -> datetime:
    """``hour`` o'clock local time on ``day``, as an aware datetime."""
    return datetime.combine(day, time(hour=hour), tzinfo=zone)


def falls_due(moment: datetime, *, since: datetime, now: datetime) -> bool:
    """Whether a reminder for ``moment`` is due now and not older than the look-back window."""
    return since <= moment <= now


def stale_cutoff(today: date, days: int) -> date:
    """The last-contact date before which an account or contact counts as not contacted for ``days`` days."""
    return today - timedelta(days=days)


def reminder_key(kind: str, object_id: int, occasion: str, user_id: int) -> str:
    """The unique key of one reminder: what, about which object, on which occasion, to whom."""
    return f"{kind}:{object_id}:{occasion}:u{user_id}"
