"""``kam tasks list|complete``: the user's tasks through the access rule and TaskFilter; bad input is a clear error."""

from __future__ import annotations

import csv
import datetime
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kam.accounts.tests.factories import AccountFactory
from kam.tasks.choices import TaskStatus
from kam.tasks.models import Task
from kam.tasks.tests.factories import TaskCommentFactory, TaskFactory
from kam.users.choices import Department, Role
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 4, 10)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("tasks", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def tasks(account, member_user, kam_user, head_user):
    """member_user's tasks (one overdue, one due later, one done), a finance task, a task elsewhere."""
    overdue = TaskFactory.create(
        account=account, assignee=member_user, title="Call back", due_date=TODAY - datetime.timedelta(days=3)
    )
    later = TaskFactory.create(
        account=account, assignee=member_user, title="Send offer", due_date=TODAY + datetime.timedelta(days=7)
    )
    done = TaskFactory.create(account=account, assignee=member_user, title="Old one", status=TaskStatus.DONE)
    finance = TaskFactory.create(
        account=account, assignee=None, department=Department.FINANCE, title="Payment terms", due_date=TODAY
    )
    elsewhere_account = AccountFactory.create(name="Zeta Werke", owner=head_user)
    elsewhere = TaskFactory.create(
        account=elsewhere_account, assignee=None, department=Department.FINANCE, title="Hidden"
    )
    return {"overdue": overdue, "later": later, "done": done, "finance": finance, "elsewhere": elsewhere}  # fmt: skip


def test_list_mine_by_default_open_ones_by_due_date(tasks):
    rows = json.loads(run("list", "--user", "member-user", "--format", "json"))
    assert [r["title"] for r in rows] == ["Call back", "Send offer"]
    assert rows[0]["days_overdue"] == 3
    assert rows[1]["days_overdue"] == 0
    assert rows[0]["assignee"] == "member-user"


def test_list_overdue_and_status(tasks):
    overdue = json.loads(run("list", "--overdue", "--user", "member-user", "--format", "json"))
    assert [r["id"] for r in overdue] == [tasks["overdue"].pk]
    done = list(
        csv.DictReader(io.StringIO(run("list", "--status", "done", "--user", "member-user", "--format", "csv")))
    )
    assert [r["title"] for r in done] == ["Old one"]


def test_list_department_only_on_accounts_the_member_sees(tasks, member_user):
    """member_user is in the finance role on the account's team: they see its finance task, not Zeta's."""
    rows = json.loads(run("list", "--department", "--user", "member-user", "--format", "json"))
    assert [r["title"] for r in rows] == ["Payment terms"]
    member_user.department = Department.FINANCE
    member_user.save()
    rows = json.loads(run("list", "--department", "--user", "member-user", "--format", "json"))
    assert [r["title"] for r in rows] == ["Payment terms"]


def test_list_all_follows_the_access_rule(tasks, outsider):
    head = json.loads(run("list", "--all", "--user", "head-user", "--format", "json"))
    assert {r["title"] for r in head} == {"Call back", "Send offer", "Payment terms", "Hidden"}
    kam = json.loads(run("list", "--all", "--user", "kam-user", "--format", "json"))
    assert {r["title"] for r in kam} == {"Call back", "Send offer", "Payment terms"}
    assert "No tasks." in run("list", "--all", "--user", "outsider")


def test_list_table_marks_overdue_and_limits(tasks):
    lines = run("list", "--user", "member-user", "--limit", "1").splitlines()
    assert lines[0].split() == ["ID", "Due", "Status", "Priority", "Account", "Title", "For"]
    assert "2026-04-07 (3 d overdue)" in lines[2]
    assert "Open" in lines[2]
    assert lines[-1] == "… 1 more rows (--limit 0 shows all)."


def test_list_bad_input_is_an_error(tasks):
    with pytest.raises(CommandError, match="invalid choice: 'finished'"):
        run("list", "--status", "finished", "--user", "member-user")
    with pytest.raises(CommandError, match="not allowed with argument"):
        run("list", "--mine", "--department", "--user", "member-user")
    with pytest.raises(CommandError, match="--overdue and --status cannot be used together"):
        run("list", "--overdue", "--status", "open", "--user", "member-user")
    with pytest.raises(CommandError, match="the following arguments are required: --user"):
        run("list")
    with pytest.raises(CommandError, match="No user with username nobody"):
        run("list", "--user", "nobody")


def test_complete_with_a_comment(tasks, member_user):
    out = run("complete", str(tasks["later"].pk), "--comment", "Offer sent", "--user", "member-user")
    task = Task.objects.get(pk=tasks["later"].pk)
    assert task.status == TaskStatus.DONE
    assert task.completed_by == member_user
    assert [c.text for c in task.comments.all()] == ["Offer sent"]
    assert out.strip() == f"Task {task.pk} “Send offer” done."


def test_complete_by_a_department_member(tasks):
    finance = UserFactory.create(username="fiona", role=Role.TEAM_MEMBER, department=Department.FINANCE)
    tasks["finance"].account.team.create(user=finance, department=Department.FINANCE)
    run("complete", str(tasks["finance"].pk), "--user", "fiona")
    assert Task.objects.get(pk=tasks["finance"].pk).status == TaskStatus.DONE


def test_complete_denied_and_errors_write_nothing(tasks, outsider):
    with pytest.raises(CommandError, match=rf"No task with id {tasks['later'].pk} that outsider may see"):
        run("complete", str(tasks["later"].pk), "--user", "outsider")
    viewer = UserFactory.create(username="viewer", role=Role.TEAM_MEMBER)
    tasks["later"].account.team.create(user=viewer, department=Department.SALES)
    with pytest.raises(CommandError, match=rf"viewer may not complete task {tasks['later'].pk}"):
        run("complete", str(tasks["later"].pk), "--user", "viewer")
    TaskCommentFactory.create(task=tasks["done"], text="Earlier")
    with pytest.raises(CommandError, match="This task is already done"):
        run("complete", str(tasks["done"].pk), "--comment", "Again", "--user", "member-user")
    assert [c.text for c in tasks["done"].comments.all()] == ["Earlier"]
    assert Task.objects.get(pk=tasks["later"].pk).status == TaskStatus.OPEN
    with pytest.raises(CommandError, match="invalid int value: 'abc'"):
        run("complete", "abc", "--user", "member-user")


def test_command_line_exits_non_zero_with_the_message():
    kam = Path(sys.executable).parent / "kam"
    result = subprocess.run(
        [str(kam), "tasks", "list", "--status", "finished", "--user", "x"], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "invalid choice: 'finished'" in result.stderr
    helped = subprocess.run([str(kam), "tasks", "complete", "--help"], capture_output=True, text=True, check=True)
    assert "kam tasks complete 42 --comment" in helped.stdout
