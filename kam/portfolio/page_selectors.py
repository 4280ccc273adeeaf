"""Reads the portfolio pages need beyond :mod:`kam.portfolio.selectors`, built on its access-checked reads."""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from kam.portfolio import selectors
from kam.portfolio.choices import Quadrant, RunKind
from kam.portfolio.models import PortfolioEntry, PortfolioRun

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User

MATRIX_LIMIT = 300  # bubbles on the matrix: the largest accounts by value
QUADRANT_TOP = 10  # rows per quadrant in the matrix's table


def snapshot_labels(*, user: User | AnonymousUser) -> list[str]:
    """The labels (years) of the stored yearly snapshots, newest first."""
    runs = selectors.portfolio_run_list(user=user).filter(kind=RunKind.SNAPSHOT)
    return sorted(set(runs.values_list("label", flat=True)), reverse=True)


def run_select(*, user: User | AnonymousUser, basis: str, level: str, snapshot: str = "") -> PortfolioRun | None:
    """The current run of ``basis`` and ``level``, or the snapshot labelled ``snapshot``; None when missing."""
    if not snapshot:
        return selectors.portfolio_run_latest(basis=basis, level=level, kind=RunKind.CURRENT)
    runs = selectors.portfolio_run_list(user=user)
    return runs.filter(kind=RunKind.SNAPSHOT, label=snapshot, basis=basis, level=level).first()


def run_is_outdated(run: PortfolioRun, today: datetime.date | None = None) -> bool:
    """Whether a current run misses a month that has ended since (its period ends before last month's end)."""
    if run.kind != RunKind.CURRENT:
        return False
    today = today or datetime.date.today()
    end_of_last_month = today.replace(day=1) - datetime.timedelta(days=1)
    return run.period_end < end_of_last_month


def matrix_points(entries: QuerySet[PortfolioEntry], limit: int = MATRIX_LIMIT) -> list[dict[str, Any]]:
    """The largest ``limit`` entries by value as plain values for the bubble chart."""
    fields: tuple[str, ...] = ("account_id", "account__name", "attractiveness", "relationship", "revenue", "value")
    fields += ("quadrant", "abc", "xyz", "tier", "suggested_tier")
    return list(entries.order_by("rank").values(*fields)[:limit])


def quadrant_leaders(entries: QuerySet[PortfolioEntry], per_quadrant: int = QUADRANT_TOP) -> dict[str, list[Any]]:
    """The first ``per_quadrant`` entries by rank in each quadrant (one small query per quadrant)."""
    fields = ("rank", "abc", "xyz", "attractiveness", "relationship", "quadrant", "account_id", "account__name")
    base = entries.select_related(None).select_related("account").only(*fields).order_by("rank")
    return {q.value: list(base.filter(quadrant=q.value)[:per_quadrant]) for q in Quadrant}


def compare_defaults(
    *, user: User | AnonymousUser, basis: str, level: str
) -> tuple[PortfolioRun | None, PortfolioRun | None]:
    """Runs to compare when none are chosen: the newest snapshot and the current run of ``basis``/``level``."""
    new = selectors.portfolio_run_latest(basis=basis, level=level, kind=RunKind.CURRENT)
    runs = selectors.portfolio_run_list(user=user).filter(kind=RunKind.SNAPSHOT, basis=basis, level=level)
    old = runs.order_by("-label", "-computed_at").first()
    return old, new


def grid_rows(grid: Mapping[str, int]) -> tuple[list[str], list[tuple[str, list[tuple[str, int, int]]]]]:
    """The ABC/XYZ grid as rows of (class, [(xyz, count, heat 0–5)]).

    A "-" column (no XYZ class) appears only when some entry lacks an XYZ class; the heat
    shades each cell relative to the fullest one.
    """
    columns = ["X", "Y", "Z"]
    if any(grid.get(f"{abc}-", 0) for abc in "ABC"):
        columns.append("-")
    counts = {(abc, xyz): int(grid.get(f"{abc}{xyz}", 0)) for abc in "ABC" for xyz in columns}
    top = max(counts.values(), default=0)
    return columns, [
        (abc, [(xyz, counts[abc, xyz], math.ceil(5 * counts[abc, xyz] / top) if top else 0) for xyz in columns])
        for abc in "ABC"
    ]
