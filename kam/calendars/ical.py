"""iCalendar (RFC 5545) files of meetings and task due dates, written with the ``icalendar`` library.

Times are in the installation's time zone with its VTIMEZONE; DTSTAMP in UTC; tasks are
all-day events on their due date. UIDs are stable per object, so a calendar that subscribes
to the feed updates an event instead of adding it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from kam.activities.models import Activity
from kam.tasks.models import Task

PRODID = "-//KAM//Key Account Management//EN"
# A meeting logged without an end (or ending when it starts) is shown as one hour long.
DEFAULT_LENGTH = timedelta(hours=1)


def _domain() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"


def _url(name: str, pk: int, fallback: tuple[str, int]) -> str:
    try:
        path = reverse(name, args=[pk])
    except NoReverseMatch:
        path = reverse(fallback[0], args=[fallback[1]])
    return f"{settings.SITE_URL}{path}"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def _stamp(value: datetime | None) -> datetime:
    return (value or timezone.now()).astimezone(UTC)


def activity_event(activity: Activity) -> Event:
    """One meeting, visit or review as a VEVENT."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start = activity.start.astimezone(zone)
    end = activity.end.astimezone(zone) if activity.end and activity.end > activity.start else start + DEFAULT_LENGTH
    url = _url("activities:detail", activity.pk, ("accounts:detail", activity.account_id))
    event = Event()
    event.add("uid", f"kam-activity-{activity.pk}@{_domain()}")
    event.add("dtstamp", _stamp(activity.updated_at))
    event.add("dtstart", start)
    event.add("dtend", end)
    title = activity.subject or activity.get_kind_display()
    event.add("summary", f"{title} · {activity.account.name}")
    if activity.location:
        event.add("location", activity.location)
    description = "\n\n".join(
        part
        for part in (
            activity.summary,
            activity.next_step and _("Next step: %(step)s") % {"step": activity.next_step},
            url,
        )
        if part
    )
    event.add("description", description)
    event.add("url", url)
    event.add("categories", [str(activity.get_kind_display())])
    return event


def task_event(task: Task) -> Event:
    """One task as an all-day VEVENT on its due date."""
    due: date = task.due_date  # type: ignore[assignment]
    url = _url("tasks:detail", task.pk, ("accounts:detail", task.account_id))
    event = Event()
    event.add("uid", f"kam-task-{task.pk}@{_domain()}")
    event.add("dtstamp", _stamp(task.updated_at))
    event.add("dtstart", due)
    event.add("dtend", due + timedelta(days=1))
    event.add("summary", _("Due: %(title)s · %(account)s") % {"title": task.title, "account": task.account.name})
    event.add("description", "\n\n".join(part for part in (task.description, url) if part))
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    event.add("categories", [str(_("Task"))])
    return event


def _finish(cal: Calendar, first: date | None) -> bytes:
    if first is not None:
        cal.add_missing_timezones(first_date=first - timedelta(days=366))
    return cal.to_ical()


def feed_calendar(*, name: str, activities: Iterable[Activity], tasks: Iterable[Task]) -> bytes:
    """The personal feed: the given meetings and task due dates in one VCALENDAR."""
    cal = _calendar(name)
    first: date | None = None
    for activity in activities:
        cal.add_component(activity_event(activity))
        day = activity.start.date()
        first = day if first is None or day < first else first
    for task in tasks:
        if task.due_date is not None:
            cal.add_component(task_event(task))
    return _finish(cal, first)


def meeting_calendar(activity: Activity) -> bytes:
    """One meeting as an .ics file to import into a calendar."""
    cal = _calendar(str(activity))
    cal.add_component(activity_event(activity))
    return _finish(cal, activity.start.date())
