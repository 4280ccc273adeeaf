"""KAM benchmark: order line import against COPY, pages against their raw SQL, the portfolio analysis.

    .venv/bin/python bench/run.py                      # medium size on PostgreSQL
    .venv/bin/python bench/run.py --size demo          # 2,000 customers, 200,000 order lines
    .venv/bin/python bench/run.py --database-url sqlite:////tmp/kam-bench.sqlite3 --size demo

In one run: generate the data set as CSV files (kam.demo), create and migrate a fresh
database, import products, accounts and contacts with KAM, time KAM's order line import
and then the database's own bulk load of the same rows into the same, emptied table,
and time the account list and the 360° page against the SQL they need, then the whole
portfolio analysis against the bare revenue aggregate (bench/portfolio.py). Prints a table
and writes it to bench/out/<timestamp>.txt. Run it by hand on a quiet machine.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.database import DEFAULT_URL, BenchSetupError, Target
from bench.report import Report, Section, ms, ratio

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
SIZES = {
    "demo": {"customers": 2_000, "order_lines": 200_000, "users": 10},
    "medium": {"customers": 50_000, "order_lines": 5_000_000, "users": 200},
}
IMPORT_GOAL = 0.5
PAGE_GOAL = 3.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--database-url",
        default=DEFAULT_URL,
        help="postgresql:// or sqlite:// URL of a database the script may drop and create; "
        "its name must contain 'bench' (default %(default)s)",
    )
    parser.add_argument("--size", choices=sorted(SIZES), default="medium", help="preset (default %(default)s)")
    parser.add_argument("--customers", type=int, help="number of customer accounts (overrides --size)")
    parser.add_argument("--order-lines", type=int, help="number of order lines (overrides --size)")
    parser.add_argument("--users", type=int, help="number of users (overrides --size)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the data set (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=30, help="requests per page (default %(default)s)")
    parser.add_argument("--data-dir", type=Path, help="where the CSV files go (default bench/out/data/<size>)")
    parser.add_argument(
        "--skip-generate", action="store_true", help="reuse the CSV files of an earlier run in --data-dir"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database after the run (default: drop it)")
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help="time only the pages, on the database kept by an earlier run with --keep (no data, no import)",
    )
    parser.add_argument(
        "--portfolio-only",
        action="store_true",
        help="time only the portfolio analysis and its overview page, on the database kept by an earlier run "
        "with --keep (no data, no import)",
    )
    parser.add_argument(
        "--portfolio-repeat", type=int, default=5, help="portfolio refreshes per level (default %(default)s)"
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="directory of the report (default bench/out)")
    args = parser.parse_args(argv)
    for name, value in SIZES[args.size].items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.portfolio_repeat < 1:
        parser.error("--portfolio-repeat must be at least 1")
    if args.portfolio_only and args.pages_only:
        parser.error("--portfolio-only and --pages-only exclude each other")
    if args.data_dir is None:
        args.data_dir = OUT_DIR / "data" / f"{args.customers}-{args.order_lines}-{args.users}-{args.seed}"
    return args


STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:7.1f} s] {message}", flush=True)


@dataclass
class ImportFigures:
    """The order line comparison: KAM's import, the raw bulk load, and the master data imports."""

    kam: Any
    raw: Any
    master: list[Any]
    vendor: str

    @property
    def raw_seconds(self) -> float:
        return float(self.raw.seconds)


def run_imports(data: Any) -> ImportFigures:
    """Master data, then KAM's order line import, then the raw load of the same rows (both on an empty table)."""
    from django.db import connection

    from bench import database, loading, orders

    master = loading.load_master_data(data, log)
    database.analyze()
    database.settle()
    log("timing KAM's order line import …")
    kam = orders.time_kam_import(data.path("order_lines"))
    log(f"  {kam.summary} {kam.seconds:.1f} s, {kam.rate:,.0f} rows/s")
    kam_totals = orders.order_line_totals()
    mapped = data.directory / "order_lines.ids.csv"
    log("writing the order lines with ids for the raw load (not timed) …")
    orders.write_mapped_file(data.path("order_lines"), mapped)
    orders.empty_order_lines()
    database.settle()
    log(f"timing the raw load ({'COPY' if connection.vendor == 'postgresql' else 'executemany INSERT'}) …")
    raw = orders.time_raw_load(mapped)
    log(f"  {raw.seconds:.1f} s, {kam.rows / raw.seconds:,.0f} rows/s")
    if orders.order_line_totals() != kam_totals:
        raise RuntimeError(f"The raw load holds {orders.order_line_totals()}, KAM's import {kam_totals}.")
    mapped.unlink()
    log(f"VACUUM ANALYZE after the loads: {database.analyze():.1f} s")
    return ImportFigures(kam, raw, master, connection.vendor)


