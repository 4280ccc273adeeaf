"""The whole portfolio analysis against the bare revenue aggregate, and the overview from the stored result.

The analysis is ``kam.portfolio.services.portfolio_refresh`` (what ``kam portfolio refresh``
and the imports call): read the facts of every account or group, classify, store the run
and its entries, replace the previous run, commit. The baseline is the one aggregate any
revenue ranking needs, run on a plain cursor with every row fetched::

    SELECT account_id, SUM(net_revenue) FROM orders_orderline
    WHERE date BETWEEN <period start> AND <period end> GROUP BY account_id

Both are timed alternately (so they see the same background load) after one warm-up run
each; the phases of the analysis are timed by wrapping the service's helpers. The overview
page is then requested through Django's test client: it must answer from the stored run,
so the SQL of one request is captured and checked for ``orders_orderline``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from bench.report import Section, Timing, ms, ratio

AGGREGATE_SQL = (
    "SELECT account_id, SUM(net_revenue) FROM orders_orderline WHERE date BETWEEN %s AND %s GROUP BY account_id"
)
#: The helpers timed inside a refresh: (module, function) → label. The service calls each through
#: its module, so replacing the module attribute times every call.
PHASES = {
    "services.portfolio_facts": "facts (packed series, contacts, ratings)",
    "analysis.analyse_columns": "analysis (numpy)",
    "analysis.summarise": "summary",
    "services._insert_rows": "store the entries (reasons, encode, COPY/INSERT, ANALYZE)",
    "store.delete_runs": "delete the replaced run",
}


@dataclass
class AnalysisResult:
    """One basis/level: the analysis against the bare aggregate, with the analysis's phases."""

    label: str
    analysis: Timing
    aggregate: Timing
    units: int
    aggregate_rows: int
    period: tuple[dt.date, dt.date]
    phases: dict[str, Timing] = field(default_factory=dict)
    sql: Timing | None = None

    @property
    def ratio(self) -> float:
        return self.analysis.median / self.aggregate.median


@dataclass
class PageResult:
    """The overview page: timings, the queries of one request, and whether one read the order lines."""

    label: str
    page: Timing
    queries: int
    sql_seconds: float
    order_line_queries: list[str]


class _Timers:
    """Seconds per wrapped helper and of all SQL, collected over one refresh."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(PHASES, 0.0)
        self.sql = 0.0

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - started

        return timed

    def execute(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.sql += time.perf_counter() - started


@contextmanager
def _timed_helpers(timers: _Timers) -> Iterator[None]:
    """Wrap the refresh's helpers (see PHASES) and count its SQL time, for one refresh."""
    from django.db import connection

    from kam.portfolio import analysis, services, store

    modules = {"services": services, "analysis": analysis, "store": store}
    originals = []
    try:
        for name in PHASES:
            module_name, attribute = name.split(".")
            module = modules[module_name]
            originals.append((module, attribute, getattr(module, attribute)))
            setattr(module, attribute, timers.wrap(name, getattr(module, attribute)))
        with connection.execute_wrapper(timers.execute):
            yield
    finally:
        for module, attribute, function in originals:
            setattr(module, attribute, function)


def _refresh(basis: str, level: str) -> tuple[float, Any, _Timers]:
    from kam.portfolio import services

    timers = _Timers()
    with _timed_helpers(timers):
        started = time.perf_counter()
        run = services.portfolio_refresh(basis=basis, level=level)
        elapsed = time.perf_counter() - started
    _vacuum_entries()
    return elapsed, run, timers


def _vacuum_entries() -> None:
    """PostgreSQL: reclaim the replaced entries (not timed), as autovacuum does between refreshes.

    A refresh deletes the run's 50,000 entries and writes them again; without autovacuum
    (switched off on some servers, this one among them) the dead rows pile up and every
    further refresh writes into a table and indexes several times their size.
    """
    from django.db import connection

    from kam.portfolio.models import PortfolioEntry

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {PortfolioEntry._meta.db_table}")


