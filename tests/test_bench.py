"""bench/run.py's pieces at a tiny size on the test database (SQLite or PostgreSQL).

They keep the hand-run benchmark from rotting.

These tests check that the benchmark runs and that its raw SQL baseline reads the same
rows as the pages; they assert no timings.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from bench import loading, pages, portfolio, rawsql, run
from bench.database import BenchSetupError, Target
from bench.report import Report, Timing

pytestmark = pytest.mark.filterwarnings("ignore:No directory at")


def test_size_presets_and_overrides():
    args = run.parse_args(["--size", "demo", "--order-lines", "500"])
    assert (args.customers, args.order_lines, args.users) == (2_000, 500, 10)
    assert run.parse_args([]).order_lines == 5_000_000
    with pytest.raises(SystemExit):
        run.parse_args(["--repeat", "0"])


def test_target_refuses_a_database_without_bench_in_its_name():
    assert Target.parse("postgresql://postgres@127.0.0.1:5432/kam_bench").vendor == "postgresql"
    assert Target.parse("sqlite:////srv/kam/kam-bench.sqlite3").name == "/srv/kam/kam-bench.sqlite3"
    with pytest.raises(BenchSetupError, match="must contain 'bench'"):
        Target.parse("postgresql://postgres@127.0.0.1:5432/kam")
    with pytest.raises(BenchSetupError, match="Only postgresql"):
        Target.parse("mysql://root@127.0.0.1/kam_bench")


def test_timing_median_and_nearest_rank_p95():
    timing = Timing.of([float(n) for n in range(1, 21)])
    assert timing.median == 10.5
    assert timing.p95 == 19.0
    assert Timing.of([0.2]).p95 == 0.2


@pytest.fixture
def loaded(tmp_path):
    """A tiny data set imported with KAM, then loaded again by the raw database."""
    data = loading.data_set(tmp_path, customers=30, order_lines=3_000, users=6, seed=3, write=True, log=print)
    return run.run_imports(data)


@pytest.mark.django_db(transaction=True)
def test_import_comparison_and_pages_run_end_to_end(loaded):
    from kam.orders.models import OrderLine

    assert loaded.kam.rows == 3_000
    assert OrderLine.objects.count() == 3_000
    assert loaded.raw_seconds > 0
    assert {"read, check, stage", "upsert into order lines", "revenue summary refresh"} <= set(loaded.kam.phases)
    assert [t.entity for t in loaded.master] == ["products", "accounts", "contacts"]

    cases = pages.page_cases()
    results = [pages.time_case(case, repeat=2) for case in cases]
    assert len(results) == 11  # list ×3, 360° ×3, the 360° page's history section ×3, plan page ×2
    assert all(len(r.page.samples) == 2 and r.queries[0] > 3 for r in results)

    report = Report(["test"], [run.import_section(loaded), run.page_section(results)], run.verdicts(loaded, results))
    text = report.render()
    from django.db import connection

    raw_name = "PostgreSQL COPY FROM STDIN (csv)" if connection.vendor == "postgresql" else "sqlite3 executemany INSERT"
    assert raw_name in text
    assert "  revenue summary refresh" in text
    assert "  commit (deferred foreign key checks)" in text
    assert text.count("PASS") + text.count("MISS") == 12
    assert "Plan page, the KAM's largest account, KAM" in text


@pytest.mark.django_db(transaction=True)
def test_raw_sql_reads_what_the_pages_show(loaded):
    """The baseline does the pages' work: same count, same first page, same top products."""
    from kam.accounts import selectors
    from kam.accounts.models import Account
    from kam.users.models import User

    head = User.objects.get(role="head_of_kam")
    year = datetime.date.today().year
    now = datetime.datetime.now(tz=datetime.UTC)
    viewer = rawsql.Viewer(user_id=head.pk, session_key="none", sees_all=True)
    statements = rawsql.account_list(viewer, year=year, order="name", now=now)
    asking = len(rawsql.who_is_asking(viewer, now))
    count_sql, page_sql = statements[asking], statements[asking + 1]
    listed: list[Any] = list(selectors.account_list(user=head).order_by("name", "pk")[:50])
    with_raw = _rows(page_sql)
    assert _rows(count_sql)[0][0] == Account.objects.count()
    assert [row[0] for row in with_raw] == [a.pk for a in listed]
    assert [round(float(row[10]), 2) for row in with_raw] == [round(float(a.revenue_last_year), 2) for a in listed]

    account = max(Account.objects.all(), key=lambda a: a.order_lines.count())
    since = datetime.date(year - 1, 1, 1)
    top = selectors.account_top_products(user=head, account=account, since=since)
    raw_360 = rawsql.account_360(viewer, account_id=account.pk, parent_id=account.parent_id, year=year, now=now)
    raw_top = _rows(next(s for s in raw_360 if s[0].rstrip().endswith("LIMIT 10")))
    assert [row[0] for row in raw_top] == [row["product_id"] for row in top]
    _history_section_reads_the_shown_entries(viewer, account, now)


