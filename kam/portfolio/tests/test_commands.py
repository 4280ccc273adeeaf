"""``kam portfolio``: output formats match the stored entries, --user restricts, bad input is a clear error."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any, cast

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kam.portfolio.choices import Level, RunKind
from kam.portfolio.management.commands.portfolio import Command
from kam.portfolio.management.portfolio_cli import parse_period
from kam.portfolio.models import PortfolioEntry, PortfolioRun
from kam.portfolio.tests.factories import PortfolioEntryFactory, PortfolioRunFactory
from tests.api.support import make_portfolio

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(kam_user, member_user) -> dict[str, Any]:
    """A current group-level run (the settings' default level) of the four accounts of make_portfolio.

    Values 400.50, 300, 200, 100 (total 1,000.50): Other, Owned, OnTeam, MemberOf; Other and Owned
    are candidates to promote.
    """
    accounts = make_portfolio(kam_user, member_user)
    run = cast(PortfolioRun, PortfolioRunFactory(level=Level.GROUP, accounts_count=4, total=Decimal("1000.50")))
    run.summary = {"accounts": 4, "total": 1000.5, "classes": {"A": {"count": 2, "value": 700.5, "share": 0.7,
                   "customer_share": 0.5}}}  # fmt: skip
    run.save()
    specs = [
        ("other", "400.50", "A", "X", 0.18, "promote"),
        ("owned", "300.00", "A", "Y", None, "promote"),
        ("on_team", "200.00", "B", "", -0.05, ""),
        ("member_of", "100.00", "C", "Z", None, ""),
    ]
    total, cumulative = Decimal("1000.50"), Decimal(0)
    for rank, (name, value, abc, xyz, growth, direction) in enumerate(specs, 1):
        cumulative += Decimal(value)
        PortfolioEntryFactory(
            run=run, account=accounts[name], rank=rank, value=Decimal(value), share=float(Decimal(value) / total),
            cumulative_share=float(cumulative / total), abc=abc, xyz=xyz, growth=growth, direction=direction,
            attractiveness=70.25 - rank, relationship=40.0 + rank, suggested_tier="key" if direction else "standard",
        )  # fmt: skip
    return {**accounts, "run": run}


def run_command(*args: str) -> str:
    out = io.StringIO()
    call_command("portfolio", *args, stdout=out)
    return out.getvalue()


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --- show ----------------------------------------------------------------------------------


def test_csv_numbers_match_the_stored_entries(world):
    rows = csv_rows(run_command("show", "--format", "csv"))
    entries = list(PortfolioEntry.objects.filter(run=world["run"]).order_by("rank"))
    assert [row["account"] for row in rows] == ["Other", "Owned", "OnTeam", "MemberOf"]
    for row, entry in zip(rows, entries, strict=True):
        assert int(row["rank"]) == entry.rank
        assert int(row["account_id"]) == entry.account_id
        assert Decimal(row["value"]) == entry.value
        assert float(row["share"]) == entry.share
        assert float(row["cumulative_share"]) == entry.cumulative_share
        assert float(row["attractiveness"]) == entry.attractiveness
        assert (row["abc"], row["xyz"], row["tier"], row["suggested_tier"]) == (
            entry.abc, entry.xyz, entry.tier, entry.suggested_tier,
        )  # fmt: skip
    assert rows[0]["value"] == "400.5"
    assert float(rows[-1]["cumulative_share"]) == pytest.approx(1.0)
    assert rows[0]["growth"] == "0.18"
    assert rows[1]["growth"] == ""
    assert "revenue growing 18 % over last year" in rows[0]["reasons"].split("; ")
    assert rows[0]["reasons"].startswith("top 25 % of customers by revenue; ")  # rank 1 of 4


def test_json_is_valid_and_complete(world):
    document = json.loads(run_command("--format", "json"))
    assert document["run"]["id"] == world["run"].pk
    assert document["run"]["restricted"] is False
    assert document["run"]["summary"]["accounts"] == 4
    assert document["candidates_only"] is False
    assert [e["account"] for e in document["entries"]] == ["Other", "Owned", "OnTeam", "MemberOf"]
    first = document["entries"][0]
    assert (first["value"], first["growth"], first["direction"]) == (400.5, 0.18, "promote")
    assert document["entries"][2]["xyz"] == ""


def test_user_option_restricts_rows_and_totals(world, kam_user, member_user):
    rows = csv_rows(run_command("show", "--format", "csv", "--user", kam_user.username))
    assert [row["account"] for row in rows] == ["Owned", "OnTeam"]
    document = json.loads(run_command("show", "--format", "json", "--user", kam_user.username))
    assert document["run"]["restricted"] is True
    assert document["run"]["summary"]["accounts"] == 2
    assert document["run"]["summary"]["total"] == 500.0
    rows = csv_rows(run_command("show", "--format", "csv", "--user", member_user.username))
    assert [row["account"] for row in rows] == ["MemberOf"]
    table = run_command("show", "--user", member_user.username)
    assert "MemberOf" in table
    assert "Other" not in table
    assert f"Only the accounts {member_user.username} may see." in table


def test_table_shows_the_columns_and_the_limit(world):
    table = run_command()
    lines = table.splitlines()
    assert lines[0].startswith(f"Portfolio analysis current (run {world['run'].pk}): Net revenue, Corporate group")
    assert "4 accounts, total 1,000; ABC: A 2." in lines[1]
    header = next(line for line in lines if line.lstrip().startswith("#"))
    for column in ["Account", "Value", "Share", "Cum. share", "ABC", "XYZ", "Growth", "Quadrant", "Computed tier"]:
        assert column in header
    other = next(line for line in lines if "Other" in line)
    assert "40.0 %" in other  # 400.50 of 1,000.50
    assert "+18.0 %" in other
    assert "Standard account" in other
    assert "Key account" in other
    limited = run_command("show", "--limit", "2")
    assert "OnTeam" not in limited
    assert "… 2 more rows (--limit 0 shows all)." in limited


def test_candidates_with_reasons_in_words(world, kam_user):
    table = run_command("show", "--candidates")
    assert "revenue growing 18 % over last year" in table
    assert "ABC class A, XYZ class Y" in table
    assert "OnTeam" not in table
    rows = csv_rows(run_command("show", "--candidates", "--format", "csv", "--user", kam_user.username))
    assert [(row["account"], row["direction"]) for row in rows] == [("Owned", "promote")]


def test_show_a_snapshot_by_label(world):
    snapshot = PortfolioRunFactory(kind=RunKind.SNAPSHOT, label="2024", level=Level.GROUP)
    PortfolioEntryFactory(run=snapshot, account=world["owned"], rank=1)
    rows = csv_rows(run_command("show", "--run", "2024", "--format", "csv"))
    assert [row["account"] for row in rows] == ["Owned"]
    rows = csv_rows(run_command("show", "--run", str(world["run"].pk), "--format", "csv"))
    assert len(rows) == 4


def test_show_with_a_period_refreshes_once(world):
    out = json.loads(run_command("show", "--level", "entity", "--period", "2024-07..2025-06", "--format", "json"))
    run = PortfolioRun.objects.get(pk=out["run"]["id"])
    assert (run.level, run.period_start, run.period_end) == ("entity", dt.date(2024, 7, 1), dt.date(2025, 6, 30))
    assert len(out["entries"]) == 4
    again = json.loads(run_command("show", "--level", "entity", "--period", "2024-07..2025-06", "--format", "json"))
    assert again["run"]["id"] == run.pk
    assert PortfolioRun.objects.filter(pk=world["run"].pk).exists()  # the group run is untouched


def test_show_without_a_stored_run_says_what_to_do(world):
    with pytest.raises(CommandError, match="kam portfolio refresh"):
        run_command("show", "--level", "entity")


# --- refresh, snapshot, compare ---------------------------------------------------------------


def test_refresh_all_stored_combinations(world):
    PortfolioRunFactory(level=Level.ENTITY, basis="margin")
    out = run_command("refresh")
    assert "Refreshed Margin / Legal entity" in out
    assert "Refreshed Net revenue / Corporate group" in out
    runs = PortfolioRun.objects.filter(kind=RunKind.CURRENT)
    assert sorted(runs.values_list("basis", "level")) == [("margin", "entity"), ("revenue", "group")]
    refreshed = runs.get(basis="revenue", level="group")  # the same row, computed again
    assert refreshed.pk == world["run"].pk
    assert refreshed.computed_at > world["run"].computed_at


def test_refresh_one_for_a_year(world):
    out = run_command("refresh", "--level", "entity", "--period", "2024")
    run = PortfolioRun.objects.get(level=Level.ENTITY)
    assert (run.period_start, run.period_end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert "4 accounts" in out


def test_snapshot_and_compare(world):
    assert "Snapshot 2024 stored" in run_command("snapshot", "--year", "2024")
    snapshot = PortfolioRun.objects.get(kind=RunKind.SNAPSHOT)
    assert (snapshot.label, snapshot.level, snapshot.period_end) == ("2024", "group", dt.date(2024, 12, 31))
    document = json.loads(run_command("compare", "--old", "2024", "--format", "json"))
    assert (document["old"]["id"], document["new"]["id"]) == (snapshot.pk, world["run"].pk)
    # Without order lines every account was C in 2024; now 2 A, 1 B, 1 C.
    assert document["abc_moves"] == {"C→A": 2, "C→B": 1, "C→C": 1}
    assert [row["account"] for row in document["rows"]][:3] == ["Other", "Owned", "OnTeam"]
    assert document["rows"][0]["old_abc"] == "C"
    assert document["rows"][0]["new_abc"] == "A"
    table = run_command("compare", "--old", "2024", "--new", "current")
    assert "ABC classes (rows: before, columns: after)" in table
    assert "C → A" in table
    rows = csv_rows(run_command("compare", "--old", str(snapshot.pk), "--format", "csv", "--user", "kam-user"))
    assert sorted(row["account"] for row in rows) == ["OnTeam", "Owned"]


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "--period", "2025-13"], "a month is between 01 and 12"),
        (["show", "--period", "2025-06..2025-01"], "ends before it starts"),
        (["show", "--period", "last year"], "takes YYYY or YYYY-MM..YYYY-MM"),
        (["show", "--period", "2025..2026"], "takes YYYY or YYYY-MM..YYYY-MM"),
        (["show", "--period", "1800"], "years from 1900"),
        (["show", "--period", "2015-01..2025-12"], "at most five years"),
        (["show", "--run", "1999"], "No run '1999'"),
        (["show", "--run", "2024", "--period", "2024"], "cannot be used together"),
        (["show", "--user", "nobody"], "No user with username nobody"),
        (["show", "--limit", "-1"], "--limit must be 0"),
        (["show", "--year", "2024"], "--year cannot be used with show"),
        (["snapshot"], "snapshot needs --year"),
        (["snapshot", "--year", "1800"], "years from 1900"),
        (["snapshot", "--year", "2024", "--format", "csv"], "--format cannot be used with snapshot"),
        (["refresh", "--period", "2024-02..2024-01"], "ends before it starts"),
        (["compare"], "compare needs --old"),
        (["compare", "--old", "current"], "the same run"),
        (["compare", "--old", "nope"], "Snapshots: none"),
    ],
)
def test_bad_input_is_a_clear_error_and_changes_nothing(world, args, message):
    before = list(PortfolioRun.objects.values_list("pk", "kind", "period_start"))
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(".", r"\.")):
        run_command(*args)
    assert list(PortfolioRun.objects.values_list("pk", "kind", "period_start")) == before


def test_periods_parse_to_whole_months():
    assert parse_period("2025") == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert parse_period("2024-12..2025-02") == (dt.date(2024, 12, 1), dt.date(2025, 2, 28))
    assert parse_period("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))


def test_help_explains_every_action():
    text = Command().create_parser("kam", "portfolio").format_help()
    for word in ["show", "refresh", "snapshot", "compare", "--candidates", "--user", "2024-07..2025-06"]:
        assert word in text