def _aggregate(period: tuple[dt.date, dt.date]) -> tuple[float, int]:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(AGGREGATE_SQL, [period[0], period[1]])
        rows = cursor.fetchall()
    return time.perf_counter() - started, len(rows)


def time_analysis(label: str, *, basis: str, level: str, repeat: int) -> AnalysisResult:
    """``repeat`` refreshes and as many runs of the bare aggregate, alternating, after a warm-up of each."""
    _elapsed, run, _timers = _refresh(basis, level)
    period = (run.period_start, run.period_end)
    _aggregate(period)
    analysis, aggregate, sql, rows = [], [], [], 0
    phases: dict[str, list[float]] = {name: [] for name in PHASES}
    for i in range(repeat):
        if i % 2:
            seconds, rows = _aggregate(period)
            aggregate.append(seconds)
        elapsed, run, timers = _refresh(basis, level)
        analysis.append(elapsed)
        sql.append(timers.sql)
        for name, seconds in timers.seconds.items():
            phases[name].append(seconds)
        if not i % 2:
            seconds, rows = _aggregate(period)
            aggregate.append(seconds)
    return AnalysisResult(
        label=label,
        analysis=Timing.of(analysis),
        aggregate=Timing.of(aggregate),
        units=run.accounts_count,
        aggregate_rows=rows,
        period=period,
        phases={name: Timing.of(samples) for name, samples in phases.items()},
        sql=Timing.of(sql),
    )


def analysis_cases(repeat: int) -> list[AnalysisResult]:
    """Basis revenue at legal-entity level and at group level, each against the same aggregate."""
    from kam.accounts.models import Account
    from kam.portfolio.choices import Basis, Level

    accounts = Account.objects.count()
    return [
        time_analysis(f"revenue, legal entity ({accounts:,} accounts)", basis=Basis.REVENUE, level=Level.ENTITY,
                      repeat=repeat),
        time_analysis("revenue, corporate group", basis=Basis.REVENUE, level=Level.GROUP, repeat=repeat),
    ]  # fmt: skip


def _get(client: Any, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}, not 200.")
    return elapsed


