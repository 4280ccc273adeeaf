"""What a reminder says: title, text and link, in the recipient's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from kam.accounts.models import Account
from kam.contacts.models import Contact
from kam.plans.models import Measure
from kam.reminders.choices import ReminderKind
from kam.reminders.models import Reminder
from kam.tasks.models import Task


@dataclass(frozen=True)
class Message:
    """A reminder's words and the path of what it is about."""

    title: str
    body: str
    path: str
    language: str

    @property
    def url(self) -> str:
        return f"{settings.SITE_URL}{self.path}"


def language_of(reminder: Reminder) -> str:
    """The recipient's language, else the installation's default."""
    codes = {code for code, _name in settings.LANGUAGES}
    return reminder.user.language if reminder.user.language in codes else settings.LANGUAGE_CODE


def _day(value: date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def _days_since(value: date | None) -> int | None:
    if value is None:
        return None
    return (timezone.now().astimezone(ZoneInfo(settings.TIME_ZONE)).date() - value).days


def _task(reminder: Reminder) -> tuple[str, str, str]:
    task = Task.objects.select_related("account").get(pk=reminder.object_id)
    try:
        path = reverse("tasks:detail", args=[task.pk])
    except NoReverseMatch:
        path = reverse("accounts:detail", args=[task.account_id])
    title = _("Task due: %(title)s") % {"title": task.title}
    body = _("%(account)s · due %(date)s · priority %(priority)s") % {
        "account": task.account.name,
        "date": _day(task.due_date),
        "priority": task.get_priority_display(),
    }
    return title, body, path


def _measure(reminder: Reminder) -> tuple[str, str, str]:
    measure = Measure.objects.select_related("plan__account").get(pk=reminder.object_id)
    title = _("Plan measure due: %(title)s") % {"title": measure.title}
    body = _("Account plan of %(account)s · due %(date)s") % {
        "account": measure.plan.account.name,
        "date": _day(measure.due_date),
    }
    return title, body, reverse("plans:detail", args=[measure.plan_id])


def _account(reminder: Reminder) -> tuple[str, str, str]:
    account = Account.objects.get(pk=reminder.object_id)
    last = account.contacts.order_by("-last_contact_date").values_list("last_contact_date", flat=True).first()
    title = _("Not contacted for a while: %(account)s") % {"account": account.name}
    days = _days_since(last)
    if days is None:
        body = _("No contact with %(account)s is on record yet.") % {"account": account.name}
    else:
        body = _("The last contact with %(account)s was on %(date)s, %(days)s days ago.") % {
            "account": account.name,
            "date": _day(last),
            "days": days,
        }
    return title, body, reverse("accounts:detail", args=[account.pk])


def _contact(reminder: Reminder) -> tuple[str, str, str]:
    contact = Contact.objects.select_related("account").get(pk=reminder.object_id)
    name = f"{contact.first_name} {contact.last_name}".strip()
    title = _("Decision maker not contacted for a while: %(name)s") % {"name": name}
    days = _days_since(contact.last_contact_date)
    if days is None:
        body = _("%(name)s (%(account)s) has no contact on record yet.") % {
            "name": name,
            "account": contact.account.name,
        }
    else:
        body = _("The last contact with %(name)s (%(account)s) was on %(date)s, %(days)s days ago.") % {
            "name": name,
            "account": contact.account.name,
            "date": _day(contact.last_contact_date),
            "days": days,
        }
    return title, body, reverse("contacts:detail", args=[contact.pk])


_BUILDERS = {
    ReminderKind.TASK_DUE: _task,
    ReminderKind.MEASURE_DUE: _measure,
    ReminderKind.ACCOUNT_NOT_CONTACTED: _account,
    ReminderKind.CONTACT_NOT_CONTACTED: _contact,
}


def reminder_message(reminder: Reminder) -> Message:
    """The reminder's title, text and link in the recipient's language."""
    language = language_of(reminder)
    with translation.override(language):
        title, body, path = _BUILDERS[ReminderKind(reminder.kind)](reminder)
    return Message(title=title, body=body, path=path, language=language)
