"""Who may log, change and delete activities, on top of the one access rule.

* See an activity: whoever may see its account (:func:`kam.accounts.access.can_view_account`).
* Log an activity on an account: whoever may see the account (team members log their calls
  and visits too).
* Change or delete an activity: who logged it, while they may still see the account, and
  whoever may change the account (its KAM, the head of KAM, administrators).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kam.accounts.access import can_edit_account, can_view_account

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.accounts.models import Account
    from kam.activities.models import Activity
    from kam.users.models import User


def can_log_activity(user: User | AnonymousUser, account: Account) -> bool:
    """Whether ``user`` may log an activity on ``account``."""
    return can_view_account(user, account)


def can_change_activity(user: User | AnonymousUser, activity: Activity) -> bool:
    """Whether ``user`` may change or delete ``activity``."""
    if not user.is_authenticated or not user.is_active:
        return False
    if activity.created_by_id == user.pk and can_view_account(user, activity.account):
        return True
    return can_edit_account(user, activity.account)
