"""The per-unit part of the portfolio analysis: results and their reasons, in rank order.

Reasons are built column by column: each reason's key (a percentage, a class, a role set)
is computed for all units at once, and units with equal keys share one :class:`Reason`
object. Reasons are frozen; their ``params`` must never be mutated.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from operator import attrgetter
from typing import Any

import numpy as np

from .base import (
    CORE_ROLES,
    CRITERIA,
    EPS,
    NOTABLE_GROWTH,
    NOTABLE_WHITESPACE_SCORE,
    RATED_CRITERIA,
    RELATIONSHIP_PARTS,
    AccountFacts,
    EntryResult,
    Parameters,
    Reason,
)
from .compute import Computed


def build_entries(facts: Sequence[AccountFacts], params: Parameters, c: Computed) -> list[EntryResult]:
    """One EntryResult per unit, in rank order."""
    with _collector_paused():
        order = c.ranking.order
        ranked = [facts[i] for i in order.tolist()]
        columns = zip(
            map(attrgetter("key"), ranked),
            c.ranking.rank[order].tolist(),
            c.ranking.share[order].tolist(),
            c.ranking.cumulative_share[order].tolist(),
            c.ranking.abc[order].tolist(),
            c.xyz[order].tolist(),
            plain(c.variation[order]),
            plain(c.growth[order]),
            plain(c.cagr[order]),
            [dict(zip(CRITERIA, row, strict=True)) for row in plain(c.scores[order])],
            c.attractiveness[order].tolist(),
            c.relationship[order].tolist(),
            [dict(zip(RELATIONSHIP_PARTS, row, strict=True)) for row in plain(c.parts[order])],
            c.quadrant[order].tolist(),
            c.suggested_tier[order].tolist(),
            c.direction[order].tolist(),
            reason_lists(ranked, params, c),
            strict=True,
        )
        # Positional arguments (the order of EntryResult's fields) are markedly faster.
        return [EntryResult(*values) for values in columns]


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


def reason_lists(ranked: list[AccountFacts], params: Parameters, c: Computed) -> list[list[Reason]]:
    """The reasons of every unit (in rank order), most important first.

    Order: value (top share, share of value or no value), class, growth (3 years, then last
    year), new customer, whitespace, notable ratings, unrated count, attractiveness,
    relationship, buying-centre gaps, contact recency, share of wallet, NPS, quadrant.
    """
    order = c.ranking.order
    abc = c.ranking.abc[order]
    value = c.values[order]
    rated = {i: _rated(f) for i, f in enumerate(ranked) if f.ratings}
    columns = [
        *_value_columns(c, order, abc, value),
        _column(np.char.add(abc, c.xyz[order]).tolist(), lambda k: Reason("abc", {"abc": k[:1], "xyz": k[1:]})),
        _growth_column(c.cagr[order], 3),
        _growth_column(c.growth[order], 1),
        _column(_new(ranked), lambda k: Reason("new") if k else None),
        _whitespace_column(ranked, c.scores[order, 1]),
        [rated.get(i) for i in range(len(ranked))] if rated else [None] * len(ranked),
        _column(_unrated(ranked), lambda k: Reason("unrated", {"count": k, "total": 4}) if k else None),
        _score_column("attractiveness", c.attractiveness[order]),
        _score_column("relationship", c.relationship[order]),
        _column([f.roles_covered for f in ranked], _coverage),
        _contact_column(ranked, params.recency_full_days),
        _column(
            _rounded(c.parts[order, 0]), lambda k: None if k is None else Reason("share_of_wallet", {"percent": k})
        ),
        _column(_rounded(c.parts[order, 3] * 2 - 100), lambda k: None if k is None else Reason("nps", {"score": k})),
        _column(c.quadrant[order].tolist(), lambda k: Reason("quadrant", {"quadrant": k})),
    ]
    lists = [[r for r in reasons if r is not None] for reasons in zip(*columns, strict=True)]
    for i in rated:  # expand the tuple of rated reasons in place
        lists[i] = [x for r in lists[i] for x in (r if isinstance(r, tuple) else (r,))]
    return lists


def _column(keys: list[Any], make: Callable[[Any], Reason | None]) -> list[Any]:
    """One reason (or None) per unit: ``make`` is called once per distinct key."""
    table = {k: make(k) for k in set(keys)}
    return list(map(table.__getitem__, keys))


def _value_columns(c: Computed, order: np.ndarray, abc: np.ndarray, value: np.ndarray) -> list[list[Any]]:
    """top_share (A and B), share (A) and no_value (value ≤ 0)."""
    ranks = c.ranking.rank[order] / len(order) * 100
    top = np.where(ranks >= 1 - EPS, np.ceil(ranks - EPS), np.maximum(np.ceil(ranks * 10 - EPS) / 10, 0.1))
    top_keys = plain(np.where((value > 0) & (abc != "C"), top, np.nan))
    share_keys = plain(np.where((value > 0) & (abc == "A"), c.ranking.share[order], np.nan))
    no_value = np.where(value > 0, 0, np.where(value < 0, 2, 1)).tolist()
    return [
        _column(top_keys, lambda k: None if k is None else Reason("top_share", {"percent": _number(k)})),
        _column(share_keys, lambda k: None if k is None else Reason("share", {"percent": percent(k)})),
        _column(no_value, lambda k: Reason("no_value", {"negative": k == 2}) if k else None),
    ]


def _growth_column(rates: np.ndarray, years: int) -> list[Any]:
    notable = np.abs(np.nan_to_num(rates)) >= NOTABLE_GROWTH - EPS
    keys = _rounded(np.where(notable, rates * 100, np.nan))

    def make(k: int | None) -> Reason | None:
        if k is None:
            return None
        return Reason("growth" if k > 0 else "decline", {"percent": abs(k), "years": years})

    return _column(keys, make)


def _score_column(code: str, scores: np.ndarray) -> list[Any]:
    return _column(np.rint(scores).astype(np.int64).tolist(), lambda k: Reason(code, {"score": k}))


def _whitespace_column(ranked: list[AccountFacts], cross: np.ndarray) -> list[Any]:
    notable = (np.nan_to_num(cross) >= NOTABLE_WHITESPACE_SCORE - EPS).tolist()
    keys = [
        (min(f.lines_bought, f.lines_total), f.lines_total) if n else None for f, n in zip(ranked, notable, strict=True)
    ]
    return _column(keys, lambda k: None if k is None else Reason("whitespace", {"bought": k[0], "total": k[1]}))


def _contact_column(ranked: list[AccountFacts], full_days: int) -> list[Any]:
    keys = [None if (d := f.days_since_contact) is None else int(d) if d > full_days else 0 for f in ranked]

    def make(k: int | None) -> Reason | None:
        if k is None:
            return Reason("never_contacted")
        return Reason("no_recent_contact", {"days": k}) if k else None

    return _column(keys, make)


def _coverage(roles: frozenset[str]) -> Reason | None:
    missing = [role for role in CORE_ROLES if role not in roles]
    return Reason("coverage", {"missing": missing}) if missing else None


def _new(ranked: list[AccountFacts]) -> list[bool]:
    """Revenue in the period but none in the previous period nor three years earlier."""
    return [f.revenue > 0 and not ((f.revenue_previous or 0) > 0 or (f.revenue_3y_ago or 0) > 0) for f in ranked]


def _rated(f: AccountFacts) -> tuple[Reason, ...] | None:
    """Rated criteria scoring ≥ 4 (highest first) or ≤ 1, in criterion order within a score."""
    scored = [(s, c) for c in RATED_CRITERIA if (s := f.ratings.get(c)) is not None and (s >= 4 or s <= 1)]
    ordered = sorted(scored, key=lambda pair: -pair[0])
    return tuple(Reason("rated", {"criterion": c, "score": int(s)}) for s, c in ordered) or None


def _unrated(ranked: list[AccountFacts]) -> list[int]:
    count = len(RATED_CRITERIA)
    return [sum(1 for c in RATED_CRITERIA if f.ratings.get(c) is None) if f.ratings else count for f in ranked]


def _rounded(values: np.ndarray) -> list[int | None]:
    """Rounded to whole numbers (half to even, like round()), NaN → None."""
    known = ~np.isnan(values)
    objects = np.full(len(values), None, dtype=object)
    objects[known] = np.rint(values[known]).astype(np.int64)
    return objects.tolist()  # type: ignore[no-any-return]


def _number(value: float) -> float | int:
    return int(value) if value == int(value) else value


def percent(share: float) -> float:
    """A share as a percentage: 1 decimal from 1 %, else 2 significant digits."""
    value = share * 100
    return round(value, 1) if value >= 1 else float(f"{value:.2g}")


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
