"""Reads on order lines, through the account access rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from kam.accounts.access import restrict_to_accounts
from kam.orders.models import OrderLine

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User


def order_line_list(*, user: User | AnonymousUser) -> QuerySet[OrderLine]:
    """Order lines of accounts the user may see."""
    return restrict_to_accounts(OrderLine.objects.select_related("account", "product"), user)


def order_line_get(*, user: User | AnonymousUser, pk: int) -> OrderLine:
    """One order line the user may see, or 404."""
    try:
        return order_line_list(user=user).get(pk=pk)
    except OrderLine.DoesNotExist as exc:
        raise Http404("No such order line.") from exc
