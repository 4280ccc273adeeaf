import pytest
from django.db import IntegrityError

from kam.accounts.tests.factories import AccountFactory
from kam.activities.tests.factories import ActivityFactory
from kam.tasks.models import Task
from kam.tasks.tests.factories import TaskCommentFactory, TaskFactory
from kam.users.choices import Department

pytestmark = pytest.mark.django_db


def test_a_task_needs_an_assignee_or_a_department() -> None:
    with pytest.raises(IntegrityError):
        Task.objects.create(account=AccountFactory.create(), title="Nobody's task")


def test_a_department_task_without_assignee_is_allowed() -> None:
    task = TaskFactory.create(assignee=None, department=Department.FINANCE, source_activity=ActivityFactory.create())
    TaskCommentFactory.create(task=task)
    assert task.comments.count() == 1
    assert task.source_activity is not None
    assert task.source_activity.tasks.get() == task
