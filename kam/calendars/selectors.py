"""Reads for calendars: whose feed a secret opens, and what goes into it (through the access rule)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kam.accounts.access import restrict_to_accounts
from kam.activities.choices import KINDS_WITH_END
from kam.activities.models import Activity
from kam.calendars.models import CalendarFeedToken
from kam.calendars.services import token_hash
from kam.tasks.choices import OPEN_STATUSES
from kam.tasks.models import Task

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User

# The feed holds the last half year and everything ahead.
FEED_PAST = timedelta(days=183)


def feed_for_token(*, token: str) -> CalendarFeedToken | None:
    """The feed a secret opens, with its active user; None for an unknown, revoked or inactive one."""
    if not token or len(token) > 100:
        return None
    feed = CalendarFeedToken.objects.select_related("user").filter(token_hash=token_hash(token)).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed


def feed_activities(*, user: User) -> QuerySet[Activity]:
    """Meetings, visits and reviews the user takes part in, on accounts they may see."""
    since = timezone.now() - FEED_PAST
    qs = Activity.objects.filter(participants=user, kind__in=KINDS_WITH_END, start__gte=since)
    return restrict_to_accounts(qs.select_related("account"), user).order_by("start", "pk")


def feed_tasks(*, user: User) -> QuerySet[Task]:
    """Open tasks with a due date for the user or their department, on accounts they may see."""
    since = (timezone.now() - FEED_PAST).date()
    mine = Q(assignee=user)
    if user.department:
        mine |= Q(assignee__isnull=True, department=user.department)
    qs = Task.objects.filter(mine, status__in=OPEN_STATUSES, due_date__gte=since)
    return restrict_to_accounts(qs.select_related("account"), user).order_by("due_date", "pk")


def meeting_get(*, user: User | AnonymousUser, pk: int) -> Activity:
    """A meeting-like activity the user may see, or 404."""
    qs = restrict_to_accounts(Activity.objects.select_related("account"), user).filter(kind__in=KINDS_WITH_END)
    activity = qs.filter(pk=pk).first()
    if activity is None:
        raise Http404("No such meeting.")
    return activity
