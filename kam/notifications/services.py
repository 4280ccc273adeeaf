"""Writes on notifications: create, mark read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from kam.notifications.choices import NotificationKind
from kam.notifications.models import Notification

if TYPE_CHECKING:
    from kam.users.models import User


@transaction.atomic
def notification_create(
    *, user: User, title: str, body: str = "", url: str = "", kind: NotificationKind = NotificationKind.OTHER
) -> Notification:
    """Create an unread notification for ``user``."""
    return Notification.objects.create(user=user, kind=kind, title=title[:300], body=body, url=url[:500])


@transaction.atomic
def notification_mark_read(*, user: User, notification_ids: list[int] | None = None) -> int:
    """Mark the user's unread notifications read (all of them, or those with the given ids); returns how many."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
