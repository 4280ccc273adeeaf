"""The vectorised part of the portfolio analysis: numpy columns in, numpy columns out.

Every function works on whole columns (one row per unit, in input order) so that 50,000
units take milliseconds; :mod:`.entries` turns the rows into results with reasons.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter

import numpy as np

from .base import (
    ABC,
    BUYING_ROLES,
    CORE_ROLES,
    CRITERIA,
    EPS,
    QUADRANTS,
    RATED_CRITERIA,
    RELATIONSHIP_PARTS,
    SUGGESTED_TIERS,
    TIER_RANK,
    TIERS,
    AccountFacts,
    FactColumns,
    Parameters,
)

TIERS_AND_OTHERS = (*TIERS, "")

NUMBERS = (
    "value",
    "revenue",
    "month_total",
    "month_squares",
    "lines_bought",
    "lines_total",
    "revenue_previous",
    "revenue_3y_ago",
    "share_of_wallet",
    "nps",
    "days_since_contact",
)
REQUIRED = 6  # the first NUMBERS may not be None


@dataclass(frozen=True)
class Ranking:
    """Rank, shares, ABC class and revenue score of every unit (input order; ``order`` lists them by rank)."""

    order: np.ndarray
    rank: np.ndarray  # 1 = largest value
    share: np.ndarray  # of the total of positive values (0 for values ≤ 0)
    cumulative_share: np.ndarray
    abc: np.ndarray  # "A", "B" or "C"
    revenue_score: np.ndarray  # 0–5
    positive_total: float
    units: int | None = None  # how many units were ranked (default: the length of the columns)


@dataclass(frozen=True)
class Computed:
    """Everything computed per unit, as columns in input order."""

    ranking: Ranking
    keys: np.ndarray
    numbers: np.ndarray  # units × NUMBERS, NaN for None
    values: np.ndarray
    xyz: np.ndarray
    variation: np.ndarray
    growth: np.ndarray
    cagr: np.ndarray
    scores: np.ndarray  # units × CRITERIA, NaN when not available
    attractiveness: np.ndarray
    parts: np.ndarray  # units × RELATIONSHIP_PARTS, NaN when unknown
    relationship: np.ndarray
    quadrant: np.ndarray
    suggested_tier: np.ndarray
    direction: np.ndarray


def compute_columns(f: FactColumns, params: Parameters) -> Computed:
    """Run every formula over the facts (see the package docstring)."""
    n = len(f)
    keys = np.asarray(f.keys, dtype=np.int64)
    _check_unique(keys)
    numbers = np.column_stack([np.asarray(getattr(f, name), dtype=float) for name in NUMBERS]).reshape(n, len(NUMBERS))
    ranking = rank_values(keys, numbers[:, 0], params.abc_a, params.abc_b)
    xyz, variation = xyz_classes(f.month_total, f.month_squares, params.months, params.xyz_x, params.xyz_y)
    growth, cagr = growth_rates(f.revenue, f.revenue_previous, f.revenue_3y_ago)
    scores = np.empty((n, len(CRITERIA)))
    scores[:, 0] = np.maximum(ranking.revenue_score, share_scores(keys, projected_values(numbers[:, 0], growth, cagr)))
    bought, lines = numbers[:, 4], numbers[:, 5]
    with np.errstate(divide="ignore", invalid="ignore"):
        scores[:, 1] = scores[:, 0] * np.where(lines > 0, 1 - np.minimum(bought, lines) / lines, np.nan)
    scores[:, 2:] = f.ratings
    scores = np.round(scores, 4)
    attractiveness = np.round(20 * weighted_mean(scores, _weights(params.criterion_weights, CRITERIA)), 4)
    parts = np.round(relationship_parts(f.share_of_wallet, coverage(f.roles), f.days_since_contact, f.nps, params), 4)
    relationship = np.round(weighted_mean(parts, _weights(params.relationship_weights, RELATIONSHIP_PARTS)), 4)
    quadrant = quadrants(attractiveness, relationship, params.attractiveness_split, params.relationship_split)
    suggested = [SUGGESTED_TIERS[q] for q in QUADRANTS]
    tiers = np.array([TIER_RANK.get(t, 0) for t in TIERS_AND_OTHERS], dtype=np.int64)[_tier_index(f.tiers)]
    return Computed(
        ranking=ranking,
        keys=keys,
        numbers=numbers,
        values=numbers[:, 0],
        xyz=xyz,
        variation=variation,
        growth=growth,
        cagr=cagr,
        scores=scores,
        attractiveness=attractiveness,
        parts=parts,
        relationship=relationship,
        quadrant=np.array(QUADRANTS)[quadrant],
        suggested_tier=np.array(suggested)[quadrant],
        direction=directions(
            tiers, _suggested_rank(quadrant), _suggested_rank(_lenient(attractiveness, relationship, params))
        ),
    )


def columns_from_facts(facts: Sequence[AccountFacts]) -> FactColumns:
    """The facts as columns; ValueError naming the first unit with a bad number or rating."""
    n = len(facts)
    numbers = _numbers(facts)
    named = {name: numbers[:, i] for i, name in enumerate(NUMBERS)}
    return FactColumns(
        keys=np.fromiter(map(attrgetter("key"), facts), dtype=np.int64, count=n),
        tiers=np.array([f.tier for f in facts], dtype=object),
        value=named["value"],
        revenue=named["revenue"],
        margin=np.fromiter((f.margin for f in facts), dtype=float, count=n),
        month_total=named["month_total"],
        month_squares=named["month_squares"],
        revenue_previous=named["revenue_previous"],
        revenue_3y_ago=named["revenue_3y_ago"],
        lines_bought=named["lines_bought"],
        lines_total=named["lines_total"],
        ratings=_ratings(facts),
        roles=np.fromiter((_role_mask(f.roles_covered) for f in facts), dtype=np.int64, count=n),
        days_since_contact=named["days_since_contact"],
        share_of_wallet=named["share_of_wallet"],
        nps=named["nps"],
    )


def _role_mask(roles: frozenset[str]) -> int:
    return sum(1 << i for i, role in enumerate(BUYING_ROLES) if role in roles)


def _tier_index(tiers: np.ndarray) -> np.ndarray:
    """Each tier's position in TIERS_AND_OTHERS (anything unknown counts as the last, rank 0)."""
    position = {tier: i for i, tier in enumerate(TIERS)}
    other = len(TIERS)
    return np.fromiter((position.get(t, other) for t in tiers.tolist()), dtype=np.int64, count=len(tiers))


