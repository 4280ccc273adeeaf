from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarFeedToken(models.Model):
    """The secret of a user's personal calendar feed URL; at most one per user.

    Only the SHA-256 of the secret is stored: the URL is shown once, when it is made.
    Deleting the row revokes the feed; making a new one replaces the old URL.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(_("Calendar feed of %(user)s") % {"user": self.user})
