"""The reminder jobs the worker runs: the schedule every five minutes, and each delivery."""

from __future__ import annotations

from datetime import timedelta

from kam.jobs import registry
from kam.jobs.choices import JobKind
from kam.jobs.models import Job
from kam.reminders import services

SCHEDULE_EVERY = timedelta(minutes=5)


def schedule_reminders(job: Job) -> None:
    """Find reminders due now and queue their delivery."""
    services.reminders_schedule()


def notify_reminder(job: Job) -> None:
    """Show one reminder in the app."""
    services.reminder_notify(reminder_id=int(job.payload["id"]))


def mail_reminder(job: Job) -> None:
    """E-mail one reminder."""
    services.reminder_mail(reminder_id=int(job.payload["id"]))


def register() -> None:
    """Register the handlers and the periodic schedule."""
    registry.register(JobKind.SCHEDULE_REMINDERS, schedule_reminders)
    registry.register(JobKind.NOTIFY_REMINDER, notify_reminder)
    registry.register(JobKind.MAIL_REMINDER, mail_reminder)
    registry.register_periodic(JobKind.SCHEDULE_REMINDERS, every=SCHEDULE_EVERY)
