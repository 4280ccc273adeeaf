"""Writes for reminders: schedule the due ones, deliver each once in the app and by e-mail.

The scheduler creates one :class:`Reminder` per occasion key and one job per channel and
reminder (keyed too), so running it every few minutes, or on two workers, adds nothing twice.
Delivery runs inside the job's completing transaction and writes the reminder's sent marker
there: a retried job finds the marker and does not deliver again.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from kam.jobs.choices import JobKind
from kam.jobs.models import Job
from kam.jobs.services import job_enqueue_many
from kam.notifications.choices import NotificationKind
from kam.notifications.services import notification_create
from kam.reminders import selectors
from kam.reminders.messages import reminder_message
from kam.reminders.models import Reminder


@transaction.atomic
def reminders_schedule(*, now: datetime | None = None) -> int:
    """Create the reminders due at ``now`` that do not exist yet and queue their delivery; returns how many are new."""
    now = now or timezone.now()
    occasions = selectors.due_occasions(now=now)
    keys = [o.key for o in occasions]
    existing = set(Reminder.objects.filter(key__in=keys).values_list("key", flat=True))
    new = [o for o in occasions if o.key not in existing]
    Reminder.objects.bulk_create(
        [Reminder(key=o.key, kind=o.kind, user_id=o.user_id, object_id=o.object_id, due_at=o.due_at) for o in new],
        ignore_conflicts=True,
        batch_size=500,
    )
    undelivered = Reminder.objects.filter(key__in=[o.key for o in new]).select_related("user")
    jobs = []
    for reminder in undelivered:
        jobs.append(Job(kind=JobKind.NOTIFY_REMINDER, key=f"reminder:{reminder.pk}:app", payload={"id": reminder.pk}))
        if settings.EMAIL_ENABLED and reminder.user.email:
            jobs.append(
                Job(kind=JobKind.MAIL_REMINDER, key=f"reminder:{reminder.pk}:mail", payload={"id": reminder.pk})
            )
    job_enqueue_many(jobs)
    return len(new)


@transaction.atomic
def reminder_notify(*, reminder_id: int) -> bool:
    """Show the reminder in the recipient's notifications, once; False when it was shown already."""
    reminder = Reminder.objects.select_related("user").get(pk=reminder_id)
    if reminder.notified_at is not None:
        return False
    message = reminder_message(reminder)
    notification_create(
        user=reminder.user,
        title=message.title,
        body=message.body,
        url=message.path,
        kind=NotificationKind(reminder.kind),
    )
    return bool(Reminder.objects.filter(pk=reminder.pk, notified_at__isnull=True).update(notified_at=timezone.now()))


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].rstrip(">").strip() or "localhost"


def reminder_email(reminder: Reminder) -> EmailMultiAlternatives:
    """The reminder as an e-mail in the recipient's language: plain text, HTML and a link to the object.

    The Message-ID depends only on the reminder, so a mail resent after a crash between
    sending and recording it is recognised as the same message by mail clients.
    """
    message = reminder_message(reminder)
    with translation.override(message.language):
        context = {
            "message": message,
            "user": reminder.user,
            "notifications_url": f"{settings.SITE_URL}{reverse('notifications:list')}",
        }
        text = render_to_string("reminders/email/reminder.txt", context)
        html = render_to_string("reminders/email/reminder.html", context)
    email = EmailMultiAlternatives(
        subject=f"[KAM] {message.title}",
        body=text,
        to=[reminder.user.email],
        headers={"Message-ID": f"<kam-reminder-{reminder.pk}@{_domain()}>", "Content-Language": message.language},
    )
    email.attach_alternative(html, "text/html")
    return email


@transaction.atomic
def reminder_mail(*, reminder_id: int) -> bool:
    """E-mail the reminder to its recipient, once; False when it was sent already or cannot be sent.

    Called inside the job's completing transaction: the sent marker commits with the job.
    """
    reminder = Reminder.objects.select_related("user").get(pk=reminder_id)
    if reminder.mailed_at is not None or not reminder.user.email or not settings.EMAIL_ENABLED:
        return False
    email = reminder_email(reminder)
    email.connection = get_connection(fail_silently=False)
    email.send()
    Reminder.objects.filter(pk=reminder.pk).update(mailed_at=timezone.now())
    return True
