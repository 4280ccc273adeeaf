"""Reads on tasks; every function takes the user first and applies the access rule.

A department's tasks are seen by the department's members only on accounts they may see:
every read starts from :func:`task_list`, which is narrowed by the one access rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from kam.accounts.access import can_view_account, restrict_to_accounts
from kam.accounts.models import AccountTeamMember
from kam.tasks.models import Task, TaskComment

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User


def task_list(*, user: User | AnonymousUser) -> QuerySet[Task]:
    """Tasks on the accounts ``user`` may see, with account, assignee and source activity."""
    qs = Task.objects.select_related("account", "assignee", "completed_by", "source_activity")
    return restrict_to_accounts(qs, user)


def my_tasks(*, user: User | AnonymousUser) -> QuerySet[Task]:
    """Tasks assigned to ``user`` personally (on accounts they may see)."""
    if not user.is_authenticated:
        return Task.objects.none()
    return task_list(user=user).filter(assignee=user)


def department_tasks(*, user: User | AnonymousUser) -> QuerySet[Task]:
    """Tasks for ``user``'s department: their own department, or their role in the account's team.

    Only on accounts they may see.
    """
    if not user.is_authenticated:
        return Task.objects.none()
    in_team_role = AccountTeamMember.objects.filter(
        account=OuterRef("account"), user=user, department=OuterRef("department")
    )
    condition: Q | Exists = Exists(in_team_role)
    if user.department:
        condition = Q(department=user.department) | Q(Exists(in_team_role))
    return task_list(user=user).exclude(department="").filter(condition)


def task_get(*, user: User | AnonymousUser, pk: int) -> Task:
    """One task on an account ``user`` may see, or 404 (the same answer as for a missing one)."""
    try:
        task = Task.objects.select_related("account", "assignee", "completed_by", "created_by", "source_activity").get(
            pk=pk
        )
    except Task.DoesNotExist as exc:
        raise Http404("No such task.") from exc
    if not can_view_account(user, task.account):
        raise Http404("No such task.")
    return task


def task_comments(*, task: Task) -> QuerySet[TaskComment]:
    """The comments of a task the caller has read through :func:`task_get`, oldest first."""
    return task.comments.select_related("author")


def comment_list(*, user: User | AnonymousUser) -> QuerySet[TaskComment]:
    """Comments on tasks of the accounts ``user`` may see."""
    return restrict_to_accounts(TaskComment.objects.select_related("author", "task"), user, "task__account")
