import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from kam.accounts.tests.factories import AccountFactory
from kam.activities import services
from kam.activities.choices import ActivityKind
from kam.activities.models import Activity
from kam.activities.tests.factories import ActivityFactory
from kam.contacts.tests.factories import ContactFactory
from kam.plans.tests.factories import AccountPlanFactory
from kam.tasks.models import Task
from kam.users.choices import Department
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
MARCH_3 = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=BERLIN)


def test_logging_moves_each_present_contacts_last_contact_date_forward(account, kam_user, contact):
    other = ContactFactory.create(account=account, last_contact_date=datetime.date(2026, 1, 5))
    activity = services.activity_log(
        account=account,
        kind=ActivityKind.VISIT,
        start=MARCH_3,
        end=MARCH_3 + datetime.timedelta(hours=2),
        created_by=kam_user,
        contacts=[contact, other],
        participants=[kam_user],
        summary="Plant tour",
    )
    contact.refresh_from_db()
    other.refresh_from_db()
    assert contact.last_contact_date == datetime.date(2026, 3, 3)
    assert other.last_contact_date == datetime.date(2026, 3, 3)
    assert set(activity.contacts.all()) == {contact, other}
    assert list(activity.participants.all()) == [kam_user]


def test_an_older_activity_never_moves_the_last_contact_date_backwards(account, kam_user):
    contact = ContactFactory.create(account=account, last_contact_date=datetime.date(2026, 3, 20))
    services.activity_log(
        account=account, kind=ActivityKind.CALL, start=MARCH_3, created_by=kam_user, contacts=[contact]
    )
    contact.refresh_from_db()
    assert contact.last_contact_date == datetime.date(2026, 3, 20)


def test_the_contact_day_is_the_local_day_of_the_start(account, kam_user, contact):
    late_evening_utc = datetime.datetime(2026, 3, 3, 23, 30, tzinfo=datetime.UTC)  # 00:30 on 4 March in Berlin
    services.activity_log(
        account=account, kind=ActivityKind.CALL, start=late_evening_utc, created_by=kam_user, contacts=[contact]
    )
    contact.refresh_from_db()
    assert contact.last_contact_date == datetime.date(2026, 3, 4)


def test_a_contact_of_the_group_may_be_present_but_not_one_of_another_company(account, kam_user):
    sister = AccountFactory.create(name="Acme Polska")
    parent = AccountFactory.create(name="Acme Holding")
    account.parent = parent
    account.save()
    sister.parent = parent
    sister.save()
    group_contact = ContactFactory.create(account=sister)
    services.activity_log(
        account=account, kind=ActivityKind.CALL, start=MARCH_3, created_by=kam_user, contacts=[group_contact]
    )
    stranger = ContactFactory.create(account=AccountFactory.create(), last_name="Fremd")
    with pytest.raises(ValidationError) as exc:
        services.activity_log(
            account=account, kind=ActivityKind.CALL, start=MARCH_3, created_by=kam_user, contacts=[stranger]
        )
    assert "contacts" in exc.value.error_dict
    assert Activity.objects.count() == 1


def test_next_step_creates_a_task_for_the_chosen_member_in_the_same_transaction(account, kam_user, member_user):
    activity = services.activity_log(
        account=account,
        kind=ActivityKind.VISIT,
        start=MARCH_3,
        created_by=kam_user,
        next_step="Clarify payment terms\nThey want 60 days.",
        follow_up=services.FollowUp(assignee=member_user, due_date=datetime.date(2026, 3, 10)),
    )
    task = Task.objects.get()
    assert task.title == "Clarify payment terms"
    assert task.assignee == member_user
    assert task.source_activity == activity
    assert task.created_by == kam_user
    assert task.due_date == datetime.date(2026, 3, 10)


def test_a_bad_follow_up_leaves_nothing_half_written(account, kam_user, contact, outsider):
    with pytest.raises(ValidationError) as exc:
        services.activity_log(
            account=account,
            kind=ActivityKind.CALL,
            start=MARCH_3,
            created_by=kam_user,
            contacts=[contact],
            next_step="Send offer",
            follow_up=services.FollowUp(assignee=outsider),
        )
    assert "assignee" in exc.value.error_dict
    assert not Activity.objects.exists()
    contact.refresh_from_db()
    assert contact.last_contact_date is None


def test_a_follow_up_needs_a_next_step(account, kam_user):
    with pytest.raises(ValidationError) as exc:
        services.activity_log(
            account=account,
            kind=ActivityKind.CALL,
            start=MARCH_3,
            created_by=kam_user,
            follow_up=services.FollowUp(department=Department.FINANCE),
        )
    assert "next_step" in exc.value.error_dict


@pytest.mark.parametrize(
    ("kind", "fields", "field"),
    [
        (ActivityKind.CALL, {"end": MARCH_3 + datetime.timedelta(hours=1)}, "end"),
        (ActivityKind.MEETING, {"end": MARCH_3 - datetime.timedelta(hours=1)}, "end"),
        (ActivityKind.NOTE, {"review_joint_goals": "Grow together"}, "review_joint_goals"),
    ],
)
def test_bad_activities_are_refused_with_the_field_named(account, kam_user, kind, fields, field):
    with pytest.raises(ValidationError) as exc:
        services.activity_log(account=account, kind=kind, start=MARCH_3, created_by=kam_user, **fields)
    assert field in exc.value.error_dict


def test_a_naive_start_is_refused(account, kam_user):
    with pytest.raises(ValidationError) as exc:
        services.activity_log(
            account=account, kind=ActivityKind.CALL, start=datetime.datetime(2026, 3, 3, 10), created_by=kam_user
        )
    assert "start" in exc.value.error_dict


def test_an_annual_review_links_the_plan_of_its_account_only(account, kam_user):
    plan = AccountPlanFactory.create(account=account)
    review = services.activity_log(
        account=account,
        kind=ActivityKind.ANNUAL_REVIEW,
        start=MARCH_3,
        created_by=kam_user,
        plan=plan,
        review_collaboration="Good",
        review_improvements="Faster quotes",
        review_joint_goals="Second plant",
    )
    assert review.plan == plan
    foreign = AccountPlanFactory.create(account=AccountFactory.create())
    with pytest.raises(ValidationError) as exc:
        services.activity_log(
            account=account, kind=ActivityKind.ANNUAL_REVIEW, start=MARCH_3, created_by=kam_user, plan=foreign
        )
    assert "plan" in exc.value.error_dict


def test_update_changes_contacts_and_moves_their_dates(account, kam_user, contact):
    activity = ActivityFactory.create(account=account, start=MARCH_3)
    services.activity_update(activity=activity, contacts=[contact], outcome="Order promised")
    contact.refresh_from_db()
    activity.refresh_from_db()
    assert activity.outcome == "Order promised"
    assert contact.last_contact_date == datetime.date(2026, 3, 3)


def test_inactive_participants_are_refused(account, kam_user):
    gone = UserFactory.create(is_active=False)
    with pytest.raises(ValidationError) as exc:
        services.activity_log(
            account=account, kind=ActivityKind.CALL, start=MARCH_3, created_by=kam_user, participants=[gone]
        )
    assert "participants" in exc.value.error_dict


def test_delete_keeps_the_follow_up_task(account, kam_user, member_user):
    activity = services.activity_log(
        account=account,
        kind=ActivityKind.CALL,
        start=MARCH_3,
        created_by=kam_user,
        next_step="Call back",
        follow_up=services.FollowUp(assignee=member_user),
    )
    services.activity_delete(activity=activity)
    assert Task.objects.get().source_activity is None
