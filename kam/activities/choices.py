from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    """What kind of contact with the customer an activity records."""

    MEETING = "meeting", _("Meeting")
    VISIT = "visit", _("Customer visit")
    CALL = "call", _("Call")
    EMAIL = "email", _("E-mail")
    NOTE = "note", _("Note")
    ANNUAL_REVIEW = "annual_review", _("Annual review")


# Kinds that take place over a span of time and may have an end (and a location).
KINDS_WITH_END = (ActivityKind.MEETING, ActivityKind.VISIT, ActivityKind.ANNUAL_REVIEW)
