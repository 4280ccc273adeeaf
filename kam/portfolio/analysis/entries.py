"""The per-unit part of the portfolio analysis: results and their reasons, in rank order.

Reasons are built column by column: each reason's key (a percentage, a class, a role set)
is computed for all units at once, and units with equal keys share one :class:`Reason`
object. Reasons are frozen; their ``params`` must never be mutated.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import repeat, starmap
from typing import Any

import numpy as np

from .base import (
    BUYING_ROLES,
    CORE_ROLES,
    CRITERIA,
    EPS,
    NOTABLE_GROWTH,
    NOTABLE_WHITESPACE_SCORE,
    RATED_CRITERIA,
    RELATIONSHIP_PARTS,
    EntryResult,
    FactColumns,
    Parameters,
    Reason,
)
from .compute import NUMBERS, Computed


def build_entries(facts: FactColumns, params: Parameters, c: Computed) -> list[EntryResult]:
    """One EntryResult per unit, in rank order."""
    with _collector_paused():
        order = c.ranking.order
        columns = zip(
            c.keys[order].tolist(),
            c.ranking.rank[order].tolist(),
            c.ranking.share[order].tolist(),
            c.ranking.cumulative_share[order].tolist(),
            c.ranking.abc[order].tolist(),
            c.xyz[order].tolist(),
            plain(c.variation[order]),
            plain(c.growth[order]),
            plain(c.cagr[order]),
            _dicts(CRITERIA, plain(c.scores[order])),
            c.attractiveness[order].tolist(),
            c.relationship[order].tolist(),
            _dicts(RELATIONSHIP_PARTS, plain(c.parts[order])),
            c.quadrant[order].tolist(),
            c.suggested_tier[order].tolist(),
            c.direction[order].tolist(),
            reason_lists(facts, params, c),
            strict=True,
        )
        # Positional arguments (the order of EntryResult's fields) are markedly faster.
        return list(starmap(EntryResult, columns))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that hold no cycles.

    Creating hundreds of thousands of containers triggers repeated collections that scan
    them all again; the objects built here cannot form cycles, so nothing is lost.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def reason_lists(facts: FactColumns, params: Parameters, c: Computed) -> list[list[Reason]]:
    """The reasons of every unit (in rank order), most important first (see :func:`reason_columns`)."""
    present = reason_columns(facts, params, c)
    # Per unit, the reasons of the columns that have one for it (filter drops the Nones).
    return list(map(list, map(filter, repeat(None), zip(*present, strict=True))))


def reason_columns(facts: FactColumns, params: Parameters, c: Computed) -> list[list[Reason | None]]:
    """The reasons as columns: one list per kind of reason, one Reason or None per unit in rank order.

    Order: value (top share, share of value or no value), class, growth (3 years, then last
    year), new customer, whitespace, notable ratings, unrated count, attractiveness,
    relationship, buying-centre gaps, contact recency, share of wallet, NPS, quadrant.
    Columns without any reason are left out. Units with equal reasons share one object.
    """
    order = c.ranking.order
    numbers = c.numbers[order]
    ratings = c.scores[order, 2:]
    unrated = np.isnan(ratings).sum(axis=1)
    core = sum(1 << BUYING_ROLES.index(role) for role in CORE_ROLES)
    columns = [
        *_value_columns(c, order),
        _column(np.char.add(c.ranking.abc[order], c.xyz[order]).tolist(), _abc),
        _growth_column(c.cagr[order], 3),
        _growth_column(c.growth[order], 1),
        _flag_column(_new(numbers), Reason("new")),
        _whitespace_column(numbers, c.scores[order, 1]),
        *_rated_columns(ratings),
        _column(
            unrated.tolist(), lambda k: Reason("unrated", {"count": k, "total": len(RATED_CRITERIA)}) if k else None
        ),
        _score_column("attractiveness", c.attractiveness[order]),
        _score_column("relationship", c.relationship[order]),
        _column((np.asarray(facts.roles, dtype=np.int64)[order] & core).tolist(), _coverage),
        _contact_column(numbers[:, NUMBERS.index("days_since_contact")], params.recency_full_days),
        _known_column(c.parts[order, 0], lambda k: Reason("share_of_wallet", {"percent": k})),
        _known_column(c.parts[order, 3] * 2 - 100, lambda k: Reason("nps", {"score": k})),
        _column(c.quadrant[order].tolist(), lambda k: Reason("quadrant", {"quadrant": k})),
    ]
    return [column for column in columns if column is not None]


def _column(keys: list[Any], make: Callable[[Any], Reason | None]) -> list[Any]:
    """One reason (or None) per unit: ``make`` is called once per distinct key."""
    table = {k: make(k) for k in set(keys)}
    return list(map(table.__getitem__, keys))


def _value_columns(c: Computed, order: np.ndarray) -> list[list[Any] | None]:
    """top_share (A and B), share (A) and no_value (value ≤ 0)."""
    abc, value = c.ranking.abc[order], c.values[order]
    ranks = c.ranking.rank[order] / (c.ranking.units or len(order)) * 100
    top = np.where(ranks >= 1 - EPS, np.ceil(ranks - EPS), np.maximum(np.ceil(ranks * 10 - EPS) / 10, 0.1))
    no_value = np.where(value > 0, 0, np.where(value < 0, 2, 1))
    return [
        _known_column(np.where((value > 0) & (abc != "C"), top, np.nan), _top_share, rounded=False),
        _known_column(
            np.where((value > 0) & (abc == "A"), percents(c.ranking.share[order]), np.nan), _share, rounded=False
        ),
        _column(no_value.tolist(), lambda k: Reason("no_value", {"negative": k == 2}) if k else None)
        if no_value.any()
        else None,
    ]


def _known_column(values: np.ndarray, make: Callable[[Any], Reason], *, rounded: bool = True) -> list[Any] | None:
    """A reason for every unit with a value (not NaN), made from the value (rounded to a whole number)."""
    known = ~np.isnan(values)
    if not known.any():
        return None
    objects = np.full(len(values), None, dtype=object)
    objects[known] = np.rint(values[known]).astype(np.int64) if rounded else values[known]
    return _column(objects.tolist(), lambda k: None if k is None else make(k))


def _flag_column(flags: np.ndarray, reason: Reason) -> list[Any] | None:
    if not flags.any():
        return None
    return [reason if flag else None for flag in flags.tolist()]


def _abc(key: str) -> Reason:
    return Reason("abc", {"abc": key[:1], "xyz": key[1:]})


def _top_share(percent: float) -> Reason:
    return Reason("top_share", {"percent": int(percent) if percent == int(percent) else percent})


def _share(percent: float) -> Reason:
    return Reason("share", {"percent": percent})


def _growth_column(rates: np.ndarray, years: int) -> list[Any] | None:
    notable = np.abs(np.nan_to_num(rates)) >= NOTABLE_GROWTH - EPS
    return _known_column(
        np.where(notable, rates * 100, np.nan),
        lambda k: Reason("growth" if k > 0 else "decline", {"percent": abs(k), "years": years}),
    )


def _score_column(code: str, scores: np.ndarray) -> list[Any]:
    return _column(np.rint(scores).astype(np.int64).tolist(), lambda k: Reason(code, {"score": k}))


def _whitespace_column(numbers: np.ndarray, cross: np.ndarray) -> list[Any] | None:
    notable = np.flatnonzero(np.nan_to_num(cross) >= NOTABLE_WHITESPACE_SCORE - EPS)
    if not len(notable):
        return None
    bought = numbers[notable, NUMBERS.index("lines_bought")]
    lines = numbers[notable, NUMBERS.index("lines_total")]
    keys: list[Any] = [None] * len(cross)
    for i, b, t in zip(notable.tolist(), np.minimum(bought, lines).tolist(), lines.tolist(), strict=True):
        keys[i] = (int(b), int(t))
    return _column(keys, lambda k: None if k is None else Reason("whitespace", {"bought": k[0], "total": k[1]}))


def _contact_column(days: np.ndarray, full_days: int) -> list[Any]:
    """never_contacted (key −1), no_recent_contact (key: whole days past full_days), else nothing (0)."""
    keys = np.where(np.isnan(days), -1, np.where(days > full_days, np.floor(np.nan_to_num(days)), 0))

    def make(k: int) -> Reason | None:
        if k < 0:
            return Reason("never_contacted")
        return Reason("no_recent_contact", {"days": k}) if k else None

    return _column(keys.astype(np.int64).tolist(), make)


def _new(numbers: np.ndarray) -> np.ndarray:
    """Revenue in the period but none in the previous period nor three years earlier."""
    revenue, previous, three_years_ago = (
        numbers[:, NUMBERS.index(name)] for name in ("revenue", "revenue_previous", "revenue_3y_ago")
    )
    return (revenue > 0) & ~(np.nan_to_num(previous) > 0) & ~(np.nan_to_num(three_years_ago) > 0)


def _coverage(mask: int) -> Reason | None:
    missing = [role for role in CORE_ROLES if not mask >> BUYING_ROLES.index(role) & 1]
    return Reason("coverage", {"missing": missing}) if missing else None


def _rated_columns(ratings: np.ndarray) -> list[list[Any]]:
    """Rated criteria scoring ≥ 4 (highest first) or ≤ 1, in criterion order within a score.

    One column per position (a unit has at most four such reasons), None where a unit has fewer.
    """
    columns: list[list[Any]] = []
    cache: dict[tuple[int, str], Reason] = {}
    for i in np.flatnonzero(((ratings >= 4) | (ratings <= 1)).any(axis=1)).tolist():
        row = ratings[i].tolist()
        scored = [(int(s), c) for c, s in zip(RATED_CRITERIA, row, strict=True) if s == s and (s >= 4 or s <= 1)]
        for position, key in enumerate(sorted(scored, key=lambda pair: -pair[0])):
            if position == len(columns):
                columns.append([None] * len(ratings))
            reason = cache.get(key) or cache.setdefault(key, Reason("rated", {"criterion": key[1], "score": key[0]}))
            columns[position][i] = reason
    return columns


def _dicts(names: Sequence[str], rows: list[Any]) -> list[dict[str, Any]]:
    """One dict per row, keyed by ``names``."""
    return list(map(dict, map(zip, repeat(names), rows)))


def percents(shares: np.ndarray) -> np.ndarray:
    """Shares as percentages for reading: 1 decimal from 1 %, else 2 significant digits (0 stays 0)."""
    values = shares * 100
    with np.errstate(divide="ignore", invalid="ignore"):
        digits = np.where(values >= 1, 1, 1 - np.floor(np.log10(np.where(values > 0, values, 1))))
    scale = 10.0**digits
    return np.round(values * scale) / scale  # type: ignore[no-any-return]


def plain(array: np.ndarray) -> list[Any]:
    """Python values, NaN → None (rows of a 2-d array become lists)."""
    if array.dtype.kind == "f" and np.isnan(array).any():
        objects = array.astype(object)
        objects[np.isnan(array)] = None
        return objects.tolist()  # type: ignore[no-any-return]
    return array.tolist()  # type: ignore[no-any-return]


def reasons_as_dicts(reasons: Sequence[Reason]) -> list[dict[str, Any]]:
    """Reasons as ``{"code": ..., "params": {...}}`` with fresh dicts, ready for JSON."""
    return [{"code": r.code, "params": dict(r.params)} for r in reasons]
