"""Writes on calendar feeds: make a new secret URL, revoke it, note its use."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from kam.calendars.models import CalendarFeedToken

if TYPE_CHECKING:
    from kam.users.models import User


def token_hash(token: str) -> str:
    """The stored form of a feed secret."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_regenerate(*, user: User) -> str:
    """Give ``user`` a new feed secret (256 random bits) and return it; an older URL stops working."""
    token = secrets.token_urlsafe(32)
    CalendarFeedToken.objects.update_or_create(user=user, defaults={"token_hash": token_hash(token)})
    return token


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> bool:
    """Revoke the user's feed URL; False when there was none."""
    deleted, _ = CalendarFeedToken.objects.filter(user=user).delete()
    return bool(deleted)


def calendar_feed_touch(*, feed: CalendarFeedToken) -> None:
    """Note when the feed was last fetched (at most once a minute, to spare the database)."""
    now = timezone.now()
    if feed.last_used_at is None or (now - feed.last_used_at).total_seconds() > 60:
        CalendarFeedToken.objects.filter(pk=feed.pk).update(last_used_at=now)
