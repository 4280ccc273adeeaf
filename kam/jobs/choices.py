from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    """Where a background job stands; a running job whose lease ran out is due again."""

    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class JobKind(models.TextChoices):
    """What a job does; each kind has one handler (see :mod:`kam.jobs.registry`)."""

    SCHEDULE_REMINDERS = "reminders.schedule", _("Find due reminders")
    NOTIFY_REMINDER = "reminders.notify", _("Reminder in the app")
    MAIL_REMINDER = "reminders.mail", _("Reminder by e-mail")
    PRUNE_JOBS = "jobs.prune", _("Delete old finished jobs")
