"""Who may see, change and review a key account plan, on top of the one access rule.

* See a plan: whoever may see its account (:func:`kam.accounts.access.can_view_account`).
* Change a plan (its strategy, goals, measures, risks, SWOT) and submit it: the head of KAM
  and administrators, and the key account manager who owns the account or is responsible
  for the plan; team members read only. A plan in review or archived is changed by nobody.
* Approve a plan or ask for changes: the head of KAM and administrators, never on a plan of
  their own (the plan's responsible KAM, the account's owner, or who submitted it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kam.accounts.access import can_view_account
from kam.plans.choices import PlanStatus
from kam.users.choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.accounts.models import Account
    from kam.plans.models import AccountPlan
    from kam.users.models import User

#: Statuses in which a plan's content can be changed (an active plan is a living document).
EDITABLE_STATUSES = (PlanStatus.DRAFT, PlanStatus.ACTIVE)


def can_view_plan(user: User | AnonymousUser, plan: AccountPlan) -> bool:
    """Whether ``user`` may see ``plan`` (the access rule of its account)."""
    return can_view_account(user, plan.account)


def can_plan_account(user: User | AnonymousUser, account: Account) -> bool:
    """Whether ``user`` may write plans of ``account``: head/admin, or the KAM who owns it."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.sees_all_accounts:
        return True
    return user.role == Role.KAM and account.owner_id == user.pk


def can_edit_plan(user: User | AnonymousUser, plan: AccountPlan) -> bool:
    """Whether ``user`` may change ``plan`` now (its status allows changes and they are an author)."""
    if plan.status not in EDITABLE_STATUSES or not user.is_authenticated or not user.is_active:
        return False
    if can_plan_account(user, plan.account):
        return True
    return user.role == Role.KAM and plan.owner_id == user.pk and can_view_account(user, plan.account)


def is_own_plan(user: User | AnonymousUser, plan: AccountPlan, submitted_by_id: int | None = None) -> bool:
    """Whether ``plan`` is the user's own: responsible for it, owner of its account, or its submitter."""
    return user.pk is not None and user.pk in (plan.owner_id, plan.account.owner_id, submitted_by_id)


def can_review_plans(user: User | AnonymousUser) -> bool:
    """Head of KAM and administrators review plans (approve, ask for changes)."""
    return bool(user.is_authenticated and user.is_active and user.sees_all_accounts)
