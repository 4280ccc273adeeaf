import datetime

import pytest
from django.urls import reverse

from kam.accounts.tests.factories import AccountFactory
from kam.tasks.choices import TaskStatus
from kam.tasks.models import Task
from kam.tasks.tests.factories import TaskFactory
from kam.users.choices import Department

pytestmark = pytest.mark.django_db
YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)


def test_my_tasks_shows_mine_and_marks_overdue(client, member_user, account):
    TaskFactory.create(account=account, assignee=member_user, title="Late one", due_date=YESTERDAY)
    TaskFactory.create(account=account, assignee=None, department=Department.FINANCE, title="Dept one")
    client.force_login(member_user)
    page = client.get(reverse("tasks:mine")).content.decode()
    assert "Late one" in page
    assert "Dept one" not in page
    assert "kam-overdue" in page
    assert "1 day overdue" in page


def test_department_tasks_only_on_accounts_the_member_is_on(client, member_user, account):
    TaskFactory.create(account=account, assignee=None, department=Department.FINANCE, title="Ours")
    TaskFactory.create(account=AccountFactory.create(), assignee=None, department=Department.FINANCE, title="Theirs")
    client.force_login(member_user)
    page = client.get(reverse("tasks:department")).content.decode()
    assert "Ours" in page
    assert "Theirs" not in page


def test_filter_shows_done_tasks_on_request(client, member_user, account):
    TaskFactory.create(account=account, assignee=member_user, title="Finished", status=TaskStatus.DONE)
    client.force_login(member_user)
    assert "Finished" not in client.get(reverse("tasks:mine")).content.decode()
    assert "Finished" in client.get(reverse("tasks:mine"), {"status": "done"}).content.decode()


def test_complete_with_htmx_returns_the_row(client, member_user, account):
    task = TaskFactory.create(account=account, assignee=member_user)
    client.force_login(member_user)
    response = client.post(reverse("tasks:complete", args=[task.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert f'id="task-{task.pk}"' in response.content.decode()
    task.refresh_from_db()
    assert (task.status, task.completed_by) == (TaskStatus.DONE, member_user)
    again = client.post(reverse("tasks:complete", args=[task.pk]), headers={"HX-Request": "true"})
    assert again.status_code == 400
    assert "already done" in again.content.decode()


def test_comment_with_htmx(client, member_user, account):
    task = TaskFactory.create(account=account, assignee=member_user)
    client.force_login(member_user)
    response = client.post(
        reverse("tasks:comment", args=[task.pk]), {"text": "Waiting for the buyer"}, headers={"HX-Request": "true"}
    )
    assert "Waiting for the buyer" in response.content.decode()
    empty = client.post(reverse("tasks:comment", args=[task.pk]), {"text": " "}, headers={"HX-Request": "true"})
    assert empty.status_code == 400
    assert task.comments.count() == 1


def test_outsider_is_denied_everything(client, outsider, account):
    task = TaskFactory.create(account=account, assignee=None, department=Department.FINANCE)
    client.force_login(outsider)
    assert client.get(reverse("tasks:detail", args=[task.pk])).status_code == 404
    assert client.post(reverse("tasks:complete", args=[task.pk])).status_code == 404
    assert client.post(reverse("tasks:comment", args=[task.pk]), {"text": "x"}).status_code == 404
    assert client.get(reverse("tasks:create", args=[account.pk])).status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_team_member_of_another_department_may_read_but_not_complete(client, account):
    from kam.accounts.tests.factories import AccountTeamMemberFactory
    from kam.users.tests.factories import UserFactory

    seller = UserFactory.create(role="team_member", department=Department.SALES)
    AccountTeamMemberFactory.create(account=account, user=seller, department=Department.SALES)
    task = TaskFactory.create(account=account, assignee=None, department=Department.FINANCE, title="Payment")
    client.force_login(seller)
    assert "Payment" in client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert client.post(reverse("tasks:complete", args=[task.pk])).status_code == 403


def test_create_and_edit_a_task(client, kam_user, member_user, account):
    client.force_login(kam_user)
    response = client.post(
        reverse("tasks:create", args=[account.pk]),
        {"title": "Send offer", "assignee": member_user.pk, "priority": "normal", "due_date": "2026-04-01"},
    )
    task = Task.objects.get()
    assert response.status_code == 302
    assert task.created_by == kam_user
    response = client.post(
        reverse("tasks:update", args=[task.pk]),
        {"title": "Send offer", "department": "finance", "priority": "high", "status": "in_progress"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.assignee, task.department, task.status) == (None, "finance", "in_progress")


def test_create_without_anyone_shows_the_error(client, kam_user, account):
    client.force_login(kam_user)
    response = client.post(reverse("tasks:create", args=[account.pk]), {"title": "x", "priority": "normal"})
    assert response.status_code == 200
    assert "Choose an assignee or a department" in response.content.decode()


def test_nav_has_the_tasks_link(client, member_user):
    client.force_login(member_user)
    page = client.get(reverse("tasks:mine")).content.decode()
    assert f'aria-current="page" href="{reverse("tasks:mine")}"' in page
