"""Writing a run's entries fast: one row per analysed unit, tens of thousands at a time.

No model instances: each entry becomes a tuple of database values, its small JSON
objects written by hand (numbers and None only), its reasons encoded once per distinct
:class:`~kam.portfolio.analysis.Reason` (the analysis shares them between entries).
PostgreSQL takes the rows as ``COPY`` text in a few large writes, SQLite through
``executemany``. Old runs are deleted with two plain statements.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
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
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _money(value: float | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _number(value: float | None) -> str:
    """A JSON number (repr of a float is one), null for None and what is not finite."""
    return "null" if value is None or not math.isfinite(value) else repr(value)


def numbers_json(values: Mapping[str, float | None]) -> str:
    """``{"key": number or null, ...}`` for a mapping of names to numbers, as ``json.dumps`` writes it."""
    return "{" + ",".join([f'"{key}":{_number(value)}' for key, value in values.items()]) + "}"


class _Reasons:
    """JSON text of reason lists; a reason object shared by many entries is encoded once."""

    def __init__(self) -> None:
        self.known: dict[int, tuple[analysis.Reason, str]] = {}

    def __call__(self, reasons: Sequence[analysis.Reason]) -> str:
        parts = []
        for reason in reasons:
            found = self.known.get(id(reason))
            if found is None or found[0] is not reason:
                found = self.known[id(reason)] = (reason, _dumps({"code": reason.code, "params": dict(reason.params)}))
            parts.append(found[1])
        return "[" + ",".join(parts) + "]"


def entry_rows(
    run_id: int, results: Sequence[analysis.EntryResult], facts: Mapping[int, analysis.AccountFacts]
) -> Iterator[tuple[Any, ...]]:
    """One tuple per entry, in the order of :data:`ENTRY_COLUMNS`."""
    reasons = _Reasons()
    for r in results:
        f = facts[r.key]
        yield (
            run_id, r.key, r.rank, _money(f.value), _money(f.revenue), _money(f.margin), r.share,
            r.cumulative_share, r.abc, r.xyz, r.variation, _money(f.revenue_previous), r.growth, r.cagr,
            numbers_json(r.criterion_scores), r.attractiveness, r.relationship, numbers_json(r.relationship_parts),
            r.quadrant, f.tier, r.suggested_tier, r.direction, reasons(r.reasons),
        )  # fmt: skip


def _copy_field(value: Any) -> str:
    """A value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    if isinstance(value, float) and not math.isfinite(value):
        return "\\N"
    return str(value)


def _batches(rows: Iterable[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def insert_entries(rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert entry rows: ``COPY`` text on PostgreSQL, ``executemany`` on SQLite."""
    table, names = PortfolioEntry._meta.db_table, ", ".join(ENTRY_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for batch in _batches(rows):
                    copy.write("".join(["\t".join([_copy_field(v) for v in row]) + "\n" for row in batch]))
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(ENTRY_COLUMNS))})"
        for batch in _batches(rows):
            cursor.executemany(sql, batch)


def delete_runs(run_ids: Sequence[int]) -> None:
    """Delete runs and their entries (no model signals: neither has any)."""
    if not run_ids:
        return
    marks = ", ".join(["%s"] * len(run_ids))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {PortfolioEntry._meta.db_table} WHERE run_id IN ({marks})", list(run_ids))
        cursor.execute(f"DELETE FROM {PortfolioRun._meta.db_table} WHERE id IN ({marks})", list(run_ids))
