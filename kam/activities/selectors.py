"""Reads on activities; every function takes the user first and applies the access rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from kam.accounts.access import can_view_account, restrict_to_accounts
from kam.activities.models import Activity

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User


def activity_list(*, user: User | AnonymousUser) -> QuerySet[Activity]:
    """Activities on the accounts ``user`` may see, newest first, with account and author."""
    qs = Activity.objects.select_related("account", "created_by")
    return restrict_to_accounts(qs, user)


def activity_get(*, user: User | AnonymousUser, pk: int) -> Activity:
    """One activity on an account ``user`` may see, or 404 (the same answer as for a missing one)."""
    try:
        activity = Activity.objects.select_related("account", "account__owner", "created_by", "plan").get(pk=pk)
    except Activity.DoesNotExist as exc:
        raise Http404("No such activity.") from exc
    if not can_view_account(user, activity.account):
        raise Http404("No such activity.")
    return activity
