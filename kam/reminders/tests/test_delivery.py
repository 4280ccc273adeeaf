from datetime import date, timedelta

import pytest
from django.utils import timezone

from kam.jobs.worker import Worker
from kam.notifications.models import Notification
from kam.reminders.models import Reminder
from kam.reminders.services import reminder_mail, reminder_notify, reminders_schedule
from kam.tasks.choices import TaskPriority
from kam.tasks.tests.factories import TaskFactory
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _due_task(user, title="Zahlungsbedingungen klären"):
    return TaskFactory.create(
        assignee=user,
        title=title,
        priority=TaskPriority.HIGH,
        due_date=date(2026, 4, 1),
        remind_at=timezone.now() - timedelta(minutes=1),
    )


def test_worker_delivers_mail_and_notification_once_in_the_recipients_language(smtp):
    anna = UserFactory.create(email="anna@example.com", language="de")
    bob = UserFactory.create(email="bob@example.com", language="en")
    task_de = _due_task(anna)
    _due_task(bob, title="Send the offer")
    Worker(name="w1").run_once()
    Worker(name="w2").run_once()
    assert len(smtp.messages) == 2
    by_rcpt = {rcpt[0]: message for rcpt, message in smtp.messages}
    german = by_rcpt["anna@example.com"]
    assert german["To"] == "anna@example.com"
    assert german["Content-Language"] == "de"
    assert "Zahlungsbedingungen klären" in german["Subject"]
    text = german.get_body(("plain",)).get_content()
    html = german.get_body(("html",)).get_content()
    # German date format and the German word for the priority (already in the catalogue).
    assert "01.04.2026" in text
    assert "Hoch" in text
    link = Notification.objects.get(user=anna).url
    assert link.startswith("/")
    assert f"https://kam.example.com{link}" in text
    assert f'href="https://kam.example.com{link}"' in html
    assert task_de.account.name in text
    english = by_rcpt["bob@example.com"]
    assert english["Subject"] == "[KAM] Task due: Send the offer"
    english_text = english.get_body(("plain",)).get_content()
    assert "04/01/2026" in english_text
    assert "High" in english_text
    assert "Hello" in english_text
    assert Notification.objects.get(user=anna).body.endswith("Hoch")
    assert Notification.objects.filter(user=bob).count() == 1


def test_delivery_functions_are_idempotent(smtp):
    user = UserFactory.create(email="carl@example.com")
    _due_task(user)
    reminders_schedule()
    reminder = Reminder.objects.get()
    assert reminder_notify(reminder_id=reminder.pk) is True
    assert reminder_notify(reminder_id=reminder.pk) is False
    assert reminder_mail(reminder_id=reminder.pk) is True
    assert reminder_mail(reminder_id=reminder.pk) is False
    assert len(smtp.messages) == 1
    assert Notification.objects.count() == 1


def test_without_an_address_or_with_mail_off_only_the_app_is_told(settings, smtp):
    _due_task(UserFactory.create(email=""))
    settings.EMAIL_ENABLED = False
    _due_task(UserFactory.create(email="dora@example.com"))
    Worker(name="w").run_once()
    assert smtp.messages == []
    assert Notification.objects.count() == 2


def test_smtp_down_retries_later_without_a_notification_lost(settings, smtp):
    from kam.jobs.choices import JobKind, JobStatus
    from kam.jobs.models import Job

    user = UserFactory.create(email="eve@example.com")
    _due_task(user)
    settings.EMAIL_PORT = 1  # nothing listens there
    Worker(name="w").run_once()
    mail_job = Job.objects.get(kind=JobKind.MAIL_REMINDER)
    assert mail_job.status == JobStatus.PENDING
    assert mail_job.last_error
    assert Notification.objects.filter(user=user).count() == 1
    assert Reminder.objects.get().mailed_at is None
