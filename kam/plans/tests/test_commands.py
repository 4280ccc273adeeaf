"""``kam plans list|export``: outputs follow the access rule and the measured goals; bad input is a clear error."""

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
from kam.plans.choices import GoalMetric, PlanStatus
from kam.plans.tests.factories import AccountPlanFactory, GoalFactory
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("plans", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def plans(plan, head_user):
    """The fixture plan (kam_user's account) with a goal behind, one missed and one achieved; another account's plan."""
    GoalFactory.create(plan=plan, title="NPS heben", metric=GoalMetric.NPS, baseline=20, target=40, current_value=21)
    GoalFactory.create(
        plan=plan,
        title="Referenzkunde",
        metric=GoalMetric.COUNT,
        baseline=0,
        target=1,
        current_value=0,
        due_date=datetime.date(2026, 1, 31),
    )
    GoalFactory.create(plan=plan, title="Schulungen", metric=GoalMetric.COUNT, baseline=0, target=2, current_value=2)
    other = AccountPlanFactory.create(
        account=AccountFactory.create(name="Zeta Werke", owner=head_user), status=PlanStatus.ACTIVE
    )
    return {"plan": plan, "other": other}


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """Mid-year 2026: the NPS goal (1 of 20 points at half time) is behind, the January goal missed."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: datetime.date(2026, 7, 2))


def test_list_json_counts_goals_behind_and_missed(plans):
    rows = json.loads(run("list", "--format", "json"))
    assert [r["account"] for r in rows] == ["Acme Maschinenbau GmbH", "Zeta Werke"]
    acme = rows[0]
    assert acme["plan_id"] == plans["plan"].pk
    assert acme["period"] == "2026"
    assert acme["status"] == "draft"
    assert acme["responsible"] == "kam-user"
    assert acme["goals"] == 3
    assert acme["behind"] == ["NPS heben"]
    assert acme["missed"] == ["Referenzkunde"]
    assert rows[1]["goals"] == 0


def test_list_csv_and_status_filter(plans):
    rows = list(csv.DictReader(io.StringIO(run("list", "--format", "csv"))))
    assert [(r["account"], r["behind"], r["missed"]) for r in rows] == [
        ("Acme Maschinenbau GmbH", "1", "1"),
        ("Zeta Werke", "0", "0"),
    ]
    active = list(csv.DictReader(io.StringIO(run("list", "--status", "active", "--format", "csv"))))
    assert [r["plan_id"] for r in active] == [str(plans["other"].pk)]


def test_list_table_shows_status_words(plans):
    text = run("list")
    lines = text.splitlines()
    assert lines[0].split() == ["ID", "Account", "Period", "Status", "Responsible", "Goals", "Behind", "Missed"]
    acme = next(line for line in lines if "Acme" in line)
    assert "Draft" in acme
    assert acme.split()[-3:] == ["3", "1", "1"]
    assert "Active" in next(line for line in lines if "Zeta" in line)


def test_list_user_sees_only_their_plans(plans, kam_user, outsider):
    rows = json.loads(run("list", "--format", "json", "--user", "kam-user"))
    assert [r["plan_id"] for r in rows] == [plans["plan"].pk]
    assert "No plans." in run("list", "--user", "outsider")


def test_unknown_and_inactive_users_are_errors(plans):
    with pytest.raises(CommandError, match="No user with username nobody"):
        run("list", "--user", "nobody")
    UserFactory.create(username="gone", is_active=False)
    with pytest.raises(CommandError, match="inactive"):
        run("export", str(plans["plan"].pk), "--user", "gone")


def test_bad_status_and_format_are_refused_by_the_parser(plans):
    for args in (["list", "--status", "done"], ["list", "--format", "xml"], ["export", "1", "--format", "docx"]):
        with pytest.raises(CommandError, match="invalid choice"):
            run(*args)
    with pytest.raises(CommandError, match="invalid int value"):
        run("export", "twelve")


def test_export_markdown_to_stdout(plans):
    text = run("export", str(plans["plan"].pk))
    assert text.startswith("# Account plan Acme Maschinenbau GmbH 2026\n")
    assert "| NPS heben | NPS | 20 | 21 (entered) | 40 |" in text


def test_export_pdf_to_file(plans, tmp_path):
    path = tmp_path / "plan.pdf"
    err = io.StringIO()
    call_command("plans", "export", str(plans["plan"].pk), "-o", str(path), stdout=io.StringIO(), stderr=err)
    assert f"Written to {path}." in err.getvalue()
    text = subprocess.run(["/usr/bin/pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert "Account plan Acme Maschinenbau GmbH 2026" in text
    assert "NPS heben" in text


def test_export_format_from_the_file_suffix_or_given(plans, tmp_path):
    md = tmp_path / "plan.md"
    run("export", str(plans["plan"].pk), "-o", str(md))
    assert md.read_text(encoding="utf-8").startswith("# Account plan")
    forced = tmp_path / "plan.txt"
    run("export", str(plans["plan"].pk), "-o", str(forced), "--format", "pdf")
    assert forced.read_bytes().startswith(b"%PDF-")
    with pytest.raises(CommandError, match=r"Cannot tell the format from plan\.docx"):
        run("export", str(plans["plan"].pk), "-o", str(tmp_path / "plan.docx"))


def test_export_errors(plans, outsider, tmp_path):
    with pytest.raises(CommandError, match="A PDF export needs -o FILE"):
        run("export", str(plans["plan"].pk), "--format", "pdf")
    with pytest.raises(CommandError, match="No plan with id 999999 that kam-command may see"):
        run("export", "999999")
    with pytest.raises(CommandError, match=r"No plan with id \d+ that outsider may see"):
        run("export", str(plans["plan"].pk), "--user", "outsider")
    with pytest.raises(CommandError, match="Cannot write"):
        run("export", str(plans["plan"].pk), "-o", str(tmp_path / "missing" / "plan.md"))
    assert not (tmp_path / "missing").exists()


def test_command_line_exits_non_zero_with_the_message():
    """Through the real ``kam`` entry point: a parser error needs no database."""
    kam = Path(sys.executable).parent / "kam"
    result = subprocess.run([str(kam), "plans", "list", "--format", "xml"], capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "invalid choice: 'xml'" in result.stderr