def _rate_row(label: str, rows: int, seconds: float, raw_rate: float) -> list[str]:
    return [label, f"{seconds:,.1f}", f"{rows / seconds:,.0f}", ratio(rows / seconds, raw_rate)]


def import_section(figures: ImportFigures) -> Section:
    """KAM's order line import with its phases, the raw load with its parts, the master data imports."""
    kam, rows = figures.kam, figures.kam.rows
    raw_name = "PostgreSQL COPY FROM STDIN (csv)" if figures.vendor == "postgresql" else "sqlite3 executemany INSERT"
    stage = "COPY" if figures.vendor == "postgresql" else "executemany"
    section = Section("Order line import", ["", "seconds", "rows/s", "vs raw"])
    raw_rate = rows / figures.raw_seconds
    section.rows.append(_rate_row("KAM import (everything, to commit)", rows, kam.seconds, raw_rate))
    section.rows += [[f"  {phase}", f"{seconds:,.1f}", "", ""] for phase, seconds in kam.phases.items()]
    if kam.refresh_seconds:
        without = kam.seconds - kam.refresh_seconds
        section.rows.append(_rate_row("KAM import without the revenue refresh", rows, without, raw_rate))
    section.rows.append(_rate_row(raw_name, rows, figures.raw_seconds, raw_rate))
    section.rows.append(["  load statement", f"{figures.raw.statement_seconds:,.1f}", "", ""])
    section.rows.append(["  commit (deferred foreign key checks)", f"{figures.raw.commit_seconds:,.1f}", "", ""])
    section.rows += [
        [f"KAM import of {t.entity} (for information)", f"{t.seconds:,.1f}", f"{t.rate:,.0f}", ""]
        for t in figures.master
    ]
    section.notes += [
        f"{rows:,} order lines into an empty order line table with its indexes, foreign keys and check constraint.",
        f"KAM: read + decode the CSV, check every cell, map account/product keys, {stage} into a staging table,",
        "     duplicate check, INSERT … ON CONFLICT upsert, refresh of the stored yearly revenue, commit.",
        f"Raw: {raw_name} of the same rows with ids already mapped (mapping not timed), commit.",
        "Foreign keys are DEFERRABLE INITIALLY DEFERRED (Django's default), so both check them at commit.",
    ]
    return section


def page_section(results: list[Any]) -> Section:
    header = ["", "page med", "p95", "raw med", "p95", "med ×", "p95 ×", "queries", "SQL in page", "raw stmts"]
    section = Section("Pages (milliseconds)", header)
    for r in results:
        queries = str(r.queries[0]) if r.queries[0] == r.queries[1] else f"{r.queries[0]}–{r.queries[1]}"
        section.rows.append(
            [
                r.label,
                ms(r.page.median),
                ms(r.page.p95),
                ms(r.raw.median),
                ms(r.raw.p95),
                ratio(r.page.median, r.raw.median),
                ratio(r.page.p95, r.raw.p95),
                queries,
                ms(r.sql_seconds),
                str(r.raw_statements),
            ]
        )
    n = len(results[0].page.samples) if results else 0
    section.notes += [
        f"{n} requests per page through Django's test client (middleware, session, view, ORM, templates),",
        "after a warm-up; raw: the hand-written SELECTs the page needs (session, user, rows, aggregates)",
        "on a plain cursor, all rows fetched.",
        "queries / SQL in page: queries of one request and the time spent executing them (an execute wrapper).",
        "360° history section: the request htmx sends right after the 360° page (HX-Request), timed against",
        "its own raw SQL (each shown version with the one before it and the names of changed references).",
    ]
    return section


