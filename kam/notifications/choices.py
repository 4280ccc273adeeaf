from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """What a notification is about."""

    TASK_DUE = "task_due", _("Task due")
    MEASURE_DUE = "measure_due", _("Plan measure due")
    ACCOUNT_NOT_CONTACTED = "account_not_contacted", _("Account not contacted")
    CONTACT_NOT_CONTACTED = "contact_not_contacted", _("Decision maker not contacted")
    OTHER = "other", _("Other")
