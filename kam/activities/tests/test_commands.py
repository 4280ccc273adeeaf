"""``kam activities list|log``: outputs follow the access rule and the filter; bad input is a clear error."""

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
from django.utils import timezone

from kam.accounts.tests.factories import AccountFactory
from kam.activities.choices import ActivityKind
from kam.activities.models import Activity
from kam.activities.tests.factories import BERLIN, ActivityFactory
from kam.contacts.tests.factories import ContactFactory
from kam.tasks.models import Task
from kam.users.choices import Department
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("activities", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def activities(account, head_user):
    """Two activities on the fixture account (a call in March, a visit in June) and one on another account."""
    call = ActivityFactory.create(
        account=account,
        kind=ActivityKind.CALL,
        subject="Price call",
        start=datetime.datetime(2026, 3, 2, 9, 0, tzinfo=BERLIN),
    )
    visit = ActivityFactory.create(
        account=account,
        kind=ActivityKind.VISIT,
        subject="Plant tour",
        start=datetime.datetime(2026, 6, 10, 10, 0, tzinfo=BERLIN),
        next_step="Send the offer",
    )
    other = ActivityFactory.create(
        account=AccountFactory.create(name="Zeta Werke", owner=head_user),
        kind=ActivityKind.MEETING,
        subject="Kick-off",
        start=datetime.datetime(2026, 5, 5, 14, 0, tzinfo=BERLIN),
    )
    return {"call": call, "visit": visit, "other": other}


# --- list ----------------------------------------------------------------------------------


def test_list_json_newest_first_for_everyone_without_user(activities):
    rows = json.loads(run("list", "--format", "json"))
    assert [r["subject"] for r in rows] == ["Plant tour", "Kick-off", "Price call"]
    visit = rows[0]
    assert visit["kind"] == "visit"
    assert visit["account"] == "Acme Maschinenbau GmbH"
    assert visit["next_step"] == "Send the offer"
    assert visit["start"] == timezone.localtime(activities["visit"].start).strftime("%Y-%m-%d %H:%M")


def test_list_user_sees_only_their_accounts(activities, outsider):
    rows = json.loads(run("list", "--format", "json", "--user", "member-user"))
    assert [r["id"] for r in rows] == [activities["visit"].pk, activities["call"].pk]
    assert "No activities." in run("list", "--user", "outsider")


def test_list_filters_by_kind_since_and_account(activities, account):
    kinds = list(csv.DictReader(io.StringIO(run("list", "--kind", "call", "--kind", "meeting", "--format", "csv"))))
    assert [r["subject"] for r in kinds] == ["Kick-off", "Price call"]
    since = json.loads(run("list", "--since", "2026-05-05", "--format", "json"))
    assert [r["subject"] for r in since] == ["Plant tour", "Kick-off"]
    mine = json.loads(run("list", "--account", str(account.pk), "--format", "json"))
    assert [r["subject"] for r in mine] == ["Plant tour", "Price call"]


def test_list_csv_lists_contacts_and_participants(activities, contact, kam_user):
    activities["visit"].contacts.add(contact)
    activities["visit"].participants.add(kam_user)
    rows = list(csv.DictReader(io.StringIO(run("list", "--format", "csv"))))
    assert rows[0]["contacts"] == "Eva Einkauf"
    assert rows[0]["participants"] == "kam-user"


def test_list_table_shows_kind_words_and_limit(activities):
    lines = run("list", "--limit", "2").splitlines()
    assert lines[0].split() == ["ID", "Start", "Account", "Kind", "Subject", "/", "summary", "Next", "step"]
    assert "Customer visit" in lines[2]
    assert "Send the offer" in lines[2]
    assert lines[-1] == "… 1 more rows (--limit 0 shows all)."


def test_list_account_not_visible_is_an_error(activities, outsider, account):
    with pytest.raises(CommandError, match=rf"No account with id {account.pk} that outsider may see"):
        run("list", "--account", str(account.pk), "--user", "outsider")


def test_list_bad_input_is_an_error(activities):
    with pytest.raises(CommandError, match=r"--since takes a date as YYYY-MM-DD .* not '2026-13-01'"):
        run("list", "--since", "2026-13-01")
    with pytest.raises(CommandError, match="invalid choice: 'lunch'"):
        run("list", "--kind", "lunch")
    with pytest.raises(CommandError, match="No user with username nobody"):
        run("list", "--user", "nobody")
    with pytest.raises(CommandError, match="--limit must be 0"):
        run("list", "--limit", "-1")


# --- log -----------------------------------------------------------------------------------


def test_log_visit_with_contacts_and_a_task_for_a_team_member(account, contact, kam_user, member_user):
    out = run(
        "log", "--account", str(account.pk), "--kind", "visit", "--start", "2026-11-27 10:00",
        "--summary", "Plant tour", "--contact", str(contact.pk), "--next-step", "Send the offer",
        "--assignee", "member-user", "--due", "2026-12-05", "--user", "kam-user",
    )  # fmt: skip
    activity = Activity.objects.get()
    assert activity.kind == ActivityKind.VISIT
    assert timezone.localtime(activity.start).replace(tzinfo=None) == datetime.datetime(2026, 11, 27, 10, 0)
    assert activity.created_by == kam_user
    assert list(activity.participants.all()) == [kam_user]
    assert list(activity.contacts.all()) == [contact]
    contact.refresh_from_db()
    assert contact.last_contact_date == datetime.date(2026, 11, 27)
    task = Task.objects.get()
    assert (task.assignee, task.due_date, task.source_activity, task.title) == (
        member_user, datetime.date(2026, 12, 5), activity, "Send the offer"
    )  # fmt: skip
    assert f"Logged activity {activity.pk}: Customer visit on Acme Maschinenbau GmbH, 2026-11-27 10:00." in out
    assert f"Task {task.pk} “Send the offer” for {member_user}, due 2026-12-05." in out


def test_log_next_step_for_a_department_and_without_a_task(account):
    run("log", "--account", str(account.pk), "--kind", "call", "--start", "2026-11-28 14:30",
        "--next-step", "Clarify payment terms", "--department", "finance", "--user", "kam-user")  # fmt: skip
    assert Task.objects.get().department == Department.FINANCE
    run("log", "--account", str(account.pk), "--kind", "note", "--start", "2026-11-29 08:00",
        "--next-step", "Think about it", "--user", "member-user")  # fmt: skip
    assert Task.objects.count() == 1
    assert Activity.objects.filter(next_step="Think about it").exists()


def test_log_on_an_account_the_user_may_not_see_writes_nothing(account, outsider):
    with pytest.raises(CommandError, match=rf"No account with id {account.pk} that outsider may see"):
        run("log", "--account", str(account.pk), "--kind", "call", "--start", "2026-11-28 14:30", "--user", "outsider")
    assert not Activity.objects.exists()


def test_log_service_errors_write_nothing(account, contact, outsider):
    stranger = ContactFactory.create(
        account=AccountFactory.create(name="Fremd AG"), first_name="Max", last_name="Fremd"
    )
    base = ["log", "--account", str(account.pk), "--start", "2026-11-28 14:30", "--user", "kam-user"]
    with pytest.raises(CommandError, match="contacts: Max Fremd do not work at this account or its group"):
        run(*base, "--kind", "call", "--contact", str(stranger.pk))
    with pytest.raises(CommandError, match=rf"assignee: {outsider} is not on this account.s team"):
        run(*base, "--kind", "call", "--next-step", "Offer", "--assignee", "outsider", "--contact", str(contact.pk))
    with pytest.raises(CommandError, match="end: Only meetings, customer visits and annual reviews have an end"):
        run(*base, "--kind", "call", "--end", "2026-11-28 15:00")
    assert not Activity.objects.exists()
    assert not Task.objects.exists()
    contact.refresh_from_db()
    assert contact.last_contact_date is None


def test_log_bad_input_is_an_error(account):
    base = ["log", "--account", str(account.pk), "--user", "kam-user"]
    with pytest.raises(CommandError, match=r"--start takes a date and time .* not '27.11.2026 10:00'"):
        run(*base, "--kind", "visit", "--start", "27.11.2026 10:00")
    with pytest.raises(CommandError, match="invalid choice: 'lunch'"):
        run(*base, "--kind", "lunch", "--start", "2026-11-27 10:00")
    with pytest.raises(CommandError, match="No contact with id 999999"):
        run(*base, "--kind", "visit", "--start", "2026-11-27 10:00", "--contact", "999999")
    with pytest.raises(CommandError, match="need --next-step"):
        run(*base, "--kind", "visit", "--start", "2026-11-27 10:00", "--assignee", "member-user")
    with pytest.raises(CommandError, match="--due needs --assignee or --department"):
        run(*base, "--kind", "visit", "--start", "2026-11-27 10:00", "--next-step", "Offer", "--due", "2026-12-01")
    with pytest.raises(CommandError, match="--due takes a date"):
        run(*base, "--kind", "visit", "--start", "2026-11-27 10:00", "--next-step", "Offer",
            "--department", "finance", "--due", "soon")  # fmt: skip
    with pytest.raises(CommandError, match="No user with username nobody"):
        run(*base, "--kind", "visit", "--start", "2026-11-27 10:00", "--next-step", "Offer", "--assignee", "nobody")
    UserFactory.create(username="gone", is_active=False)
    with pytest.raises(CommandError, match="User gone is inactive"):
        run("log", "--account", str(account.pk), "--kind", "call", "--start", "2026-11-27 10:00", "--user", "gone")
    with pytest.raises(CommandError, match="the following arguments are required: --user"):
        run("log", "--account", str(account.pk), "--kind", "call", "--start", "2026-11-27 10:00")
    assert not Activity.objects.exists()


def test_command_line_exits_non_zero_with_the_message():
    """Through the real ``kam`` entry point: a parser error needs no database."""
    kam = Path(sys.executable).parent / "kam"
    result = subprocess.run(
        [str(kam), "activities", "list", "--kind", "lunch"], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "invalid choice: 'lunch'" in result.stderr


def test_help_shows_examples():
    kam = Path(sys.executable).parent / "kam"
    result = subprocess.run([str(kam), "activities", "log", "--help"], capture_output=True, text=True, check=True)
    assert "kam activities log --account 12 --kind visit" in result.stdout