def coverage(roles: np.ndarray) -> np.ndarray:
    """Share of the core buying roles held by a contact, 0–100, from the role bit masks."""
    core = [BUYING_ROLES.index(role) for role in CORE_ROLES]
    held = sum(((np.asarray(roles, dtype=np.int64) >> bit) & 1) for bit in core)
    return 100.0 * np.asarray(held, dtype=float) / len(core)


def check_parameters(params: Parameters) -> None:
    """Raise ValueError when thresholds contradict each other."""
    if not 0 < params.abc_a < params.abc_b <= 1:
        raise ValueError(f"ABC thresholds must satisfy 0 < A ({params.abc_a}) < B ({params.abc_b}) ≤ 1")
    if not 0 < params.xyz_x < params.xyz_y:
        raise ValueError(f"XYZ thresholds must satisfy 0 < X ({params.xyz_x}) < Y ({params.xyz_y})")
    if params.months < 1:
        raise ValueError(f"The XYZ window must be at least one month, not {params.months}")
    if not 0 <= params.recency_full_days <= params.recency_zero_days:
        raise ValueError(
            f"Contact recency needs 0 ≤ full days ({params.recency_full_days}) ≤ zero days ({params.recency_zero_days})"
        )


def rank_values(keys: np.ndarray, values: np.ndarray, abc_a: float, abc_b: float) -> Ranking:
    """Rank by value (ties by key), shares of the positive total, ABC class and revenue score."""
    n = len(values)
    order = np.lexsort((keys, -values))
    positive = np.clip(values[order], 0.0, None)
    total = float(positive.sum())
    sorted_share = positive / total if total > 0 else np.zeros(n)
    sorted_cumulative = np.cumsum(sorted_share)
    before = sorted_cumulative - sorted_share
    has_value = positive > 0
    sorted_class = np.full(n, 2)
    sorted_class[has_value & (before < abc_b - EPS)] = 1
    sorted_class[has_value & (before < abc_a - EPS)] = 0
    sorted_score = np.where(has_value, np.clip(5 * (1 - before), 0.0, 5.0), 0.0)
    return Ranking(
        order=order,
        rank=_unsort(order, np.arange(1, n + 1)),
        share=_unsort(order, sorted_share),
        cumulative_share=_unsort(order, sorted_cumulative),
        abc=_unsort(order, np.array(ABC)[sorted_class]),
        revenue_score=_unsort(order, sorted_score),
        positive_total=total,
    )


