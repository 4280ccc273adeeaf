from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kam.accounts.models import Account
from kam.activities.models import Activity
from kam.tasks.choices import TaskPriority, TaskStatus
from kam.users.choices import Department


class Task(models.Model):
    """A task or follow-up on an account, for a user, a department, or both.

    Created directly or from an activity's next step; has a due date, a priority, an
    optional reminder time and a status. Done and cancelled tasks keep who closed them.
    """

    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tasks",
    )
    department = models.CharField(_("department"), max_length=32, choices=Department.choices, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    priority = models.CharField(_("priority"), max_length=8, choices=TaskPriority.choices, default=TaskPriority.NORMAL)
    remind_at = models.DateTimeField(_("remind at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_activity = models.ForeignKey(
        Activity,
        verbose_name=_("from activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        help_text=_("The activity whose next step this task follows up."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_date", "-id"]
        indexes = [
            models.Index(fields=["assignee", "status", "due_date"], name="task_assignee_status_due"),
            models.Index(fields=["department", "status", "due_date"], name="task_department_status_due"),
            models.Index(fields=["account", "status"], name="task_account_status"),
            models.Index(fields=["status", "remind_at"], name="task_status_remind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(assignee__isnull=False) | ~Q(department=""),
                name="task_assignee_or_department",
                violation_error_message=_("Choose an assignee or a department (or both)."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TaskComment(models.Model):
    """A comment on a task by one of the people working on it."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("task comment")
        verbose_name_plural = _("task comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]
