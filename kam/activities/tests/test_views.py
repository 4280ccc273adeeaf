import datetime

import pytest
from django.urls import reverse

from kam.activities.choices import ActivityKind
from kam.activities.models import Activity
from kam.activities.tests.factories import ActivityFactory
from kam.tasks.models import Task
from kam.tasks.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def test_log_form_loads_as_fragment_with_htmx(client, kam_user, account, contact):
    client.force_login(kam_user)
    response = client.get(reverse("activities:log", args=[account.pk]), headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "Eva Einkauf" in page


def test_kam_logs_a_visit_with_a_task_for_a_team_member(client, kam_user, member_user, account, contact):
    client.force_login(kam_user)
    response = client.post(
        reverse("activities:log", args=[account.pk]),
        {
            "kind": ActivityKind.VISIT,
            "subject": "Plant visit",
            "start": "2026-03-03T10:00",
            "end": "2026-03-03T12:00",
            "contacts": [contact.pk],
            "participants": [kam_user.pk],
            "next_step": "Clarify payment terms",
            "create_task": "on",
            "task_assignee": member_user.pk,
            "task_due_date": "2026-03-10",
            "task_priority": "high",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.start.isoformat() == "2026-03-03T09:00:00+00:00"  # 10:00 in Berlin
    task = Task.objects.get()
    assert (task.assignee, task.priority, task.source_activity) == (member_user, "high", activity)
    contact.refresh_from_db()
    assert contact.last_contact_date == datetime.date(2026, 3, 3)


def test_log_with_task_but_nobody_to_do_it_shows_the_error(client, kam_user, account):
    client.force_login(kam_user)
    response = client.post(
        reverse("activities:log", args=[account.pk]),
        {"kind": "call", "start": "2026-03-03T10:00", "next_step": "x", "create_task": "on", "task_priority": "normal"},
    )
    assert response.status_code == 200
    assert "Choose who does the task" in response.content.decode()
    assert not Activity.objects.exists()


def test_outsider_cannot_log_see_or_change(client, outsider, account):
    activity = ActivityFactory.create(account=account)
    client.force_login(outsider)
    assert client.get(reverse("activities:log", args=[account.pk])).status_code == 404
    assert client.get(reverse("activities:detail", args=[activity.pk])).status_code == 404
    assert client.post(reverse("activities:delete", args=[activity.pk])).status_code == 404
    assert client.get(reverse("activities:timeline", args=[account.pk])).status_code == 404
    assert Activity.objects.exists()


def test_team_member_sees_but_cannot_change_someone_elses_activity(client, member_user, kam_user, account):
    activity = ActivityFactory.create(account=account, created_by=kam_user, summary="Secret plan")
    client.force_login(member_user)
    assert "Secret plan" in client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert client.get(reverse("activities:update", args=[activity.pk])).status_code == 403
    assert client.post(reverse("activities:delete", args=[activity.pk])).status_code == 403


def test_edit_and_delete_by_the_kam(client, kam_user, account):
    activity = ActivityFactory.create(account=account, kind="meeting")
    client.force_login(kam_user)
    response = client.post(
        reverse("activities:update", args=[activity.pk]),
        {"kind": "meeting", "start": "2026-03-04T09:00", "outcome": "Signed", "task_priority": "normal"},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.outcome == "Signed"
    assert client.post(reverse("activities:delete", args=[activity.pk])).status_code == 302
    assert not Activity.objects.exists()


def test_timeline_merges_activities_tasks_and_changes_newest_first_and_filters(client, kam_user, account):
    ActivityFactory.create(
        account=account, subject="Old call", start=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    TaskFactory.create(account=account, title="Fresh task", assignee=kam_user)
    client.force_login(kam_user)
    url = reverse("activities:timeline", args=[account.pk])
    page = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert page.index("Fresh task") < page.index("Old call")
    assert 'data-type="change"' in page
    calls = client.get(url, {"kind": "call"}, headers={"HX-Request": "true"}).content.decode()
    assert "Old call" in calls
    assert "Fresh task" not in calls
    assert 'data-type="change"' not in calls
    tasks = client.get(url, {"kind": "task"}, headers={"HX-Request": "true"}).content.decode()
    assert "Fresh task" in tasks
    assert "Old call" not in tasks


def test_timeline_pages_with_show_more(client, kam_user, account):
    for n in range(17):
        ActivityFactory.create(account=account, subject=f"Call number {n:02d}", kind="call")
    client.force_login(kam_user)
    url = reverse("activities:timeline", args=[account.pk])
    first = client.get(url, {"kind": "call"}, headers={"HX-Request": "true"}).content.decode()
    assert first.count('data-type="activity"') == 15
    assert "offset=15" in first
    more = client.get(url, {"kind": "call", "offset": 15}, headers={"HX-Request": "true"}).content.decode()
    assert more.count('data-type="activity"') == 2
    assert "Call number 00" in more


def test_the_360_page_loads_the_timeline_with_htmx_without_extra_queries(
    client, kam_user, account, django_assert_max_num_queries
):
    ActivityFactory.create_batch(5, account=account)
    client.force_login(kam_user)
    response = client.get(reverse("accounts:detail", args=[account.pk]))
    assert reverse("activities:timeline", args=[account.pk]) in response.content.decode()
    assert "Call 0" not in response.content.decode()  # the entries come with htmx, not with the page


def test_timeline_shows_the_review_steps_of_the_account_plans(client, kam_user, head_user, account):
    from kam.plans import services as plan_services
    from kam.plans.tests.factories import AccountPlanFactory, GoalFactory

    plan = AccountPlanFactory.create(account=account, owner=kam_user, created_by=kam_user, title="Plan 2026")
    GoalFactory.create(plan=plan)  # a plan needs a goal to be submitted
    plan_services.plan_submit(plan=plan, user=kam_user, comment="Please review")
    client.force_login(kam_user)
    url = reverse("activities:timeline", args=[account.pk])
    page = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-type="plan"' in page
    assert reverse("plans:detail", args=[plan.pk]) in page
    assert "Please review" in page
    only_plans = client.get(url, {"kind": "plan"}, headers={"HX-Request": "true"}).content.decode()
    assert 'data-type="plan"' in only_plans
    assert 'data-type="change"' not in only_plans
