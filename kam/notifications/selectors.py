"""Reads on notifications: a user only ever reads their own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import QuerySet

from kam.notifications.models import Notification

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User


def notification_list(*, user: User | AnonymousUser, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    if not user.is_authenticated:
        return Notification.objects.none()
    qs = Notification.objects.filter(user=user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(*, user: User | AnonymousUser, limit: int = 100) -> int:
    """How many of the user's notifications are unread, counted up to ``limit``.

    Reads at most ``limit`` ids from the partial index of unread rows instead of a COUNT,
    so the navigation costs the same however many a user has left unread.
    """
    if not user.is_authenticated:
        return 0
    # A plain statement: it runs on every signed-in page, where building it through the ORM
    # would cost more than running it.
    table = connection.ops.quote_name(Notification._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE user_id = %s AND read_at IS NULL LIMIT %s", [user.pk, limit])
        return len(cursor.fetchall())
