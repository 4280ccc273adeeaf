"""Writing a run's entries fast: one row per analysed unit, tens of thousands at a time.

No model instances and no per-entry objects: every column is turned into text in one
pass over its numpy array (the small JSON objects assembled from per-column pieces), and
the rows are joined from the columns. Reasons are not stored: they are worded from the
stored columns when shown (:mod:`kam.portfolio.analysis.stored`).
PostgreSQL takes them as ``COPY`` text, SQLite by ``executemany`` (its column affinity
turns the numbers' text back into numbers; ``repr`` of a float round-trips exactly).
Old runs are deleted with two plain statements.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import repeat

import numpy as np
from django.db import connection

from kam.portfolio import analysis
from kam.portfolio.models import PortfolioEntry, PortfolioRun

ENTRY_COLUMNS = (
    "run_id", "account_id", "rank", "value", "revenue", "margin", "share", "cumulative_share", "abc", "xyz",
    "variation", "revenue_previous", "growth", "cagr", "criterion_scores", "attractiveness", "relationship",
    "relationship_parts", "quadrant", "tier", "suggested_tier", "direction", "revenue_3y_ago", "lines_bought",
    "lines_total", "roles", "days_since_contact",
)  # fmt: skip
BATCH_ROWS = 5000
#: Decimals the analysis rounds scores, parts, attractiveness and relationship to.
ROUNDED = 4
SQLITE_CACHE_KIB = 256 * 1024
# ANALYZE samples 300 rows per unit of the statistics target; a few thousand rows tell the
# planner the size of the new run, which is all the readers' plans depend on.
ANALYZE_STATISTICS_TARGET = 10


def _floats(values: np.ndarray, null: str | None) -> list[str | None]:
    """Each number as text (``repr``: exact), ``null`` for NaN."""
    texts: list[str | None] = list(map(repr, np.asarray(values, dtype=float).tolist()))
    for i in np.flatnonzero(np.isnan(values)).tolist():
        texts[i] = null
    return texts


def _scaled(values: np.ndarray, digits: int, null: str | None) -> list[str | None]:
    """Numbers already rounded to ``digits`` decimals as exact text: ``12345e-4`` for 1.2345.

    Formatting whole numbers is several times faster than ``repr``; the database (and JSON)
    reads ``12345e-4`` as the double nearest to 1.2345, which is what rounding gave. Money,
    summed from cents, is rounded to the cent here.
    """
    known = ~np.isnan(values)
    scaled = np.rint(np.where(known, values, 0.0) * 10**digits).astype(np.int64).tolist()
    suffix = f"e-{digits}"
    texts: list[str | None] = [f"{number}{suffix}" for number in scaled]
    for i in np.flatnonzero(~known).tolist():
        texts[i] = null
    return texts


def _json_objects(names: Sequence[str], matrix: np.ndarray) -> list[str]:
    """``{"name": number or null, ...}`` per row of ``matrix`` (one column per name), as json.dumps writes it."""
    pieces: list[object] = []
    for i, name in enumerate(names):
        pieces += [repeat(("{" if i == 0 else ",") + f'"{name}":'), _scaled(matrix[:, i], ROUNDED, "null")]
    pieces.append(repeat("}"))
    return list(map("".join, zip(*pieces, strict=False)))  # type: ignore[call-overload]


def _integers(values: np.ndarray, null: str | None) -> list[str | None]:
    """Whole numbers as text, ``null`` for NaN."""
    known = ~np.isnan(values)
    texts: list[str | None] = list(map(str, np.where(known, values, 0).astype(np.int64).tolist()))
    for i in np.flatnonzero(~known).tolist():
        texts[i] = null
    return texts


def entry_columns(
    run_id: int, facts: analysis.FactColumns, c: analysis.Computed, *, null: str | None
) -> list[list[str | None]]:
    """The entries as text columns in the order of :data:`ENTRY_COLUMNS` (rows in the facts' order).

    ``null`` stands for a missing number (``\\N`` for COPY, None for parameters).
    """
    n, r = len(facts), c.ranking
    return [
        list(repeat(str(run_id), n)),
        list(map(str, c.keys.tolist())),
        list(map(str, r.rank.tolist())),
        *(_scaled(values, 2, null) for values in (facts.value, facts.revenue, facts.margin)),
        *(_floats(values, null) for values in (r.share, r.cumulative_share)),
        r.abc.tolist(),
        c.xyz.tolist(),
        _floats(c.variation, null),
        _scaled(facts.revenue_previous, 2, null),
        *(_floats(values, null) for values in (c.growth, c.cagr)),
        _json_objects(analysis.CRITERIA, c.scores),
        _scaled(c.attractiveness, ROUNDED, null),
        _scaled(c.relationship, ROUNDED, null),
        _json_objects(analysis.RELATIONSHIP_PARTS, c.parts),
        c.quadrant.tolist(),
        list(map(str, facts.tiers.tolist())),
        c.suggested_tier.tolist(),
        c.direction.tolist(),
        _scaled(facts.revenue_3y_ago, 2, null),
        *(_integers(np.asarray(values, dtype=float), null) for values in (facts.lines_bought, facts.lines_total)),
        list(map(str, np.asarray(facts.roles, dtype=np.int64).tolist())),
        _integers(facts.days_since_contact, null),
    ]


def insert_entries(run_id: int, facts: analysis.FactColumns, c: analysis.Computed, *, analyze: bool = True) -> None:
    """Insert a run's entries: ``COPY`` text on PostgreSQL, ``executemany`` on SQLite.

    ``analyze``: refresh PostgreSQL's statistics of the entries afterwards (for a new run:
    a run that keeps its id and its size keeps statistics that are still right).
    """
    table, names = PortfolioEntry._meta.db_table, ", ".join(ENTRY_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            columns = entry_columns(run_id, facts, c, null="\\N")
            text = "".join(line + "\n" for line in map("\t".join, zip(*columns, strict=True)))  # type: ignore[arg-type]
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                copy.write(text)
            if analyze:
                _analyze_small(cursor, table)
            return
        rows = list(zip(*entry_columns(run_id, facts, c, null=None), strict=True))
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(ENTRY_COLUMNS))})"
        for start in range(0, len(rows), BATCH_ROWS):
            cursor.executemany(sql, rows[start : start + BATCH_ROWS])


def _analyze_small(cursor: object, table: str) -> None:
    """Fresh statistics from a small sample: without them the planner keeps the replaced run's
    figures (no row of the new run id) and the restricted (KAM) pages pick plans that take seconds."""
    run = cursor.execute  # type: ignore[attr-defined]
    run("SHOW default_statistics_target")
    (before,) = cursor.fetchone()  # type: ignore[attr-defined]
    run(f"SET LOCAL default_statistics_target = {ANALYZE_STATISTICS_TARGET}")
    run(f"ANALYZE {table}")
    run("SELECT set_config('default_statistics_target', %s, true)", [before])


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


def delete_entries(run_id: int) -> None:
    """Delete the entries of one run."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {PortfolioEntry._meta.db_table} WHERE run_id = %s", [run_id])


def delete_runs(run_ids: Sequence[int]) -> None:
    """Delete runs and their entries (no model signals: neither has any)."""
    if not run_ids:
        return
    marks = ", ".join(["%s"] * len(run_ids))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {PortfolioEntry._meta.db_table} WHERE run_id IN ({marks})", list(run_ids))
        cursor.execute(f"DELETE FROM {PortfolioRun._meta.db_table} WHERE id IN ({marks})", list(run_ids))