@pytest.mark.django_db(transaction=True)
def test_benchmark_plans_are_written_once_and_complete(loaded):
    """The benchmark's plan is filled like a real one, approved once, and not written twice."""
    from bench import plans
    from kam.plans.choices import PlanStatus
    from kam.plans.models import AccountPlan

    account_id = pages._account_pks()["largest"]
    pk = plans.ensure_plan(account_id)
    assert plans.ensure_plan(account_id) == pk
    plan = AccountPlan.objects.get(pk=pk)
    assert AccountPlan.objects.filter(account_id=account_id).count() == 1
    assert plan.status == PlanStatus.ACTIVE
    assert plan.versions.count() == 1
    assert plan.owner_id == plan.account.owner_id
    assert len({g.metric for g in plan.goals.all()}) == 5
    assert plan.goals.count() == 6
    assert (plan.measures.count(), plan.risks.count(), plan.swot_items.count()) == (8, 6, 8)
    assert plan.account.wallet_estimates.count() == 7
    assert [r.action for r in plan.reviews.order_by("pk")] == ["submit", "approve"]


@pytest.mark.django_db(transaction=True)
def test_raw_sql_reads_what_the_plan_page_shows(loaded):
    """The plan page's raw statements read the rows its sections show, for the head and for a KAM;
    for a KAM who may not see the account they read nothing."""
    from django.utils import timezone

    from kam.plans.models import AccountPlan

    cases = [case for case in pages.page_cases() if case.label.startswith("Plan page")]
    assert [case.user.role for case in cases] == ["head_of_kam", "kam"]
    for case in cases:
        client, viewer = pages._client(case.user)
        assert client.get(case.urls[0]).status_code == 200
        pk = int(case.urls[0].rstrip("/").rsplit("/", 1)[1])
        _plan_statements_read_the_sections(case.user, viewer, pk, timezone.now())
    nobody = rawsql.Viewer(user_id=0, session_key="none", sees_all=False)  # on no team, owns nothing
    plan = AccountPlan.objects.get(pk=int(cases[0].urls[0].rstrip("/").rsplit("/", 1)[1]))
    facts = rawsql.PlanFacts(plan.pk, plan.account_id, None, plan.period_start, plan.period_end, ())
    parts = rawsql.plan_page_parts(nobody, facts, today=timezone.localdate())
    assert _rows(parts["plan"]) == []
    assert _rows(parts["units"]) == []
    assert _rows(parts["contacts"]) == []


def _plan_statements_read_the_sections(user: Any, viewer: rawsql.Viewer, pk: int, now: datetime.datetime) -> None:
    from django.utils import timezone

    from kam.plans import selectors
    from kam.plans.measurement import MEASURED_METRICS

    plan = selectors.plan_get_for_user(user=user, pk=pk)
    today = timezone.localdate()
    shown = selectors.plan_sections(user=user, plan=plan, today=today)
    dues = tuple(g.due_date for g in plan.goals.all() if g.metric in MEASURED_METRICS)
    facts = rawsql.PlanFacts(pk, plan.account_id, plan.account.parent_id, plan.period_start, plan.period_end, dues)
    parts = rawsql.plan_page_parts(viewer, facts, today=today)
    assert len(rawsql.plan_page(viewer, facts, today=today, now=now)) == len(parts) + len(
        rawsql.who_is_asking(viewer, now)
    )
    assert [row[0] for row in _rows(parts["plan"])] == [pk]
    assert sorted(row[0] for row in _rows(parts["units"])) == sorted(u.pk for u in shown["basics"]["units"])
    assert [row[0] for row in _rows(parts["contacts"])] == [c.pk for c in shown["stakeholders"]["contacts"]]
    assert [row[0] for row in _rows(parts["goals"])] == [m.goal.pk for m in shown["goals"]]
    assert [row[0] for row in _rows(parts["measures"])] == [m.pk for m in shown["measures"]]
    assert [row[0] for row in _rows(parts["risks"])] == [r.pk for r in shown["risks"]["items"]]
    assert sorted(row[0] for row in _rows(parts["swot"])) == sorted(
        i.pk for items in shown["swot"].values() for i in items
    )
    assert [row[0] for row in _rows(parts["reviews"])] == [r.pk for r in shown["reviews"]]
    assert [row[0] for row in _rows(parts["versions"])] == [v.pk for v in shown["versions"]]
    cube = {(a, line, _month(m)): round(float(r), 2) for a, line, m, r in _rows(parts["cube"])}
    assert cube
    assert cube == {k: round(float(v), 2) for k, v in _page_cube(user, plan, today).cells.items()}
    monthly = {_month(m): round(float(r), 2) for m, r in _rows(parts["monthly"])}
    assert monthly == {_month(m): round(float(r), 2) for m, r in shown["forecast"]["monthly"].items()}
    entered = {(a, line) for a, line, *_rest in _rows(parts["whitespace"])}
    grid = {(c.unit, c.product_line) for row in shown["whitespace"]["rows"] for c in row["cells"] if c.entered}
    assert entered == grid
    assert entered


