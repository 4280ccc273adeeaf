"""What ``kam tasks list`` reads and prints: options turned into the TaskFilter, tasks as a table, CSV or JSON.

Reads go through :mod:`kam.tasks.selectors` (my tasks, my department's tasks, all I may see)
with the user whose access rule applies.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.core.management.base import CommandError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kam.core.cli_output import csv_text, table
from kam.tasks import deadlines, selectors
from kam.tasks.choices import OPEN_STATUSES
from kam.tasks.filters import TaskFilter
from kam.tasks.models import Task

if TYPE_CHECKING:
    from kam.users.models import User

TABLE_LIMIT = 50
NAME_WIDTH = 30
TITLE_WIDTH = 48
COLUMNS = [
    "id", "due_date", "days_overdue", "status", "priority", "account_id", "account", "title", "assignee",
    "department", "source_activity", "completed_at", "completed_by",
]  # fmt: skip
SCOPES = ("mine", "department", "all")


def tasks_filtered(user: User, options: dict[str, Any]) -> QuerySet[Task]:
    """The tasks of the scope (mine by default) narrowed through TaskFilter; open ones unless --status is given."""
    scope = options.get("scope") or "mine"
    if scope == "mine":
        qs = selectors.my_tasks(user=user)
    elif scope == "department":
        qs = selectors.department_tasks(user=user)
    else:
        qs = selectors.task_list(user=user)
    data: dict[str, Any] = {}
    if options.get("status"):
        data["status"] = options["status"]
    if options.get("overdue"):
        data["due"] = "overdue"
    elif not options.get("status"):
        data["due"] = "open"
    if options.get("account") is not None:
        data["account"] = options["account"]
    filterset = TaskFilter(data, queryset=qs)
    if not filterset.is_valid():  # the parser has checked every value already
        raise CommandError(str(filterset.errors))
    return filterset.qs.select_related("account", "assignee", "completed_by")


def task_row(task: Task, today: Any) -> dict[str, Any]:
    """One task as plain values (the CSV and JSON columns)."""
    is_open = task.status in OPEN_STATUSES
    return {
        "id": task.pk,
        "due_date": task.due_date.isoformat() if task.due_date else None,
        "days_overdue": deadlines.days_overdue(task.due_date, is_open, today),
        "status": task.status,
        "priority": task.priority,
        "account_id": task.account_id,
        "account": task.account.name,
        "title": task.title,
        "assignee": task.assignee.username if task.assignee else None,
        "department": task.department or None,
        "source_activity": task.source_activity_id,
        "completed_at": timezone.localtime(task.completed_at).isoformat() if task.completed_at else None,
        "completed_by": task.completed_by.username if task.completed_by else None,
    }


def _due_cell(task: Task, today: Any) -> str:
    if task.due_date is None:
        return "–"
    late = deadlines.days_overdue(task.due_date, task.status in OPEN_STATUSES, today)
    if late:
        return _("%(date)s (%(days)s d overdue)") % {"date": task.due_date.isoformat(), "days": late}
    return task.due_date.isoformat()


def list_output(qs: QuerySet[Task], fmt: str, limit: int | None) -> str:
    """The tasks as a table (first 50 unless ``limit``; 0: all), CSV or JSON (all unless ``limit``)."""
    today = timezone.localdate()
    if fmt == "table" and limit is None:
        limit = TABLE_LIMIT
    total = qs.count() if fmt == "table" else 0
    tasks = list(qs[:limit] if limit else qs)
    if fmt == "json":
        return json.dumps([task_row(t, today) for t in tasks], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return csv_text(COLUMNS, (task_row(t, today) for t in tasks))
    header = [_("ID"), _("Due"), _("Status"), _("Priority"), _("Account"), _("Title"), _("For")]
    cells = [
        [str(t.pk), _due_cell(t, today), str(t.get_status_display()), str(t.get_priority_display()),
         t.account.name[:NAME_WIDTH], t.title[:TITLE_WIDTH],
         ", ".join(filter(None, [str(t.assignee or ""), str(t.get_department_display())])) or "–"]
        for t in tasks
    ]  # fmt: skip
    text = table(header, cells, left={1, 2, 3, 4, 5, 6})
    if not tasks:
        text += _("No tasks.") + "\n"
    if len(tasks) < total:
        text += _("… %(more)s more rows (--limit 0 shows all).") % {"more": f"{total - len(tasks):,}"} + "\n"
    return text
