"""The reasons of stored entries, worded from what the entry keeps (no reasons are stored).

A refresh writes 50,000 entries; their reasons would be most of the bytes written. Every
reason follows from the entry's stored columns (rank, shares, classes, growth, scores,
relationship parts) and a few stored facts (product lines bought, buying-centre roles,
days since the last contact, revenue three years earlier), with the run's unit count and
recency setting. :func:`stored_reasons` rebuilds them with the same code the analysis uses,
for one entry or many at once; a test checks they equal the analysis's own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .base import CRITERIA, RATED_CRITERIA, RELATIONSHIP_PARTS, FactColumns, Parameters, Reason
from .compute import NUMBERS, Computed, Ranking
from .entries import reason_lists


@dataclass(frozen=True)
class StoredEntry:
    """What a stored entry keeps that its reasons depend on (numbers as floats, None when unknown)."""

    rank: int
    value: float
    revenue: float
    share: float
    cumulative_share: float
    abc: str
    xyz: str
    revenue_previous: float | None
    revenue_3y_ago: float | None
    growth: float | None
    cagr: float | None
    criterion_scores: Mapping[str, float | None]
    attractiveness: float
    relationship: float
    relationship_parts: Mapping[str, float | None]
    quadrant: str
    lines_bought: int
    lines_total: int
    roles: int
    days_since_contact: int | None


def _column(rows: Sequence[StoredEntry], name: str) -> np.ndarray:
    return np.array([np.nan if (v := getattr(r, name)) is None else float(v) for r in rows], dtype=float)


def _matrix(rows: Sequence[StoredEntry], attribute: str, names: Sequence[str]) -> np.ndarray:
    values = [[getattr(r, attribute).get(name) for name in names] for r in rows]
    return np.array([[np.nan if v is None else float(v) for v in row] for row in values], dtype=float).reshape(
        len(rows), len(names)
    )


def stored_reasons(rows: Sequence[StoredEntry], *, units: int, recency_full_days: int) -> list[list[Reason]]:
    """The reasons of each stored entry (in the order given), as the analysis gave them.

    ``units`` is the number of units of the run (for "top n %"), ``recency_full_days``
    the run's setting.
    """
    if not rows:
        return []
    scores = _matrix(rows, "criterion_scores", CRITERIA)
    parts = _matrix(rows, "relationship_parts", RELATIONSHIP_PARTS)
    facts = _facts(rows, scores, parts)
    return reason_lists(
        facts, Parameters(recency_full_days=recency_full_days), _computed(rows, facts, scores, parts, units)
    )


def _facts(rows: Sequence[StoredEntry], scores: np.ndarray, parts: np.ndarray) -> FactColumns:
    """The facts the reasons read, as columns (what a stored entry does not keep is zero)."""
    n = len(rows)
    return FactColumns(
        keys=np.arange(n, dtype=np.int64),
        tiers=np.array([""] * n, dtype=object),
        value=_column(rows, "value"),
        revenue=_column(rows, "revenue"),
        margin=np.zeros(n),
        month_total=np.zeros(n),
        month_squares=np.zeros(n),
        revenue_previous=_column(rows, "revenue_previous"),
        revenue_3y_ago=_column(rows, "revenue_3y_ago"),
        lines_bought=_column(rows, "lines_bought"),
        lines_total=_column(rows, "lines_total"),
        ratings=scores[:, len(CRITERIA) - len(RATED_CRITERIA) :],
        roles=np.array([r.roles for r in rows], dtype=np.int64),
        days_since_contact=_column(rows, "days_since_contact"),
        share_of_wallet=parts[:, RELATIONSHIP_PARTS.index("share_of_wallet")] / 100,
        nps=parts[:, RELATIONSHIP_PARTS.index("nps")] * 2 - 100,
    )


def _text(rows: Sequence[StoredEntry], name: str) -> np.ndarray:
    return np.array([getattr(r, name) for r in rows], dtype=object).astype(str)


def _computed(
    rows: Sequence[StoredEntry], facts: FactColumns, scores: np.ndarray, parts: np.ndarray, units: int
) -> Computed:
    """The analysis's results as the entries stored them (rows in the order given, ranked as stored)."""
    n = len(rows)
    return Computed(
        ranking=Ranking(
            order=np.arange(n),
            rank=np.array([r.rank for r in rows], dtype=np.int64),
            share=_column(rows, "share"),
            cumulative_share=_column(rows, "cumulative_share"),
            abc=_text(rows, "abc"),
            revenue_score=scores[:, 0],
            positive_total=0.0,
            units=units,
        ),
        keys=facts.keys,
        numbers=np.column_stack([np.asarray(getattr(facts, name), dtype=float) for name in NUMBERS]),
        values=facts.value,
        xyz=_text(rows, "xyz"),
        variation=np.full(n, np.nan),
        growth=_column(rows, "growth"),
        cagr=_column(rows, "cagr"),
        scores=scores,
        attractiveness=_column(rows, "attractiveness"),
        parts=parts,
        relationship=_column(rows, "relationship"),
        quadrant=_text(rows, "quadrant"),
        suggested_tier=np.array([""] * n),
        direction=np.array([""] * n),
    )
