import datetime

import factory

from kam.accounts.tests.factories import AccountFactory
from kam.tasks.choices import TaskPriority, TaskStatus
from kam.tasks.models import Task, TaskComment
from kam.users.tests.factories import UserFactory


class TaskFactory(factory.django.DjangoModelFactory[Task]):
    class Meta:
        model = Task

    account = factory.SubFactory(AccountFactory)
    title = factory.Sequence(lambda n: f"Follow up {n}")
    assignee = factory.SubFactory(UserFactory)
    due_date = datetime.date(2026, 4, 1)
    priority = TaskPriority.NORMAL
    status = TaskStatus.OPEN


class TaskCommentFactory(factory.django.DjangoModelFactory[TaskComment]):
    class Meta:
        model = TaskComment

    task = factory.SubFactory(TaskFactory)
    author = factory.SubFactory(UserFactory)
    text = "Called the buyer, waiting for the signed order."
