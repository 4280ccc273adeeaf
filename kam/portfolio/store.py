"""Writing a run's entries fast: one row per analysed unit, tens of thousands at a time.

No model instances: each entry becomes a line of ``COPY`` text (PostgreSQL, written in a
few large chunks) or a tuple for ``executemany`` (SQLite); its small JSON objects are
written by hand (numbers and None only), its reasons encoded once per distinct
:class:`~kam.portfolio.analysis.Reason` object (the analysis shares them between
entries). Old runs are deleted with two plain statements.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection

from kam.portfolio import analysis
from kam.portfolio.models import PortfolioEntry, PortfolioRun

ENTRY_COLUMNS = (
    "run_id", "account_id", "rank", "value", "revenue", "margin", "share", "cumulative_share", "abc", "xyz",
    "variation", "revenue_previous", "growth", "cagr", "criterion_scores", "attractiveness", "relationship",
    "relationship_parts", "quadrant", "tier", "suggested_tier", "direction", "reasons",
)  # fmt: skip
BATCH_ROWS = 5000
SQLITE_CACHE_KIB = 256 * 1024
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _number(value: float | None) -> str:
    """A JSON number (repr of a float is one), null for None and what is not finite."""
    return "null" if value is None or not math.isfinite(value) else repr(value)


def numbers_json(values: Mapping[str, float | None]) -> str:
    """``{"key": number or null, ...}`` for a mapping of names to numbers, as ``json.dumps`` writes it."""
    return "{" + ",".join([f'"{key}":{_number(value)}' for key, value in values.items()]) + "}"


def _reason_texts(results: Sequence[analysis.EntryResult], *, for_copy: bool) -> dict[int, str]:
    """The JSON of every distinct reason object, by ``id`` (all stay alive in ``results`` meanwhile)."""
    distinct = {id(reason): reason for result in results for reason in result.reasons}
    texts = {key: _dumps({"code": r.code, "params": dict(r.params)}) for key, r in distinct.items()}
    if for_copy:
        texts = {key: _escape(text) for key, text in texts.items()}
    return texts


def _escape(text: str) -> str:
    """Text as a field of PostgreSQL's COPY text format."""
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _ordered(results: Sequence[analysis.EntryResult]) -> list[analysis.EntryResult]:
    """In account order: the indexes by account take the new entries in order."""
    return sorted(results, key=lambda result: result.key)


def entry_rows(
    run_id: int, results: Sequence[analysis.EntryResult], facts: Mapping[int, analysis.AccountFacts]
) -> Iterator[tuple[Any, ...]]:
    """One tuple per entry, in the order of :data:`ENTRY_COLUMNS` (money as floats, rounded by the database)."""
    reasons = _reason_texts(results, for_copy=False)
    for r in _ordered(results):
        f = facts[r.key]
        yield (
            run_id, r.key, r.rank, f.value, f.revenue, f.margin, r.share, r.cumulative_share, r.abc, r.xyz,
            r.variation, f.revenue_previous, r.growth, r.cagr, numbers_json(r.criterion_scores), r.attractiveness,
            r.relationship, numbers_json(r.relationship_parts), r.quadrant, f.tier, r.suggested_tier, r.direction,
            "[" + ",".join([reasons[id(reason)] for reason in r.reasons]) + "]",
        )  # fmt: skip


def _or_null(value: float | None) -> str:
    return "\\N" if value is None else str(value)


def entry_copy_lines(
    run_id: int, results: Sequence[analysis.EntryResult], facts: Mapping[int, analysis.AccountFacts]
) -> Iterator[str]:
    """The entries as lines of PostgreSQL's COPY text format (columns of :data:`ENTRY_COLUMNS`)."""
    reasons = _reason_texts(results, for_copy=True)
    for r in _ordered(results):
        f = facts[r.key]
        listed = "[" + ",".join([reasons[id(reason)] for reason in r.reasons]) + "]"
        yield (
            f"{run_id}\t{r.key}\t{r.rank}\t{f.value}\t{f.revenue}\t{f.margin}\t{r.share}\t{r.cumulative_share}\t"
            f"{r.abc}\t{r.xyz}\t{_or_null(r.variation)}\t{_or_null(f.revenue_previous)}\t{_or_null(r.growth)}\t"
            f"{_or_null(r.cagr)}\t{numbers_json(r.criterion_scores)}\t{r.attractiveness}\t{r.relationship}\t"
            f"{numbers_json(r.relationship_parts)}\t{r.quadrant}\t{f.tier}\t{r.suggested_tier}\t{r.direction}\t"
            f"{listed}\n"
        )


def _batches(items: Iterable[Any]) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def insert_entries(
    run_id: int, results: Sequence[analysis.EntryResult], facts: Mapping[int, analysis.AccountFacts]
) -> None:
    """Insert a run's entries: ``COPY`` text on PostgreSQL, ``executemany`` on SQLite."""
    table, names = PortfolioEntry._meta.db_table, ", ".join(ENTRY_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for lines in _batches(entry_copy_lines(run_id, results, facts)):
                    copy.write("".join(lines))
            # Fresh statistics, or the planner keeps the old row count and the restricted
            # (KAM) pages pick plans that take seconds until autovacuum comes round.
            cursor.execute(f"ANALYZE {table}")
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(ENTRY_COLUMNS))})"
        for batch in _batches(entry_rows(run_id, results, facts)):
            cursor.executemany(sql, batch)


@contextmanager
def bigger_cache() -> Iterator[None]:
    """SQLite: a larger page cache while the analysis reads and writes (its indexes stay in memory)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def delete_runs(run_ids: Sequence[int]) -> None:
    """Delete runs and their entries (no model signals: neither has any)."""
    if not run_ids:
        return
    marks = ", ".join(["%s"] * len(run_ids))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {PortfolioEntry._meta.db_table} WHERE run_id IN ({marks})", list(run_ids))
        cursor.execute(f"DELETE FROM {PortfolioRun._meta.db_table} WHERE id IN ({marks})", list(run_ids))
