import pytest
from django.http import Http404

from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.tasks import selectors
from kam.tasks.access import can_work_on_task
from kam.tasks.tests.factories import TaskCommentFactory, TaskFactory
from kam.users.choices import Department, Role
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_kam_sees_tasks_of_their_accounts_only(account, kam_user, outsider):
    mine = TaskFactory.create(account=account, assignee=kam_user)
    foreign = TaskFactory.create(account=AccountFactory.create(), assignee=outsider)
    assert list(selectors.task_list(user=kam_user)) == [mine]
    with pytest.raises(Http404):
        selectors.task_get(user=kam_user, pk=foreign.pk)


def test_department_member_sees_department_tasks_only_on_accounts_they_are_on(account, member_user):
    finance_here = TaskFactory.create(account=account, assignee=None, department=Department.FINANCE)
    TaskFactory.create(account=account, assignee=None, department=Department.SALES)
    TaskFactory.create(account=AccountFactory.create(), assignee=None, department=Department.FINANCE)
    assert list(selectors.department_tasks(user=member_user)) == [finance_here]
    assert list(selectors.my_tasks(user=member_user)) == []


def test_the_users_own_department_counts_too(account):
    marketer = UserFactory.create(role=Role.TEAM_MEMBER, department=Department.ACCOUNT_BASED_MARKETING)
    AccountTeamMemberFactory.create(account=account, user=marketer, department=Department.SALES)
    abm = TaskFactory.create(account=account, assignee=None, department=Department.ACCOUNT_BASED_MARKETING)
    sales = TaskFactory.create(account=account, assignee=None, department=Department.SALES)
    assert set(selectors.department_tasks(user=marketer)) == {abm, sales}


def test_my_tasks_are_those_assigned_to_me(account, member_user, kam_user):
    mine = TaskFactory.create(account=account, assignee=member_user)
    TaskFactory.create(account=account, assignee=kam_user)
    assert list(selectors.my_tasks(user=member_user)) == [mine]


def test_comments_follow_the_access_rule(account, member_user, outsider):
    comment = TaskCommentFactory.create(task=TaskFactory.create(account=account, assignee=member_user))
    assert list(selectors.comment_list(user=member_user)) == [comment]
    assert list(selectors.comment_list(user=outsider)) == []


def test_who_may_work_on_a_task(account, kam_user, member_user, head_user, outsider):
    colleague = UserFactory.create(role=Role.TEAM_MEMBER)
    AccountTeamMemberFactory.create(account=account, user=colleague, department=Department.SALES)
    task = TaskFactory.create(account=account, assignee=None, department=Department.FINANCE, created_by=kam_user)
    member_user.department = Department.FINANCE
    assert can_work_on_task(member_user, task)
    assert can_work_on_task(kam_user, task)
    assert can_work_on_task(head_user, task)
    assert not can_work_on_task(colleague, task)
    assert not can_work_on_task(outsider, task)
