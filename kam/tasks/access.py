"""Who may see and work on tasks, on top of the one access rule.

* See a task: whoever may see its account (:func:`kam.accounts.access.can_view_account`);
  a department's tasks are seen by that department's members only on accounts they may see.
* Create a task on an account: whoever may see the account.
* Work on a task (change, complete, comment): its assignee, a member of its department, who
  created it (while they may see the account), and whoever may change the account.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kam.accounts.access import can_edit_account, can_view_account

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.accounts.models import Account
    from kam.tasks.models import Task
    from kam.users.models import User


def can_create_task(user: User | AnonymousUser, account: Account) -> bool:
    """Whether ``user`` may create a task on ``account``."""
    return can_view_account(user, account)


def can_work_on_task(user: User | AnonymousUser, task: Task) -> bool:
    """Whether ``user`` may change, complete or comment on ``task``."""
    if not user.is_authenticated or not user.is_active:
        return False
    own = task.assignee_id == user.pk or task.created_by_id == user.pk
    own = own or bool(task.department and task.department == getattr(user, "department", ""))
    if own and can_view_account(user, task.account):
        return True
    return can_edit_account(user, task.account)
