"""Merging a staging table into its target table: duplicates, counts and the upsert itself.

The merge is one ``INSERT … SELECT … ON CONFLICT (key) DO UPDATE SET … WHERE <changed>``
on both databases, so rows that are already stored unchanged are not touched at all.
All names passed in are our own identifiers, never user input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _

from kam.core.importing.issues import IssueList


@dataclass(frozen=True)
class MergeSpec:
    """What to merge: staging table, target table, key column, columns written and compared.

    ``defaults`` gives SQL expressions for staged NULLs on insert (e.g. ``''``);
    ``group`` is a column whose values of every created or changed row are collected
    (for order lines: the accounts whose revenue needs refreshing).
    """

    stage: str
    target: str
    key: str
    columns: tuple[str, ...]
    compared: tuple[str, ...]
    group: str
    defaults: dict[str, str] = field(default_factory=dict)


@dataclass
class MergeCounts:
    """Rows created and changed by a merge, and the groups they belong to."""

    created: int = 0
    updated: int = 0
    groups: set[int] = field(default_factory=set)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _changed(spec: MergeSpec, old: str, new: str) -> str:
    """SQL that is true when the stored row ``old`` differs from ``new`` in a compared column."""
    if _postgres():
        left = ", ".join(f"{old}.{c}" for c in spec.compared)
        right = ", ".join(f"{new}.{c}" for c in spec.compared)
        return f"({left}) IS DISTINCT FROM ({right})"
    return "(" + " OR ".join(f"{old}.{c} IS NOT {new}.{c}" for c in spec.compared) + ")"


def find_duplicates(spec: MergeSpec, errors: IssueList) -> None:
    """Record every staged row whose key already appeared in an earlier row (needs a ``row_no`` column)."""
    groups = f"SELECT {spec.key}, MIN(row_no) AS first_row, COUNT(*) AS n FROM {spec.stage} GROUP BY {spec.key}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(SUM(n - 1), 0) FROM ({groups} HAVING COUNT(*) > 1) d")
        (total,) = cursor.fetchone()
        if not total:
            return
        cursor.execute(
            f"SELECT s.row_no, s.{spec.key}, d.first_row FROM {spec.stage} s "
            f"JOIN ({groups} HAVING COUNT(*) > 1) d ON d.{spec.key} = s.{spec.key} AND s.row_no <> d.first_row "
            f"ORDER BY s.row_no LIMIT %s",
            [errors.cap],
        )
        listed = 0
        for row_no, key, first_row in cursor.fetchall():
            listed += 1
            errors.add(
                row_no,
                spec.key,
                key,
                _("Duplicate key: the same %(column)s is already in row %(first)d.")
                % {"column": spec.key, "first": first_row},
            )
    errors.total += int(total) - listed


def count_changes(spec: MergeSpec) -> MergeCounts:
    """What a merge would do, without doing it."""
    changed = _changed(spec, "o", "s")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(SUM(CASE WHEN o.{spec.key} IS NULL THEN 1 ELSE 0 END), 0), "
            f"COALESCE(SUM(CASE WHEN o.{spec.key} IS NOT NULL AND {changed} THEN 1 ELSE 0 END), 0) "
            f"FROM {spec.stage} s LEFT JOIN {spec.target} o ON o.{spec.key} = s.{spec.key}"
        )
        created, updated = cursor.fetchone()
    return MergeCounts(created=int(created), updated=int(updated))


def _affected_groups(spec: MergeSpec) -> set[int]:
    """Groups of rows that will be created or changed, and the old groups of rows moving away."""
    changed = _changed(spec, "o", "s")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.{spec.group} FROM {spec.stage} s LEFT JOIN {spec.target} o ON o.{spec.key} = s.{spec.key} "
            f"WHERE o.{spec.key} IS NULL OR {changed} "
            f"UNION SELECT o.{spec.group} FROM {spec.stage} s JOIN {spec.target} o ON o.{spec.key} = s.{spec.key} "
            f"WHERE o.{spec.group} <> s.{spec.group}"
        )
        return {row[0] for row in cursor.fetchall()}


def _moved_groups(spec: MergeSpec) -> set[int]:
    """Old groups of stored rows that the staged rows move to another group."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT o.{spec.group} FROM {spec.stage} s JOIN {spec.target} o ON o.{spec.key} = s.{spec.key} "
            f"WHERE o.{spec.group} <> s.{spec.group}"
        )
        return {row[0] for row in cursor.fetchall()}


def _upsert_sql(spec: MergeSpec, returning: str = "") -> str:
    columns = ", ".join(spec.columns)
    select = ", ".join(f"COALESCE({c}, {spec.defaults[c]})" if c in spec.defaults else c for c in spec.columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in spec.compared)
    return (
        f"INSERT INTO {spec.target} AS o ({columns}) SELECT {select} FROM {spec.stage} WHERE true "
        f"ON CONFLICT ({spec.key}) DO UPDATE SET {updates} WHERE {_changed(spec, 'o', 'excluded')}{returning}"
    )


def merge(spec: MergeSpec) -> MergeCounts:
    """Insert new rows, change changed ones, leave the rest untouched; say what was done."""
    if _postgres():
        moved = _moved_groups(spec)
        sql = _upsert_sql(spec, f" RETURNING (xmax = 0) AS created, o.{spec.group} AS grp")
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH merged AS ({sql}) SELECT COUNT(*) FILTER (WHERE created), COUNT(*) FILTER (WHERE NOT created), "
                "COALESCE(ARRAY_AGG(DISTINCT grp), '{}') FROM merged"
            )
            created, updated, groups = cursor.fetchone()
        return MergeCounts(created=int(created), updated=int(updated), groups=set(groups) | moved)
    counts = count_changes(spec)
    counts.groups = _affected_groups(spec)
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(spec))
    return counts
