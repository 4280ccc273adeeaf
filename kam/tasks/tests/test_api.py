import pytest

from kam.activities.models import Activity
from kam.tasks.choices import TaskStatus
from kam.tasks.models import Task
from kam.tasks.tests.factories import TaskFactory
from tests.api.support import token_client

pytestmark = pytest.mark.django_db


def test_kam_logs_an_activity_with_a_follow_up_through_the_api(kam_user, member_user, account, contact):
    client = token_client(kam_user)
    response = client.post(
        "/api/v1/activities/",
        {
            "account": account.pk,
            "kind": "visit",
            "start": "2026-03-03T10:00:00+01:00",
            "contacts": [contact.pk],
            "next_step": "Clarify payment terms",
            "follow_up": {"assignee": member_user.pk, "due_date": "2026-03-10"},
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    task = Task.objects.get()
    assert (task.assignee, task.source_activity_id) == (member_user, response.json()["id"])


def test_member_completes_their_task_with_a_comment(member_user, account):
    task = TaskFactory.create(account=account, assignee=member_user)
    client = token_client(member_user)
    response = client.post(f"/api/v1/tasks/{task.pk}/complete/", {"comment": "Paid"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == TaskStatus.DONE
    assert task.comments.get().text == "Paid"
    again = client.post(f"/api/v1/tasks/{task.pk}/complete/", {}, format="json")
    assert again.status_code == 400
    assert "status" in again.json()["errors"]


def test_outsider_is_denied(outsider, account, contact):
    task = TaskFactory.create(account=account, assignee=None, department="finance")
    client = token_client(outsider)
    assert client.get(f"/api/v1/tasks/{task.pk}/").status_code == 404
    assert client.post(f"/api/v1/tasks/{task.pk}/complete/", {}, format="json").status_code == 404
    assert client.get("/api/v1/tasks/").json()["results"] == []
    response = client.post(
        "/api/v1/activities/",
        {"account": account.pk, "kind": "call", "start": "2026-03-03T10:00:00Z"},
        format="json",
    )
    assert response.status_code == 400  # an account one may not see is no valid choice
    assert not Activity.objects.exists()
    denied = client.post("/api/v1/task-comments/", {"task": task.pk, "text": "x"}, format="json")
    assert denied.status_code == 400
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_team_member_of_another_department_cannot_change_the_task(account, member_user):
    task = TaskFactory.create(account=account, assignee=None, department="sales")
    client = token_client(member_user)
    assert client.get(f"/api/v1/tasks/{task.pk}/").status_code == 200
    assert client.patch(f"/api/v1/tasks/{task.pk}/", {"title": "Mine now"}, format="json").status_code == 403
    assert client.post(f"/api/v1/tasks/{task.pk}/complete/", {}, format="json").status_code == 403


def test_task_without_assignee_or_department_is_a_clear_400(kam_user, account):
    response = token_client(kam_user).post("/api/v1/tasks/", {"account": account.pk, "title": "x"}, format="json")
    assert response.status_code == 400
    assert "assignee" in response.json()["errors"]


def test_tasks_of_one_assignee(kam_user, member_user, account):
    mine = TaskFactory.create(account=account, assignee=member_user)
    TaskFactory.create(account=account, assignee=kam_user)
    rows = token_client(kam_user).get("/api/v1/tasks/", {"assignee": member_user.pk}).json()["results"]
    assert [row["id"] for row in rows] == [mine.pk]
