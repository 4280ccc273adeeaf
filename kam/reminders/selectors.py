"""Reads for reminders: the settings row and the occasions that are due now.

Each ``due_*`` function returns :class:`Occasion` items; the scheduler turns them into
reminders (one per key). Recipients of department tasks and measures are that department's
members on the account team.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Max, Q

from kam.accounts.models import Account, AccountTeamMember
from kam.contacts.choices import BuyingRole
from kam.contacts.models import Contact
from kam.plans.choices import MeasureStatus, PlanStatus
from kam.plans.models import Measure
from kam.reminders import timing
from kam.reminders.choices import ReminderKind
from kam.reminders.models import ReminderSettings
from kam.tasks.choices import OPEN_STATUSES
from kam.tasks.models import Task


@dataclass(frozen=True)
class Occasion:
    """Something one user is to be reminded of at ``due_at``."""

    key: str
    kind: ReminderKind
    user_id: int
    object_id: int
    due_at: datetime


def reminder_settings() -> ReminderSettings:
    """The one settings row (created with the defaults on first read)."""
    row, _ = ReminderSettings.objects.get_or_create(pk=1)
    return row


def _department_members(pairs: set[tuple[int, str]]) -> dict[tuple[int, str], list[int]]:
    """Active team members per (account id, department)."""
    if not pairs:
        return {}
    members: dict[tuple[int, str], list[int]] = defaultdict(list)
    rows = AccountTeamMember.objects.filter(
        account_id__in={a for a, _ in pairs}, department__in={d for _, d in pairs}, user__is_active=True
    ).values_list("account_id", "department", "user_id")
    for account_id, department, user_id in rows.order_by():
        members[(account_id, department)].append(user_id)
    return members


def _recipients(assignee_id: int | None, account_id: int, department: str, team: dict) -> list[int]:
    if assignee_id is not None:
        return [assignee_id]
    return team.get((account_id, department), []) if department else []


def due_task_occasions(*, now: datetime, hour: int) -> list[Occasion]:
    """Open tasks whose reminder time (or, without one, their due date's morning) has come."""
    zone = ZoneInfo(settings.TIME_ZONE)
    since = now - timing.LOOKBACK
    window = Q(remind_at__gte=since, remind_at__lte=now) | Q(
        remind_at__isnull=True, due_date__gte=since.astimezone(zone).date(), due_date__lte=now.astimezone(zone).date()
    )
    tasks = list(
        Task.objects.filter(window, status__in=OPEN_STATUSES)
        .order_by()
        .values_list("pk", "account_id", "assignee_id", "department", "remind_at", "due_date")
    )
    team = _department_members({(t[1], t[3]) for t in tasks if t[2] is None})
    occasions = []
    for pk, account_id, assignee_id, department, remind_at, due_date in tasks:
        if remind_at is not None:
            moment = remind_at
        elif due_date is not None:
            moment = timing.morning_of(due_date, hour, zone)
        else:
            continue
        if not timing.falls_due(moment, since=since, now=now):
            continue
        for user_id in _recipients(assignee_id, account_id, department, team):
            key = timing.reminder_key("task", pk, f"{moment:%Y%m%dT%H%M%z}", user_id)
            occasions.append(Occasion(key, ReminderKind.TASK_DUE, user_id, pk, moment))
    return occasions


def due_measure_occasions(*, now: datetime, hour: int) -> list[Occasion]:
    """Open measures of current plans on the morning of their due date."""
    zone = ZoneInfo(settings.TIME_ZONE)
    since = now - timing.LOOKBACK
    measures = list(
        Measure.objects.filter(
            due_date__gte=since.astimezone(zone).date(),
            due_date__lte=now.astimezone(zone).date(),
            status__in=(MeasureStatus.OPEN, MeasureStatus.IN_PROGRESS),
        )
        .exclude(plan__status=PlanStatus.ARCHIVED)
        .order_by()
        .values_list("pk", "plan__account_id", "assignee_id", "department", "due_date")
    )
    team = _department_members({(m[1], m[3]) for m in measures if m[2] is None})
    occasions = []
    for pk, account_id, assignee_id, department, due_date in measures:
        assert due_date is not None  # filtered on
        moment = timing.morning_of(due_date, hour, zone)
        if not timing.falls_due(moment, since=since, now=now):
            continue
        for user_id in _recipients(assignee_id, account_id, department, team):
            key = timing.reminder_key("measure", pk, due_date.isoformat(), user_id)
            occasions.append(Occasion(key, ReminderKind.MEASURE_DUE, user_id, pk, moment))
    return occasions


def stale_account_occasions(*, now: datetime, row: ReminderSettings) -> list[Occasion]:
    """Accounts with an owner whose latest contact is older than their tier's limit.

    Latest contact is the newest last-contact date of the account's contacts; an account
    without any counts from the day it was created. One reminder per account and latest
    contact: a new contact starts a new count.
    """
    today = now.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    occasions = []
    for tier in ("key", "growth", "standard"):
        days = row.days_for_tier(tier)
        if days is None:
            continue
        cutoff = timing.stale_cutoff(today, days)
        accounts = (
            Account.objects.filter(tier=tier, owner__isnull=False, owner__is_active=True)
            .annotate(last=Max("contacts__last_contact_date"))
            .filter(Q(last__lt=cutoff) | Q(last__isnull=True, created_at__date__lt=cutoff))
            .order_by()
            .values_list("pk", "owner_id", "last")
        )
        for pk, owner_id, last in accounts:
            occasion = last.isoformat() if last else "never"
            key = timing.reminder_key("account", pk, occasion, owner_id)
            occasions.append(Occasion(key, ReminderKind.ACCOUNT_NOT_CONTACTED, owner_id, pk, now))
    return occasions


def stale_contact_occasions(*, now: datetime, row: ReminderSettings) -> list[Occasion]:
    """Decision makers not contacted for their account tier's limit; to their relationship owner, else the KAM."""
    today = now.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    occasions = []
    for tier in ("key", "growth", "standard"):
        days = row.days_for_tier(tier)
        if days is None:
            continue
        cutoff = timing.stale_cutoff(today, days)
        contacts = (
            Contact.objects.filter(account__tier=tier, buying_role=BuyingRole.DECISION_MAKER)
            .filter(Q(last_contact_date__lt=cutoff) | Q(last_contact_date__isnull=True, created_at__date__lt=cutoff))
            .filter(
                Q(relationship_owner__is_active=True)
                | Q(relationship_owner__isnull=True, account__owner__is_active=True)
            )
            .order_by()
            .values_list("pk", "relationship_owner_id", "account__owner_id", "last_contact_date")
        )
        for pk, owner_id, kam_id, last in contacts:
            user_id = owner_id or kam_id
            occasion = last.isoformat() if last else "never"
            key = timing.reminder_key("contact", pk, occasion, user_id)
            occasions.append(Occasion(key, ReminderKind.CONTACT_NOT_CONTACTED, user_id, pk, now))
    return occasions


def due_occasions(*, now: datetime) -> list[Occasion]:
    """Every reminder occasion due at ``now``."""
    row = reminder_settings()
    return [
        *due_task_occasions(now=now, hour=row.morning_hour),
        *due_measure_occasions(now=now, hour=row.morning_hour),
        *stale_account_occasions(now=now, row=row),
        *stale_contact_occasions(now=now, row=row),
    ]
