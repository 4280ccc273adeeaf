"""Order line import: KAM's importer against the raw database loading the same rows.

* **KAM**: ``kam import orders order_lines.csv`` as a function call, from opening the file
  to the commit: reading and decoding the CSV, checking every cell, looking up accounts
  and products, ``COPY`` into a temporary staging table (``executemany`` on SQLite), the
  duplicate check, the upsert into the order line table and the refresh of the stored
  yearly revenue. The phases are timed by wrapping the importer's helpers.
* **Raw database**: the same rows, with account and product ids already filled in (that
  mapping is prepared beforehand and not timed), loaded into the same, emptied order line
  table with all its indexes, foreign keys and check constraint: PostgreSQL's
  ``COPY … FROM STDIN (FORMAT csv, HEADER)``; on SQLite, ``executemany`` of a plain
  ``INSERT`` through the ``sqlite3`` module, reading the same CSV.
"""

from __future__ import annotations

import csv
import importlib
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

COLUMNS = ("external_id", "account_id", "product_id", "date", "quantity", "net_revenue", "margin", "document_number")
BLOCK_BYTES = 1 << 20
BATCH_ROWS = 10_000
# The importer's helpers whose duration is reported as a phase: (module, function).
PHASES = (
    ("kam.orders.importers", "find_duplicates"),
    ("kam.orders.importers", "merge"),
    ("kam.core.importing.merge", "_moved_groups"),
    ("kam.orders.importers", "revenue_summary_refresh"),
)


@dataclass
class PhaseClock:
    """Start and end times of the wrapped importer helpers."""

    marks: dict[str, tuple[float, float]] = field(default_factory=dict)

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                earlier = self.marks.get(name)
                self.marks[name] = (earlier[0] if earlier else started, time.perf_counter())

        return timed


@dataclass
class OrderImport:
    """The timed KAM order line import and its phases (seconds; absent phases are missing)."""

    rows: int
    seconds: float
    summary: str
    phases: dict[str, float]

    @property
    def rate(self) -> float:
        return self.rows / self.seconds

    @property
    def refresh_seconds(self) -> float:
        return self.phases.get("revenue summary refresh", 0.0)


@contextmanager
def _clocked(clock: PhaseClock) -> Iterator[None]:
    """Wrap the importer's helpers that exist (a renamed one just drops out of the breakdown)."""
    with ExitStack() as stack:
        for module_name, name in PHASES:
            module = importlib.import_module(module_name)
            if hasattr(module, name):
                stack.enter_context(mock.patch.object(module, name, clock.wrap(name, getattr(module, name))))
        yield


def _phases(started: float, ended: float, clock: PhaseClock) -> dict[str, float]:
    """Durations between the marks: before the first helper is reading and staging."""
    marks = clock.marks
    phases: dict[str, float] = {}
    if "find_duplicates" in marks:
        phases["read, check, stage"] = marks["find_duplicates"][0] - started
        phases["duplicate check"] = marks["find_duplicates"][1] - marks["find_duplicates"][0]
    if "merge" in marks:
        moved = marks.get("_moved_groups")
        moved_seconds = moved[1] - moved[0] if moved else 0.0
        if moved:
            phases["find lines moving to another account"] = moved_seconds
        phases["upsert into order lines"] = marks["merge"][1] - marks["merge"][0] - moved_seconds
    if "revenue_summary_refresh" in marks:
        refresh = marks["revenue_summary_refresh"]
        phases["revenue summary refresh"] = refresh[1] - refresh[0]
        phases["commit (deferred foreign key checks)"] = ended - refresh[1]
    accounted = sum(phases.values())
    if phases:
        phases["other (sample, bookkeeping)"] = max(ended - started - accounted, 0.0)
    return phases


def time_kam_import(path: Path) -> OrderImport:
    """Import ``path`` with KAM's order line importer (the ``kam import orders`` code path)."""
    from bench.loading import kam_import

    clock = PhaseClock()
    with _clocked(clock):
        started = time.perf_counter()
        timing = kam_import("orders", path)
        ended = time.perf_counter()
    return OrderImport(timing.rows, ended - started, timing.summary, _phases(started, ended, clock))


def write_mapped_file(source: Path, target: Path) -> int:
    """The order lines of ``source`` with account and product ids instead of keys; returns the rows."""
    from kam.accounts.models import Account
    from kam.products.models import Product

    accounts = {
        k: str(v) for k, v in Account.objects.filter(external_id__isnull=False).values_list("external_id", "pk")
    }
    products = {k: str(v) for k, v in Product.objects.values_list("sku", "pk")}
    rows = 0
    with source.open(newline="", encoding="utf-8") as src, target.open("w", newline="", encoding="utf-8") as dst:
        reader = csv.DictReader(src)
        writer = csv.writer(dst, lineterminator="\n")
        writer.writerow(COLUMNS)
        for line in reader:
            writer.writerow(
                (
                    line["external_id"],
                    accounts[line["account_external_id"]],
                    products[line["product_sku"]],
                    line["date"],
                    line["quantity"],
                    line["net_revenue"],
                    line["margin"],
                    line.get("document_number") or "",
                )
            )
            rows += 1
    return rows


def empty_order_lines() -> None:
    """Delete every order line, committed (the stored yearly revenue is left as it is)."""
    from django.db import connection

    from kam.orders.models import OrderLine

    table = OrderLine._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {table}" if connection.vendor == "postgresql" else f"DELETE FROM {table}")


@dataclass(frozen=True)
class RawLoad:
    """The database's own bulk load: the statement(s) and the commit (where deferred foreign keys are checked)."""

    statement_seconds: float
    commit_seconds: float

    @property
    def seconds(self) -> float:
        return self.statement_seconds + self.commit_seconds


def time_raw_load(mapped: Path) -> RawLoad:
    """The database's own bulk load of the mapped file into the order line table, timed to the commit."""
    from django.db import connection, transaction

    from kam.orders.models import OrderLine

    table = OrderLine._meta.db_table
    columns = ", ".join(COLUMNS)
    started = time.perf_counter()
    with transaction.atomic():
        raw = connection.connection
        assert raw is not None
        if connection.vendor == "postgresql":
            options = "FORMAT csv, HEADER, FORCE_NOT_NULL (document_number)"
            copy_sql = f"COPY {table} ({columns}) FROM STDIN ({options})"
            with raw.cursor() as cursor, cursor.copy(copy_sql) as copy, mapped.open("rb") as handle:
                while block := handle.read(BLOCK_BYTES):
                    copy.write(block)
        else:
            _sqlite_insert(raw, table, columns, mapped)
        loaded = time.perf_counter()
    return RawLoad(loaded - started, time.perf_counter() - loaded)


def _sqlite_insert(raw: Any, table: str, columns: str, mapped: Path) -> None:
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(COLUMNS))})"
    cursor = raw.cursor()
    with mapped.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        batch: list[list[str]] = []
        for row in reader:
            batch.append(row)
            if len(batch) >= BATCH_ROWS:
                cursor.executemany(sql, batch)
                batch = []
        cursor.executemany(sql, batch)
    cursor.close()


def order_line_totals() -> tuple[int, Any]:
    """Number of order lines and their summed net revenue (to check both loads hold the same rows)."""
    from django.db.models import Count, Sum

    from kam.orders.models import OrderLine

    totals = OrderLine.objects.aggregate(n=Count("id"), revenue=Sum("net_revenue"))
    return totals["n"], totals["revenue"]
