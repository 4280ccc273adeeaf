from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from kam.accounts.choices import Tier
from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.contacts.choices import BuyingRole
from kam.contacts.tests.factories import ContactFactory
from kam.jobs.choices import JobKind
from kam.jobs.models import Job
from kam.plans.tests.factories import MeasureFactory
from kam.reminders import selectors
from kam.reminders.choices import ReminderKind
from kam.reminders.models import Reminder, ReminderSettings
from kam.reminders.services import reminders_schedule
from kam.tasks.choices import TaskStatus
from kam.tasks.tests.factories import TaskFactory
from kam.users.choices import Department
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def _today():
    return timezone.now().astimezone(BERLIN).date()


def test_task_with_reminder_time_is_reminded_once(settings):
    settings.EMAIL_ENABLED = True
    now = timezone.now()
    task = TaskFactory.create(remind_at=now - timedelta(minutes=1), due_date=_today() + timedelta(days=3))
    TaskFactory.create(remind_at=now + timedelta(hours=1))  # not yet
    TaskFactory.create(remind_at=now - timedelta(minutes=1), status=TaskStatus.DONE)  # closed
    assert reminders_schedule(now=now) == 1
    assert reminders_schedule(now=now + timedelta(minutes=5)) == 0
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.user_id, reminder.object_id) == (ReminderKind.TASK_DUE, task.assignee_id, task.pk)
    kinds = sorted(Job.objects.values_list("kind", flat=True))
    assert kinds == sorted([JobKind.NOTIFY_REMINDER, JobKind.MAIL_REMINDER])


def test_task_without_reminder_time_on_its_due_morning_to_the_department_on_the_team():
    account = AccountFactory.create()
    finance = AccountTeamMemberFactory.create(account=account, department=Department.FINANCE)
    AccountTeamMemberFactory.create(account=account, department=Department.SALES)
    AccountTeamMemberFactory.create(department=Department.FINANCE)  # another account
    task = TaskFactory.create(account=account, assignee=None, department=Department.FINANCE, due_date=_today())
    hour = ReminderSettings.objects.get_or_create(pk=1)[0].morning_hour
    morning = timezone.now().astimezone(BERLIN).replace(hour=hour, minute=0, second=0, microsecond=0)
    assert selectors.due_task_occasions(now=morning - timedelta(minutes=1), hour=hour) == []
    occasions = selectors.due_task_occasions(now=morning, hour=hour)
    assert [(o.user_id, o.object_id) for o in occasions] == [(finance.user_id, task.pk)]


def test_measure_due_today_to_its_assignee():
    user = UserFactory.create()
    measure = MeasureFactory.create(assignee=user, due_date=_today())
    MeasureFactory.create(assignee=user, due_date=_today() + timedelta(days=1))
    now = timezone.now().astimezone(BERLIN).replace(hour=23, minute=0)
    occasions = selectors.due_measure_occasions(now=now, hour=8)
    assert [(o.user_id, o.object_id, o.kind) for o in occasions] == [(user.pk, measure.pk, ReminderKind.MEASURE_DUE)]


def test_accounts_and_decision_makers_not_contacted_by_tier_setting():
    kam = UserFactory.create()
    key = AccountFactory.create(tier=Tier.KEY, owner=kam)
    ContactFactory.create(account=key, last_contact_date=_today() - timedelta(days=31))
    fresh = AccountFactory.create(tier=Tier.KEY, owner=kam)
    ContactFactory.create(account=fresh, last_contact_date=_today() - timedelta(days=29))
    standard = AccountFactory.create(tier=Tier.STANDARD, owner=kam)
    ContactFactory.create(account=standard, last_contact_date=_today() - timedelta(days=400))
    owner = UserFactory.create()
    boss = ContactFactory.create(
        account=fresh,
        buying_role=BuyingRole.DECISION_MAKER,
        relationship_owner=owner,
        last_contact_date=_today() - timedelta(days=45),
    )
    row = selectors.reminder_settings()
    now = timezone.now()
    accounts = selectors.stale_account_occasions(now=now, row=row)
    assert [(o.object_id, o.user_id) for o in accounts] == [(key.pk, kam.pk)]
    contacts = selectors.stale_contact_occasions(now=now, row=row)
    assert [(o.object_id, o.user_id) for o in contacts] == [(boss.pk, owner.pk)]
    row.standard_days = 365
    row.save()
    assert {o.object_id for o in selectors.stale_account_occasions(now=now, row=row)} == {key.pk, standard.pk}


def test_a_new_contact_starts_a_new_count():
    kam = UserFactory.create()
    account = AccountFactory.create(tier=Tier.KEY, owner=kam)
    contact = ContactFactory.create(account=account, last_contact_date=_today() - timedelta(days=40))
    now = timezone.now()
    assert reminders_schedule(now=now) == 1
    assert reminders_schedule(now=now) == 0
    contact.last_contact_date = _today() - timedelta(days=35)
    contact.save()
    assert reminders_schedule(now=now) == 1
