from __future__ import annotations

from typing import Any

from django import template

from kam.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: dict[str, Any]) -> int:
    """The signed-in user's unread notifications, for the bell in the navigation (outside its cache)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return unread_count(user=user) if user is not None else 0
