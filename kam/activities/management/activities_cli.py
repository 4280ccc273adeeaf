"""What ``kam activities`` reads and prints: options turned into filters, activities as a table, CSV or JSON.

Reads go through :mod:`kam.activities.selectors` with the user whose access rule applies;
the filter is the one :class:`kam.activities.filters.ActivityFilter` of the timeline and API.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from django.core.management.base import CommandError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kam.accounts.selectors import account_get
from kam.activities.filters import ActivityFilter
from kam.activities.models import Activity
from kam.activities.selectors import activity_list
from kam.core.cli_output import csv_text, parse_date, table

if TYPE_CHECKING:
    from kam.accounts.models import Account
    from kam.users.models import User

TABLE_LIMIT = 50
TEXT_WIDTH = 48
NAME_WIDTH = 30
COLUMNS = [
    "id", "start", "end", "account_id", "account", "kind", "subject", "summary", "outcome", "next_step",
    "contacts", "participants", "created_by",
]  # fmt: skip


def visible_account(user: User, pk: int) -> Account:
    """The account with id ``pk`` if ``user`` may see it, else a CommandError (missing or not visible alike)."""
    try:
        return account_get(user=user, pk=pk)
    except Http404 as exc:
        raise CommandError(
            _("No account with id %(id)s that %(user)s may see.") % {"id": pk, "user": user.username}
        ) from exc


def parse_start(text: str) -> dt.datetime:
    """``YYYY-MM-DD HH:MM`` (or ISO 8601 with an offset) as an aware time; naive times are local."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise CommandError(
            _('--start takes a date and time as "YYYY-MM-DD HH:MM" (e.g. "2026-11-27 10:00"), not %(text)r.')
            % {"text": text}
        ) from exc
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def activities_filtered(user: User, options: dict[str, Any]) -> QuerySet[Activity]:
    """The activities ``user`` may see, narrowed by --account, --kind and --since through ActivityFilter."""
    data: dict[str, Any] = {}
    if options.get("account") is not None:
        data["account"] = visible_account(user, options["account"]).pk
    if options.get("kind"):
        data["kind"] = options["kind"]
    if options.get("since"):
        data["start_from"] = parse_date(options["since"], "--since").isoformat()
    filterset = ActivityFilter(data, queryset=activity_list(user=user))
    if not filterset.is_valid():  # the parser has checked every value already
        raise CommandError(str(filterset.errors))
    return filterset.qs


def _local(value: dt.datetime | None) -> str | None:
    return None if value is None else timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def activity_row(activity: Activity) -> dict[str, Any]:
    """One activity as plain values (the CSV and JSON columns); times in the server's time zone."""
    return {
        "id": activity.pk,
        "start": _local(activity.start),
        "end": _local(activity.end),
        "account_id": activity.account_id,
        "account": activity.account.name,
        "kind": activity.kind,
        "subject": activity.subject,
        "summary": activity.summary,
        "outcome": activity.outcome,
        "next_step": activity.next_step,
        "contacts": [c.full_name for c in activity.contacts.all()],
        "participants": [u.username for u in activity.participants.all()],
        "created_by": activity.created_by.username if activity.created_by else None,
    }


def _short(text: str, width: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def list_output(qs: QuerySet[Activity], fmt: str, limit: int | None) -> str:
    """The activities as a table (first 50 unless ``limit``; 0: all), CSV or JSON (all unless ``limit``)."""
    if fmt == "table" and limit is None:
        limit = TABLE_LIMIT
    total = qs.count() if fmt == "table" else 0
    rows = qs.prefetch_related("contacts", "participants")
    activities = list(rows[:limit] if limit else rows)
    if fmt == "json":
        return json.dumps([activity_row(a) for a in activities], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return csv_text(COLUMNS, (activity_row(a) for a in activities))
    header = [_("ID"), _("Start"), _("Account"), _("Kind"), _("Subject / summary"), _("Next step")]
    cells = [
        [str(a.pk), _local(a.start) or "", a.account.name[:NAME_WIDTH], str(a.get_kind_display()),
         _short(a.subject or a.summary, TEXT_WIDTH), _short(a.next_step, TEXT_WIDTH) or "–"]
        for a in activities
    ]  # fmt: skip
    text = table(header, cells, left={1, 2, 3, 4, 5})
    if not activities:
        text += _("No activities.") + "\n"
    if len(activities) < total:
        text += _("… %(more)s more rows (--limit 0 shows all).") % {"more": f"{total - len(activities):,}"} + "\n"
    return text