def share_scores(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """5 × (1 − the cumulative share of the units ranked before each), 0 for a value ≤ 0 (input order)."""
    order = np.lexsort((keys, -values))
    positive = np.clip(values[order], 0.0, None)
    total = float(positive.sum())
    share = positive / total if total > 0 else np.zeros(len(values))
    before = np.cumsum(share) - share
    return _unsort(order, np.where(positive > 0, np.clip(5 * (1 - before), 0.0, 5.0), 0.0))


def projected_values(values: np.ndarray, growth: np.ndarray, cagr: np.ndarray) -> np.ndarray:
    """Each value a year ahead at its growth rate (the 3-year CAGR, else last year's growth, else
    none), the rate capped at −100 % … +100 %: what the revenue criterion calls potential."""
    rate = np.where(np.isfinite(cagr), cagr, np.where(np.isfinite(growth), growth, 0.0))
    return np.where(values > 0, values * (1 + np.clip(rate, -1.0, 1.0)), values)


def xyz_classes(
    month_total: np.ndarray, month_squares: np.ndarray, months: int, xyz_x: float, xyz_y: float
) -> tuple[np.ndarray, np.ndarray]:
    """XYZ class ("" without revenue in the window) and coefficient of variation (NaN when undefined)."""
    mean = month_total / months
    variance = np.maximum(month_squares / months - mean * mean, 0.0)
    positive = mean > 0
    cv = np.full(len(mean), np.nan)
    cv[positive] = np.sqrt(variance[positive]) / mean[positive]
    classes = np.full(len(mean), "Z", dtype="<U1")
    classes[positive & (cv < xyz_y - EPS)] = "Y"
    classes[positive & (cv < xyz_x - EPS)] = "X"
    classes[(month_total == 0) & (month_squares == 0)] = ""
    return classes, cv


def growth_rates(
    revenue: np.ndarray, previous: np.ndarray, three_years_ago: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Growth year over year and CAGR over 3 years (NaN where not defined)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = np.where(previous > 0, revenue / previous - 1, np.nan)
        ratio = np.where((revenue > 0) & (three_years_ago > 0), revenue / three_years_ago, np.nan)
    return growth, np.cbrt(ratio) - 1


def relationship_parts(
    wallet: np.ndarray, coverage: np.ndarray, days: np.ndarray, nps: np.ndarray, params: Parameters
) -> np.ndarray:
    """share_of_wallet, coverage, recency, nps on 0–100 (NaN when unknown; never contacted → recency 0)."""
    full, zero = params.recency_full_days, params.recency_zero_days
    days = np.where(np.isnan(days), np.inf, days)
    if zero > full:
        with np.errstate(invalid="ignore"):
            recency = np.clip((zero - days) / (zero - full), 0.0, 1.0) * 100
    else:
        recency = np.where(days <= full, 100.0, 0.0)
    return np.column_stack([np.clip(wallet * 100, 0.0, 100.0), coverage, recency, np.clip((nps + 100) / 2, 0.0, 100.0)])


def weighted_mean(parts: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Row-wise weighted mean over the non-NaN columns, renormalising the weights (0 when none)."""
    known = ~np.isnan(parts)
    total_weight = known @ weights
    weighted = np.where(known, parts, 0.0) @ weights
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total_weight > 0, weighted / total_weight, 0.0)


def quadrants(attractiveness: np.ndarray, relationship: np.ndarray, a_split: float, r_split: float) -> np.ndarray:
    """The index in QUADRANTS of every unit's matrix field (a value at a split counts as high)."""
    high_a = attractiveness >= a_split - EPS
    high_r = relationship >= r_split - EPS
    return np.where(high_a, np.where(high_r, 0, 1), np.where(high_r, 2, 3))


def directions(tier_rank: np.ndarray, suggested_rank: np.ndarray, lenient_rank: np.ndarray | None = None) -> np.ndarray:
    """ "promote" where the suggested tier ranks above the tier, "demote" where the tier suggested
    with the splits lowered by the demotion margin (``lenient_rank``, default: the suggested one)
    ranks below it, else ""."""
    lenient_rank = suggested_rank if lenient_rank is None else lenient_rank
    result = np.full(len(tier_rank), "", dtype="<U7")
    result[suggested_rank > tier_rank] = "promote"
    result[lenient_rank < tier_rank] = "demote"
    return result


def _suggested_rank(quadrant: np.ndarray) -> np.ndarray:
    return np.array([TIER_RANK[SUGGESTED_TIERS[q]] for q in QUADRANTS], dtype=np.int64)[quadrant]


def _lenient(attractiveness: np.ndarray, relationship: np.ndarray, params: Parameters) -> np.ndarray:
    """The quadrants with both splits lowered by the demotion margin (never below 0)."""
    margin = params.demotion_margin
    return quadrants(
        attractiveness,
        relationship,
        max(params.attractiveness_split - margin, 0.0),
        max(params.relationship_split - margin, 0.0),
    )


def _numbers(facts: Sequence[AccountFacts]) -> np.ndarray:
    """The numeric facts as a float matrix (None → NaN); ValueError naming the first unit with a bad number."""
    try:
        numbers = np.array(list(map(attrgetter(*NUMBERS), facts)), dtype=float).reshape(len(facts), len(NUMBERS))
        bad = np.isinf(numbers)
        bad[:, :REQUIRED] |= np.isnan(numbers[:, :REQUIRED])
        if not bad.any():
            return numbers
    except (TypeError, ValueError):
        pass
    for f in facts:
        for position, name in enumerate(NUMBERS):
            number = getattr(f, name)
            if not _acceptable(number, required=position < REQUIRED):
                raise ValueError(f"Unit {f.key}: {name} must be a finite number, not {number!r}")
    raise AssertionError("unreachable: a bad number was found above")


def _acceptable(number: object, *, required: bool) -> bool:
    """A finite number; optional facts may also be None (or NaN, read as None)."""
    try:
        x = float(number)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return number is None and not required
    return math.isfinite(x) or (not required and math.isnan(x))


def _ratings(facts: Sequence[AccountFacts]) -> np.ndarray:
    ratings = np.full((len(facts), len(RATED_CRITERIA)), np.nan)
    for i, f in enumerate(facts):
        if f.ratings:
            unknown = set(f.ratings) - set(RATED_CRITERIA)
            if unknown:
                raise ValueError(f"Unit {f.key}: {sorted(unknown)[0]!r} is not a rated criterion")
            row = [f.ratings.get(c) for c in RATED_CRITERIA]
            if any(s is not None and not 0 <= s <= 5 for s in row):
                raise ValueError(f"Unit {f.key}: ratings must be between 0 and 5, not {dict(f.ratings)}")
            ratings[i] = np.array(row, dtype=float)
    return ratings


def _check_unique(keys: np.ndarray) -> None:
    unique, counts = np.unique(keys, return_counts=True)
    if len(unique) != len(keys):
        raise ValueError(f"Unit {int(unique[counts > 1][0])} appears more than once")


def _weights(weights: Mapping[str, int], names: Sequence[str]) -> np.ndarray:
    return np.array([float(weights.get(name, 0)) for name in names])


def _unsort(order: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    result = np.empty_like(sorted_values)
    result[order] = sorted_values
    return result
