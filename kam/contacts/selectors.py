"""Reads on contacts, through the account access rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from kam.accounts.access import restrict_to_accounts
from kam.contacts.models import Contact

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User


def contact_list(*, user: User | AnonymousUser) -> QuerySet[Contact]:
    """Contacts at accounts the user may see."""
    return restrict_to_accounts(Contact.objects.select_related("account", "reports_to"), user)


def contact_get(*, user: User | AnonymousUser, pk: int) -> Contact:
    """One contact the user may see, or 404."""
    try:
        return contact_list(user=user).get(pk=pk)
    except Contact.DoesNotExist as exc:
        raise Http404("No such contact.") from exc
