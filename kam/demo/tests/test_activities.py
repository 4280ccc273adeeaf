"""The demo's activities and tasks: written with the demo load on key and growth accounts, open tasks
for every demo user, reproducible from the seed, removed by a flush."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kam.accounts.choices import Tier
from kam.accounts.models import Account
from kam.activities.choices import ActivityKind
from kam.activities.models import Activity
from kam.demo.activities import demo_activities_create
from kam.demo.generator import DemoCompany, generate
from kam.demo.services import demo_data_flush, demo_data_load
from kam.tasks.choices import OPEN_STATUSES, TaskStatus
from kam.tasks.models import Task, TaskComment
from kam.users.models import User

TODAY = dt.date(2026, 5, 20)
SEED = 4


@pytest.fixture(scope="module")
def company() -> DemoCompany:
    return generate(seed=SEED, customers=600, order_lines=4_000, today=TODAY)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, company):
    """The demo company loaded once for the module; flushed, with its users, afterwards."""
    with django_db_blocker.unblock():
        result = demo_data_load(company=company)
        try:
            yield result
        finally:
            demo_data_flush()
            User.objects.filter(username__in=[user.username for user in company.users]).delete()


def _signature() -> tuple[list[Any], list[Any]]:
    """What was written, without database ids."""
    activities = [
        (
            a.account.external_id, a.kind, a.start, a.subject, a.summary, a.next_step, a.plan_id is not None,
            sorted(c.external_id or "" for c in a.contacts.all()), sorted(u.username for u in a.participants.all()),
        )
        for a in Activity.objects.select_related("account").prefetch_related("contacts", "participants")
        .order_by("account__external_id", "start", "subject")
    ]  # fmt: skip
    tasks = [
        (t.account.external_id, t.title, t.assignee and t.assignee.username, t.department, t.due_date, t.status,
         t.priority, t.source_activity is not None, [c.text for c in t.comments.all()])
        for t in Task.objects.select_related("account", "assignee").prefetch_related("comments")
        .order_by("account__external_id", "title", "due_date", "department")
    ]  # fmt: skip
    return activities, tasks


def test_key_accounts_have_a_history_with_an_annual_review_and_tasks(db, loaded):
    counts = loaded.counts
    assert counts["activities"] == Activity.objects.count() > 0
    assert counts["tasks"] == Task.objects.count() > 0
    assert counts["task_comments"] == TaskComment.objects.count() > 0
    key = list(Account.objects.filter(tier=Tier.KEY, owner__is_active=True))
    assert key
    for account in key:
        kinds = set(account.activities.values_list("kind", flat=True))
        assert ActivityKind.ANNUAL_REVIEW in kinds
        assert len(kinds) >= 2
    assert Task.objects.filter(account__tier=Tier.KEY).count() >= len(key)
    assert not Activity.objects.filter(account__tier=Tier.STANDARD).exists()
    reviews = Activity.objects.filter(kind=ActivityKind.ANNUAL_REVIEW).select_related("plan")
    linked = [review for review in reviews if review.plan is not None]
    assert linked
    assert all(review.plan is not None and review.plan.account_id == review.account_id for review in linked)
    assert all(review.review_collaboration and review.review_joint_goals for review in reviews)


def test_activities_lie_in_the_last_year_with_contacts_of_the_account_and_the_kam(db, loaded):
    first, last = TODAY - dt.timedelta(days=368), TODAY
    activities = Activity.objects.select_related("account").prefetch_related("contacts", "participants")
    for activity in activities:
        assert first <= activity.start.date() <= last
        assert activity.account.owner_id in {user.pk for user in activity.participants.all()}
        assert all(contact.account_id == activity.account_id for contact in activity.contacts.all())
    with_contacts = [a for a in activities if a.contacts.all()]
    assert len(with_contacts) > len(activities) // 2
    contact = with_contacts[0].contacts.all()[0]
    latest = max(a.start.date() for a in contact.activities.all())
    assert contact.last_contact_date is not None
    assert contact.last_contact_date >= latest
    assert Task.objects.filter(source_activity__isnull=False).exists()


def test_every_demo_user_has_open_tasks_some_overdue_some_done(db, loaded, company):
    for record in company.users:
        user = User.objects.get(username=record.username)
        assert Task.objects.filter(assignee=user, status__in=OPEN_STATUSES).exists(), user.username
    open_tasks = Task.objects.filter(status__in=OPEN_STATUSES)
    assert open_tasks.filter(due_date__lt=TODAY).exists()
    assert open_tasks.filter(due_date__gte=TODAY, due_date__lte=TODAY + dt.timedelta(days=14)).exists()
    assert Task.objects.filter(assignee__isnull=True).exclude(department="").exists()
    done = Task.objects.filter(status=TaskStatus.DONE)
    assert done.exists()
    for task in done:
        assert task.completed_by_id is not None
        assert task.completed_at is not None
        assert task.completed_at.date() < TODAY


def test_the_same_seed_gives_the_same_activities_and_tasks(db, loaded):
    before = _signature()
    usernames = list(User.objects.values_list("username", flat=True))
    Task.objects.all().delete()
    Activity.objects.all().delete()

    counts = demo_activities_create(seed=SEED, today=TODAY, usernames=usernames)

    assert _signature() == before
    assert counts["activities"] == len(before[0])
    Task.objects.all().delete()
    Activity.objects.all().delete()
    demo_activities_create(seed=SEED + 1, today=TODAY, usernames=usernames)
    assert _signature()[0] != before[0]


def test_flush_removes_activities_tasks_and_comments(db, loaded):
    assert Activity.objects.exists()
    assert TaskComment.objects.exists()

    demo_data_flush()

    assert not Activity.objects.exists()
    assert not Task.objects.exists()
    assert not TaskComment.objects.exists()
    assert not Activity.contacts.through.objects.exists()
    assert not Activity.participants.through.objects.exists()
