from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kam.reminders.choices import ReminderKind


class ReminderSettings(models.Model):
    """When reminders go out; one row, edited by administrators in the admin.

    Per tier, after how many days without contact an account or one of its decision makers
    is brought to its KAM's attention (empty: never).
    """

    key_days = models.PositiveSmallIntegerField(
        _("key accounts: days without contact"), null=True, blank=True, default=30
    )
    growth_days = models.PositiveSmallIntegerField(
        _("growth accounts: days without contact"), null=True, blank=True, default=60
    )
    standard_days = models.PositiveSmallIntegerField(
        _("standard accounts: days without contact"), null=True, blank=True, default=None
    )
    morning_hour = models.PositiveSmallIntegerField(
        _("hour of due-date reminders"),
        default=8,
        validators=[MinValueValidator(0), MaxValueValidator(23)],
        help_text=_("Tasks without a reminder time and plan measures are reminded at this hour on their due date."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")
        constraints = [models.CheckConstraint(condition=models.Q(morning_hour__lte=23), name="reminder_morning_hour")]

    def __str__(self) -> str:
        return str(_("Reminder settings"))

    def days_for_tier(self, tier: str) -> int | None:
        """Days without contact after which accounts of ``tier`` are reminded (None: never)."""
        return {"key": self.key_days, "growth": self.growth_days, "standard": self.standard_days}.get(tier)


class Reminder(models.Model):
    """One reminder to one user, created once per ``key`` and delivered once per channel.

    The key names the occasion (e.g. ``task:12:2026-05-04T08:00:user:3``): the scheduler may
    find the same occasion every few minutes, the unique key keeps one reminder. ``notified_at``
    and ``mailed_at`` are the sent markers, written in the transaction that completes the
    delivering job.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=ReminderKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="reminders"
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    due_at = models.DateTimeField(_("due"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    notified_at = models.DateTimeField(_("shown in the app"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-due_at", "-id"]
        indexes = [models.Index(fields=["user", "-due_at"], name="reminder_user_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.user_id}"
