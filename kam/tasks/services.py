"""Writes on tasks and their comments."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kam.accounts.access import can_view_account
from kam.tasks.choices import OPEN_STATUSES, TaskPriority, TaskStatus
from kam.tasks.models import Task, TaskComment

if TYPE_CHECKING:
    from kam.accounts.models import Account
    from kam.activities.models import Activity
    from kam.users.models import User

TASK_EDITABLE_FIELDS = (
    "title",
    "description",
    "assignee",
    "department",
    "due_date",
    "priority",
    "remind_at",
    "status",
)


def _check_task(task: Task) -> None:
    """The rules every saved task meets (besides the model's own validation)."""
    errors: dict[str, str] = {}
    if task.assignee_id is None and not task.department:
        errors["assignee"] = _("Choose an assignee or a department (or both).")
    assignee = task.assignee
    if assignee is not None:
        if not assignee.is_active:
            errors["assignee"] = _("The assignee must be an active user.")
        elif not can_view_account(assignee, task.account):
            errors["assignee"] = _("%(user)s is not on this account's team and could not see the task.") % {
                "user": assignee
            }
    if task.remind_at is not None and timezone.is_naive(task.remind_at):
        errors["remind_at"] = _("The reminder time needs a time zone.")
    source = task.source_activity
    if source is not None and source.account_id != task.account_id:
        errors["source_activity"] = _("The activity belongs to another account.")
    if errors:
        raise ValidationError(errors)


def _apply_status(task: Task, status: str, by: User | None, when: datetime.datetime | None = None) -> None:
    """Set ``status``; closing a task records who and when, reopening it clears both."""
    task.status = status
    if status == TaskStatus.DONE:
        task.completed_at = when or timezone.now()
        task.completed_by = by
    elif status in OPEN_STATUSES:
        task.completed_at = None
        task.completed_by = None


@transaction.atomic
def task_create(
    *,
    account: Account,
    title: str,
    created_by: User | None,
    assignee: User | None = None,
    department: str = "",
    due_date: datetime.date | None = None,
    priority: str = TaskPriority.NORMAL,
    remind_at: datetime.datetime | None = None,
    description: str = "",
    source_activity: Activity | None = None,
) -> Task:
    """Create a task on ``account`` for a user, a department or both.

    The assignee must be active and able to see the account; a reminder time must be aware.
    """
    task = Task(
        account=account,
        title=title.strip(),
        description=description,
        assignee=assignee,
        department=department or "",
        due_date=due_date,
        priority=priority,
        remind_at=remind_at,
        source_activity=source_activity,
        created_by=created_by,
    )
    _check_task(task)
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def task_update(*, task: Task, changed_by: User | None, **fields: Any) -> Task:
    """Change a task; a status change to done records ``changed_by`` as who completed it."""
    unknown = set(fields) - set(TASK_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown task fields: {sorted(unknown)}")
    status = fields.pop("status", None)
    for key, value in fields.items():
        setattr(task, key, value)
    if "title" in fields:
        task.title = task.title.strip()
    if status is not None and status != task.status:
        _apply_status(task, status, changed_by)
    _check_task(task)
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def task_complete(*, task: Task, user: User, when: datetime.datetime | None = None) -> Task:
    """Mark an open task as done by ``user``; done or cancelled tasks cannot be completed again."""
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(
            {"status": _("This task is already %(status)s.") % {"status": locked.get_status_display().lower()}}
        )
    _apply_status(task, TaskStatus.DONE, user, when)
    task.save(update_fields=["status", "completed_at", "completed_by", "updated_at"])
    return task


@transaction.atomic
def task_delete(*, task: Task) -> None:
    """Delete a task with its comments."""
    task.delete()


@transaction.atomic
def task_comment_add(*, task: Task, author: User, text: str) -> TaskComment:
    """Add a comment to ``task``."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write a comment first.")})
    comment = TaskComment(task=task, author=author, text=text)
    comment.full_clean()
    comment.save()
    return comment
