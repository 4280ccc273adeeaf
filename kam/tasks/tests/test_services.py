import datetime

import pytest
from django.core.exceptions import ValidationError

from kam.tasks import services
from kam.tasks.choices import TaskStatus
from kam.tasks.models import Task
from kam.tasks.tests.factories import TaskFactory
from kam.users.choices import Department
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_create_for_a_department_only(account, kam_user):
    task = services.task_create(
        account=account, title="  Clarify payment terms ", created_by=kam_user, department=Department.FINANCE
    )
    assert task.title == "Clarify payment terms"
    assert task.status == TaskStatus.OPEN
    assert task.assignee is None


def test_create_without_assignee_or_department_is_refused(account, kam_user):
    with pytest.raises(ValidationError) as exc:
        services.task_create(account=account, title="Nobody", created_by=kam_user)
    assert "assignee" in exc.value.error_dict
    assert not Task.objects.exists()


def test_an_assignee_who_cannot_see_the_account_is_refused(account, kam_user, outsider):
    with pytest.raises(ValidationError) as exc:
        services.task_create(account=account, title="Offer", created_by=kam_user, assignee=outsider)
    assert str(outsider) in " ".join(exc.value.message_dict["assignee"])


def test_inactive_assignee_and_naive_reminder_are_refused(account, kam_user, member_user):
    gone = UserFactory.create(is_active=False)
    with pytest.raises(ValidationError) as exc:
        services.task_create(account=account, title="x", created_by=kam_user, assignee=gone)
    assert "assignee" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.task_create(
            account=account,
            title="x",
            created_by=kam_user,
            assignee=member_user,
            remind_at=datetime.datetime(2026, 3, 3, 9, 0),
        )
    assert "remind_at" in exc.value.error_dict


def test_complete_records_who_and_when_and_cannot_repeat(account, member_user):
    task = TaskFactory.create(account=account, assignee=member_user)
    when = datetime.datetime(2026, 3, 5, 12, 0, tzinfo=datetime.UTC)
    services.task_complete(task=task, user=member_user, when=when)
    task.refresh_from_db()
    assert (task.status, task.completed_by, task.completed_at) == (TaskStatus.DONE, member_user, when)
    with pytest.raises(ValidationError) as exc:
        services.task_complete(task=task, user=member_user)
    assert "already done" in exc.value.message_dict["status"][0]


def test_update_status_back_to_open_clears_the_completion(account, kam_user, member_user):
    task = TaskFactory.create(account=account, assignee=member_user)
    services.task_update(task=task, changed_by=kam_user, status=TaskStatus.DONE)
    assert task.completed_by == kam_user
    services.task_update(task=task, changed_by=kam_user, status=TaskStatus.OPEN, priority="high")
    task.refresh_from_db()
    assert (task.status, task.completed_by, task.completed_at, task.priority) == (TaskStatus.OPEN, None, None, "high")


def test_update_refuses_removing_both_assignee_and_department(account, kam_user, member_user):
    task = TaskFactory.create(account=account, assignee=member_user)
    with pytest.raises(ValidationError):
        services.task_update(task=task, changed_by=kam_user, assignee=None)
    task.refresh_from_db()
    assert task.assignee == member_user


def test_comment_needs_text(account, member_user):
    task = TaskFactory.create(account=account, assignee=member_user)
    comment = services.task_comment_add(task=task, author=member_user, text=" Done by phone ")
    assert comment.text == "Done by phone"
    with pytest.raises(ValidationError):
        services.task_comment_add(task=task, author=member_user, text="   ")
    assert task.comments.count() == 1