def time_page(label: str, user: Any, url: str, repeat: int) -> PageResult:
    """``repeat`` requests after a warm-up; one more under CaptureQueriesContext to see its SQL."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    _get(client, url)
    samples = [_get(client, url) for _ in range(repeat)]
    with CaptureQueriesContext(connection) as captured:
        _get(client, url)
    queries = [q["sql"] for q in captured.captured_queries]
    seconds = sum(float(q.get("time") or 0) for q in captured.captured_queries)
    scans = [sql for sql in queries if "orders_orderline" in sql]
    return PageResult(label, Timing.of(samples), len(queries), seconds, scans)


def page_cases(repeat: int) -> list[PageResult]:
    """The overview as head of KAM (stored summary) and as a KAM (aggregated over their entries)."""
    from django.urls import reverse

    from kam.accounts.access import visible_accounts
    from kam.users.choices import Role
    from kam.users.models import User

    url = reverse("portfolio:overview")
    head = User.objects.filter(role=Role.HEAD_OF_KAM).order_by("pk").first()
    kam = User.objects.filter(role=Role.KAM).order_by("pk").first()
    if head is None or kam is None:
        raise RuntimeError("The data set needs a head of KAM and a key account manager.")
    kam_accounts = visible_accounts(kam).count()
    kam_label = f"overview, level entity, KAM ({kam_accounts:,} accounts)"
    results = [
        time_page("overview /portfolio/, head of KAM (group level)", head, url, repeat),
        time_page(f"{kam_label}, right after the refresh", kam, f"{url}?level=entity", repeat),
    ]
    analyze_entries()
    results.append(time_page(f"{kam_label}, after ANALYZE of the entries", kam, f"{url}?level=entity", repeat))
    return results


def analyze_entries() -> None:
    """``ANALYZE`` the entry table: what autovacuum does within a minute of a refresh (it replaces every row).

    Right after a refresh the planner has no statistics on the new run's id; the pages that
    aggregate over a KAM's entries may then pick a poor plan. Timing the page before and
    after shows whether that matters.
    """
    from django.db import connection

    from kam.portfolio.models import PortfolioEntry

    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {PortfolioEntry._meta.db_table}")


def measure(
    repeat: int, page_repeat: int, log: Callable[[str], None] = print
) -> tuple[list[AnalysisResult], list[PageResult]]:
    """Everything this module times: the two analyses, then the overview pages from their stored runs."""
    log(f"timing the portfolio analysis ({repeat} refreshes per level, alternating with the bare aggregate) …")
    analyses = analysis_cases(repeat)
    for r in analyses:
        log(f"  {r.label}: {r.analysis.median:.2f} s, aggregate {r.aggregate.median:.2f} s ({r.ratio:.2f}×)")
    log("timing the portfolio overview page …")
    return analyses, page_cases(page_repeat)


GOAL = 2.0


def sections(analyses: list[AnalysisResult], pages: list[PageResult]) -> list[Section]:
    """The analysis against the aggregate (with phases), and the overview pages."""
    header = ["", "analysis med", "p95", "aggregate med", "p95", "med ×", "units", "agg. rows"]
    table = Section("Portfolio analysis (milliseconds)", header)
    for r in analyses:
        table.rows.append(
            [r.label, ms(r.analysis.median), ms(r.analysis.p95), ms(r.aggregate.median), ms(r.aggregate.p95),
             ratio(r.analysis.median, r.aggregate.median), f"{r.units:,}", f"{r.aggregate_rows:,}"]
        )  # fmt: skip
        for name, timing in r.phases.items():
            table.rows.append([f"  {PHASES[name]}", ms(timing.median), "", "", "", "", "", ""])
        if r.sql is not None:
            table.rows.append(["  all SQL of the refresh", ms(r.sql.median), "", "", "", "", "", ""])
    if analyses:
        start, end = analyses[0].period
        n = len(analyses[0].analysis.samples)
        table.notes += [
            f"Analysis: kam.portfolio.services.portfolio_refresh for {start} to {end} (the default period), {n} runs",
            "after a warm-up: facts, classification, store run and entries, delete the previous run, commit.",
            "Aggregate: SELECT account_id, SUM(net_revenue) FROM orders_orderline WHERE date BETWEEN … GROUP BY",
            "account_id on a plain cursor, all rows fetched; alternating with the analysis.",
        ]
    page_table = Section(
        "Portfolio overview page (milliseconds)", ["", "page med", "p95", "queries", "SQL in page", "order lines read"]
    )
    for p in pages:
        page_table.rows.append(
            [p.label, ms(p.page.median), ms(p.page.p95), str(p.queries), ms(p.sql_seconds),
             f"yes ({len(p.order_line_queries)} queries)" if p.order_line_queries else "no"]
        )  # fmt: skip
    page_table.notes.append(
        "One request under CaptureQueriesContext: its queries, and whether any reads orders_orderline."
    )
    return [table, page_table]


def verdicts(analyses: list[AnalysisResult], pages: list[PageResult]) -> list[str]:
    lines = []
    for r in analyses:
        verdict = "PASS" if r.ratio <= GOAL else "MISS"
        lines.append(
            f"{verdict}  portfolio analysis, {r.label}: {r.ratio:.2f}× the bare aggregate (goal ≤ {GOAL:.0f}×)"
        )
    for p in pages:
        verdict = "FAIL" if p.order_line_queries else "PASS"
        lines.append(f"{verdict}  {p.label} answers from the stored run ({p.queries} queries, no order line read)"
                     if not p.order_line_queries else f"{verdict}  {p.label} reads the order lines")  # fmt: skip
    return lines