def _page_cube(user: Any, plan: Any, today: datetime.date) -> Any:
    """The sales cube the page reads (its units and months as the page computes them)."""
    from kam.plans import sections

    return sections.plan_figures(plan, sections.plan_units(user, plan), today).cube


def _month(value: Any) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])


def _history_section_reads_the_shown_entries(viewer: rawsql.Viewer, account: Any, now: datetime.datetime) -> None:
    """The raw history statements return the entries the section shows, newest first, each with the
    version before it (the section shows what changed)."""
    from kam.accounts.account_page import account_history_page
    from kam.accounts.services import account_update
    from kam.contacts.models import Contact
    from kam.contacts.services import contact_update

    old_city = account.city
    account_update(account=account, city="Raw City")
    contact = Contact.objects.filter(account=account).first()
    assert contact is not None
    contact_update(contact=contact, function="Raw function")
    shown = account_history_page(account, limit=10).entries
    *_, account_sql, contact_sql = rawsql.account_history_section(viewer, account_id=account.pk, now=now)
    accounts, contacts = _named_rows(account_sql), _named_rows(contact_sql)
    read = sorted(
        [(row["history_date"][0], row["id"][0]) for row in accounts + contacts], key=lambda p: p[0], reverse=True
    )
    assert [(_utc(when), pk) for when, pk in read[:10]] == [(_utc(e.when), e.object_id) for e in shown]
    assert accounts[0]["city"] == ["Raw City", old_city]  # the change and the version before it
    assert contacts[0]["function"][0] == "Raw function"


def _utc(when: datetime.datetime) -> datetime.datetime:
    """A naive UTC time (SQLite's cursor gives naive ones, PostgreSQL's aware ones)."""
    return when.astimezone(datetime.UTC).replace(tzinfo=None) if when.tzinfo else when


def _named_rows(statement: rawsql.Statement) -> list[dict[str, list[Any]]]:
    """Rows as {column name: values in column order} (a name repeats for the version before)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(*statement)
        names = [column[0] for column in cursor.description]
        rows = []
        for values in cursor.fetchall():
            row: dict[str, list[Any]] = {}
            for name, value in zip(names, values, strict=True):
                row.setdefault(name, []).append(value)
            rows.append(row)
        return rows


def _rows(statement: rawsql.Statement) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(*statement)
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_portfolio_section_runs_and_its_baseline_sums_the_same_revenue(loaded):
    """The analysis and the bare aggregate see the same revenue per account; the overview reads no order line."""
    from kam.portfolio.models import PortfolioEntry, PortfolioRun

    analyses, page_results = portfolio.measure(repeat=2, page_repeat=2, log=print)
    assert [r.label.split(" (")[0] for r in analyses] == ["revenue, legal entity", "revenue, corporate group"]
    assert all(len(r.analysis.samples) == 2 and len(r.aggregate.samples) == 2 for r in analyses)
    assert all(set(r.phases) == set(portfolio.PHASES) for r in analyses)
    assert len(page_results) == 3
    assert all(p.queries > 3 and not p.order_line_queries for p in page_results)

    entity = PortfolioRun.objects.get(kind="current", basis="revenue", level="entity")
    start, end = analyses[0].period
    assert (entity.period_start, entity.period_end) == (start, end)
    stored = dict(PortfolioEntry.objects.filter(run=entity, revenue__gt=0).values_list("account_id", "revenue"))
    aggregate = dict(_rows((portfolio.AGGREGATE_SQL, [start, end])))
    assert analyses[0].aggregate_rows == len(aggregate) > 0
    assert {k: round(float(v), 2) for k, v in aggregate.items() if v > 0} == {
        k: round(float(v), 2) for k, v in stored.items()
    }

    text = Report(
        ["test"], portfolio.sections(analyses, page_results), portfolio.verdicts(analyses, page_results)
    ).render()
    assert "Portfolio analysis (milliseconds)" in text
    assert "  facts (packed series, contacts, ratings)" in text
    assert text.count("the bare aggregate (goal ≤ 2×)") == 2
    assert text.count("answers from the stored run") == 3


def test_portfolio_options():
    args = run.parse_args(["--portfolio-only", "--portfolio-repeat", "3"])
    assert (args.portfolio_only, args.portfolio_repeat) == (True, 3)
    with pytest.raises(SystemExit):
        run.parse_args(["--portfolio-repeat", "0"])
    with pytest.raises(SystemExit):
        run.parse_args(["--portfolio-only", "--pages-only"])