def verdicts(figures: ImportFigures | None, results: list[Any]) -> list[str]:
    lines = []
    if figures is not None:
        share = figures.kam.rate / (figures.kam.rows / figures.raw_seconds)
        verdict = "PASS" if share >= IMPORT_GOAL else "MISS"
        lines.append(f"{verdict}  import at {share:.2f}× the raw load's rate (goal ≥ {IMPORT_GOAL}×)")
    for r in results:
        worst = max(r.page.median / r.raw.median, r.page.p95 / r.raw.p95)
        lines.append(
            f"{'PASS' if worst <= PAGE_GOAL else 'MISS'}  {r.label}: {worst:.2f}× raw SQL (goal < {PAGE_GOAL:.0f}×)"
        )
    return lines


def heading(args: argparse.Namespace, started_at: datetime.datetime, server: str) -> list[str]:
    return [
        f"KAM benchmark, {started_at:%Y-%m-%d %H:%M %Z}",
        f"data: {args.customers:,} customers, {args.order_lines:,} order lines, {args.users} users, seed {args.seed}",
        f"machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
        f"load average at start {os.getloadavg()[0]:.2f}",
        f"database: {server}",
    ]


def time_pages(args: argparse.Namespace) -> list[Any]:
    from bench import pages

    results = []
    for case in pages.page_cases():
        log(f"timing {case.label} …")
        results.append(pages.time_case(case, args.repeat))
    return results


def measure_pages(args: argparse.Namespace, target: Target, started_at: datetime.datetime) -> Report:
    """``--pages-only``: the page timings on the database an earlier ``--keep`` run left."""
    from bench import database

    database.django_setup(target.url)
    try:
        log(f"migrated {target.vendor} database {target.name} in {database.migrate():.1f} s (pages only)")
        report = Report(heading(args, started_at, database.server_settings()))
        results = time_pages(args)
        report.sections.append(page_section(results))
        report.verdicts = verdicts(None, results)
        report.heading.append(f"load average at end {os.getloadavg()[0]:.2f}")
    finally:
        from django.db import connections

        connections.close_all()
    return report


def add_portfolio(args: argparse.Namespace, report: Report) -> None:
    """The portfolio analysis against the bare revenue aggregate, and its overview page (bench/portfolio.py)."""
    from bench import portfolio

    analyses, pages = portfolio.measure(args.portfolio_repeat, args.repeat, log)
    report.sections += portfolio.sections(analyses, pages)
    report.verdicts += portfolio.verdicts(analyses, pages)


def measure_portfolio(args: argparse.Namespace, target: Target, started_at: datetime.datetime) -> Report:
    """``--portfolio-only``: the portfolio timings on the database an earlier ``--keep`` run left."""
    from bench import database

    database.django_setup(target.url)
    try:
        log(f"migrated {target.vendor} database {target.name} in {database.migrate():.1f} s (portfolio only)")
        log(f"VACUUM ANALYZE (what autovacuum would do after the migrations): {database.analyze():.1f} s")
        report = Report(heading(args, started_at, database.server_settings()))
        add_portfolio(args, report)
        report.heading.append(f"load average at end {os.getloadavg()[0]:.2f}")
    finally:
        from django.db import connections

        connections.close_all()
    return report


def measure(args: argparse.Namespace, target: Target, started_at: datetime.datetime) -> Report:
    """Data set, database, import comparison and page timings; the database is dropped unless ``--keep``."""
    from bench import database, loading

    log(f"data set in {args.data_dir}")
    data = loading.data_set(
        args.data_dir,
        customers=args.customers,
        order_lines=args.order_lines,
        users=args.users,
        seed=args.seed,
        write=not args.skip_generate,
        log=log,
    )
    target.create()
    try:
        database.django_setup(target.url)
        log(f"migrated {target.vendor} database {target.name} in {database.migrate():.1f} s")
        report = Report(heading(args, started_at, database.server_settings()))
        figures = run_imports(data)
        report.sections.append(import_section(figures))
        results = time_pages(args)
        report.sections.append(page_section(results))
        report.verdicts = verdicts(figures, results)
        add_portfolio(args, report)
        report.heading.append(f"load average at end {os.getloadavg()[0]:.2f}")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            target.drop()
    return report


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started_at = datetime.datetime.now().astimezone()  # before Django sets the process time zone
    try:
        target = Target.parse(args.database_url)
    except BenchSetupError as exc:
        print(exc, file=sys.stderr)
        return 2
    chosen = measure_pages if args.pages_only else measure_portfolio if args.portfolio_only else measure
    text = chosen(args, target, started_at).render()
    print("\n" + text)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"{started_at:%Y%m%d-%H%M%S}.txt"
    path.write_text(text, encoding="utf-8")
    log(f"written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
