"""The one access rule of KAM.

Every read of business data goes through :func:`visible_accounts` or
:func:`restrict_to_accounts`:

* head of KAM, administrators and superusers see every account;
* a key account manager sees the accounts they own or are on the team of;
* a team member sees the accounts they are on the team of;
* anyone else (anonymous, inactive) sees nothing.

Who may *change* an account: head of KAM and admins always, a KAM on the accounts
they may see; team members read only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import rules
from django.db.models import Model, Q, QuerySet

from kam.accounts.models import Account, AccountTeamMember
from kam.users.choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User

M = TypeVar("M", bound=Model)


def _visible_ids(user: User) -> QuerySet[Any]:
    """Ids of the accounts a KAM or team member may see, as an index-friendly subquery.

    ``team rows of the user UNION ALL accounts the KAM owns``: both parts use an index
    (team by user, account by owner), unlike ``EXISTS (team) OR owner = me``, which
    leaves the database no choice but to scan every account.
    ``.order_by()`` drops the models' default ordering (which would join users).
    """
    ids = AccountTeamMember.objects.filter(user=user).order_by().values("account_id")
    if user.role == Role.KAM:
        ids = ids.union(Account.objects.filter(owner=user).order_by().values("pk"), all=True)
    return ids


def _account_condition(user: User | AnonymousUser, prefix: str = "") -> Q | None:
    """The Q that selects the accounts ``user`` may see, or None for all of them."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.sees_all_accounts:
        return None
    return Q(**{f"{prefix}pk__in": _visible_ids(user)})


def visible_accounts(user: User | AnonymousUser) -> QuerySet[Account]:
    """All accounts ``user`` may see."""
    condition = _account_condition(user)
    qs = Account.objects.all()
    return qs if condition is None else qs.filter(condition)


def restrict_to_accounts(qs: QuerySet[M], user: User | AnonymousUser, account_field: str = "account") -> QuerySet[M]:
    """Narrow ``qs`` to rows whose ``account_field`` is an account ``user`` may see."""
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.sees_all_accounts:
        return qs
    return qs.filter(**{f"{account_field}__in": _visible_ids(user)})


def visible_ids_sql(user: User | AnonymousUser, column: str) -> tuple[str, list[Any]] | None:
    """The rule of :func:`visible_accounts` as a SQL condition on ``column`` (an account id) with its
    parameters, for hand-written reads; None when ``user`` sees every account.

    The same shape as :func:`_visible_ids`: ``column IN (team rows UNION ALL owned accounts)``.
    """
    if not user.is_authenticated or not user.is_active:
        return "1 = 0", []
    if user.sees_all_accounts:
        return None
    team = "SELECT t.account_id FROM accounts_accountteammember t WHERE t.user_id = %s"
    if user.role == Role.KAM:
        owned = "SELECT o.id FROM accounts_account o WHERE o.owner_id = %s"
        return f"{column} IN ({team} UNION ALL {owned})", [user.pk, user.pk]
    return f"{column} IN ({team})", [user.pk]


def can_view_account(user: User | AnonymousUser, account: Account) -> bool:
    """Whether ``user`` may see ``account``."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.sees_all_accounts:
        return True
    if user.role == Role.KAM and account.owner_id == user.pk:
        return True
    return AccountTeamMember.objects.filter(account=account, user=user).exists()


def can_edit_account(user: User | AnonymousUser, account: Account) -> bool:
    """Whether ``user`` may change ``account`` and what hangs on it (contacts, team)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.sees_all_accounts:
        return True
    return user.role == Role.KAM and can_view_account(user, account)


def can_create_account(user: User | AnonymousUser) -> bool:
    """Head of KAM and admins create accounts; KAMs work on the ones they have."""
    return bool(user.is_authenticated and user.is_active and user.sees_all_accounts)


def can_manage_master_data(user: User | AnonymousUser) -> bool:
    """Products, product lines, imports: head of KAM and admins."""
    return bool(user.is_authenticated and user.is_active and user.sees_all_accounts)


def can_import(user: User | AnonymousUser) -> bool:
    """Imports are an administrator's job."""
    return bool(user.is_authenticated and user.is_active and user.is_kam_admin)


@rules.predicate
def _view_account(user: User, account: Account) -> bool:
    return can_view_account(user, account)


@rules.predicate
def _edit_account(user: User, account: Account) -> bool:
    return can_edit_account(user, account)


rules.add_perm("accounts.view_account_obj", _view_account)
rules.add_perm("accounts.change_account_obj", _edit_account)
