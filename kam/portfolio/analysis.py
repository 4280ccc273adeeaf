"""The portfolio analysis as pure Python (numpy): ABC/XYZ, growth, strategic criteria, the matrix.

No Django import: selectors feed it one :class:`AccountFacts` per analysed unit (an
account, or a corporate group at group level) and store what :func:`analyse_portfolio`
returns. Every number it produces can be explained from its inputs; ``docs/portfolio.md``
describes the formulas for users. In short (thresholds from :class:`Parameters`):

* **Rank and ABC**: units sorted by value descending, ties by key ascending. Shares are of
  the total of positive values. A unit is A while the cumulative share of the units before
  it is below ``abc_a`` (so A holds the first unit at or past 80 %), B while it is below
  ``abc_b``, C otherwise; a value ≤ 0 is always C. Shares are compared with a tolerance of
  1e-9, so a cumulative share of exactly 80 % reaches the boundary.
* **XYZ**: over the last ``months`` months, mean = month_total / months, variance =
  month_squares / months − mean² (clamped at 0), CV = √variance / mean. X when CV < xyz_x,
  Y when CV < xyz_y, Z otherwise; Z (CV None) when the mean is ≤ 0 although there was
  revenue; "" (CV None) when there was no revenue in the window at all.
* **Growth**: revenue / revenue_previous − 1 (None unless revenue_previous > 0); CAGR =
  (revenue / revenue_3y_ago)^(1/3) − 1 (None unless both > 0).
* **Criterion scores 0–5**: ``revenue`` from the ABC class and the rank within it: A 5 → 4,
  B 4 → 2, C 2 → 0, linear from the first to the last unit of the class with a positive
  value (a class of one gets the top of its band); value ≤ 0 → 0. ``cross_upsell`` =
  revenue score × whitespace, whitespace = 1 − lines_bought / lines_total (None when
  lines_total is 0), so a small customer with a big whitespace stays low. The rated
  criteria are the people's 0–5 ratings (None when not rated).
* **Attractiveness 0–100** = 20 × the weighted mean of the available criterion scores
  (unrated criteria leave the mean, the weights are renormalised; none available → 0).
* **Relationship strength 0–100** = weighted mean of the available parts: coverage = share
  of the core buying roles (decision maker, buyer, user, influencer) held by a contact ×
  100; recency = 100 up to ``recency_full_days`` since the last contact, falling linearly
  to 0 at ``recency_zero_days`` (never contacted → 0: no contact is information about the
  relationship); share of wallet × 100 and (NPS + 100) / 2 when known (None otherwise).
* **Quadrant**: attractiveness ≥ split and relationship ≥ split → key_account; high/low →
  develop; low/high → maintain; else standard. Suggested tier: key_account → key, develop
  → growth, else standard; direction promote/demote when it ranks above/below the tier.

Reasons are :class:`Reason` codes with JSON-serialisable parameters (see
:data:`REASON_CODES`), most important first; the caller puts them into words. Entries that
share a reason may share the same (frozen) :class:`Reason` object: never mutate ``params``.

Interface contract (shared with kam.portfolio.services/selectors): the dataclasses and
the signature of ``analyse_portfolio`` below.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# Values of kam.portfolio.choices / kam.accounts.choices, repeated as plain strings so
# this module stays free of Django. A test checks that they agree.
ABC = ("A", "B", "C")
XYZ = ("X", "Y", "Z")
CRITERIA = ("revenue", "cross_upsell", "reference", "innovation", "know_how", "care")
RATED_CRITERIA = ("reference", "innovation", "know_how", "care")
RELATIONSHIP_PARTS = ("share_of_wallet", "coverage", "recency", "nps")
QUADRANTS = ("key_account", "develop", "maintain", "standard")
TIERS = ("key", "growth", "standard")
BUYING_ROLES = ("decision_maker", "influencer", "user", "buyer", "gatekeeper", "champion", "blocker")

#: The buying-centre roles whose coverage counts for relationship strength.
CORE_ROLES = ("decision_maker", "buyer", "user", "influencer")
#: Revenue score band (top, bottom) of each ABC class.
REVENUE_BANDS = {"A": (5.0, 4.0), "B": (4.0, 2.0), "C": (2.0, 0.0)}
#: The tier each quadrant suggests.
SUGGESTED_TIERS = {"key_account": "key", "develop": "growth", "maintain": "standard", "standard": "standard"}
#: Growth (or decline) from which it appears among the reasons (0.10 = 10 %).
NOTABLE_GROWTH = 0.10
#: Cross-/upselling score from which the whitespace appears among the reasons.
NOTABLE_WHITESPACE_SCORE = 2.0
#: Tolerance of every threshold comparison (shares, CV, scores at the splits).
EPS = 1e-9

#: Every reason code, with a one-line description of its parameters (for translations).
REASON_CODES: dict[str, str] = {
    "top_share": "among the top {percent} % of units by value (A and B only; percent rounded up)",
    "share": "{percent} % of the portfolio's value (A only; 1 decimal, 2 significant digits below 1 %)",
    "no_value": "no positive value in the period ({negative}: true when credit notes outweigh sales)",
    "abc": "ABC class {abc}, XYZ class {xyz} ('' when no revenue in the XYZ window)",
    "growth": "revenue grew {percent} % a year over {years} year(s) (years 1: last year, 3: CAGR)",
    "decline": "revenue fell {percent} % a year over {years} year(s) (percent is positive)",
    "new": "no revenue in the previous period",
    "whitespace": "buys {bought} of {total} product lines (when the cross-/upselling score is ≥ 2)",
    "rated": "rated {score}/5 for {criterion} (a RATED_CRITERIA value; only scores ≥ 4 or ≤ 1)",
    "unrated": "{count} of {total} rated criteria not rated yet",
    "attractiveness": "attractiveness {score}/100 (integer)",
    "relationship": "relationship strength {score}/100 (integer)",
    "coverage": "buying-centre roles without a contact: {missing} (list of BUYING_ROLES values)",
    "no_recent_contact": "no contact for {days} days (when more than recency_full_days)",
    "never_contacted": "no contact on record",
    "share_of_wallet": "share of wallet {percent} % (integer)",
    "nps": "NPS {score} (integer, −100…100)",
    "quadrant": "portfolio matrix: {quadrant} (a QUADRANTS value)",
}


@dataclass(frozen=True)
class Parameters:
    """Thresholds and weights (from PortfolioSettings), as plain numbers."""

    abc_a: float = 0.80  # A holds customers up to (and the first at or past) this cumulative share
    abc_b: float = 0.95
    xyz_x: float = 0.5  # X when the coefficient of variation is below this
    xyz_y: float = 1.0
    months: int = 12  # months of the XYZ window (the last months of the period)
    criterion_weights: Mapping[str, int] = field(default_factory=lambda: dict.fromkeys(CRITERIA, 1))
    relationship_weights: Mapping[str, int] = field(default_factory=lambda: dict.fromkeys(RELATIONSHIP_PARTS, 1))
    recency_full_days: int = 30
    recency_zero_days: int = 365
    attractiveness_split: float = 50.0
    relationship_split: float = 50.0


@dataclass(frozen=True)
class AccountFacts:
    """What the analysis needs to know about one analysed unit.

    ``value`` is the basis (revenue or margin) of the period; ``month_total`` and
    ``month_squares`` are the sum and the sum of squares of its revenue per month over the
    last ``Parameters.months`` months of the period (months without revenue count as 0),
    enough for the coefficient of variation. ``revenue_previous`` is the revenue of the
    same-length period one year earlier, ``revenue_3y_ago`` three years earlier (None when
    there are no order lines then). ``ratings`` maps rated criteria to 0–5 (missing when
    nobody rated). ``roles_covered`` are the buying-centre roles held by its contacts,
    ``days_since_contact`` the days since the most recent contact with any of them.
    """

    key: int
    tier: str
    value: float
    revenue: float
    margin: float
    month_total: float
    month_squares: float
    revenue_previous: float | None = None
    revenue_3y_ago: float | None = None
    lines_bought: int = 0
    lines_total: int = 0
    employees: int | None = None
    ratings: Mapping[str, int] = field(default_factory=dict)
    roles_covered: frozenset[str] = frozenset()
    days_since_contact: int | None = None
    share_of_wallet: float | None = None  # 0–1, when the customer's total spend is estimated
    nps: float | None = None  # −100…100, when surveys were answered


@dataclass(frozen=True)
class Reason:
    """One reason in words, as a code and its parameters; the caller translates it."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class EntryResult:
    """The analysis of one unit, ready to be stored as a PortfolioEntry."""

    key: int
    rank: int  # 1 = largest value; ties broken by key
    share: float  # of the total of positive values
    cumulative_share: float
    abc: str
    xyz: str  # "" when the unit had no revenue in the XYZ window
    variation: float | None
    growth: float | None  # year over year, 0.18 = +18 %
    cagr: float | None  # per year over 3 years
    criterion_scores: Mapping[str, float | None]
    attractiveness: float  # 0–100
    relationship: float  # 0–100
    relationship_parts: Mapping[str, float | None]
    quadrant: str
    suggested_tier: str
    direction: str  # "promote", "demote" or ""
    reasons: Sequence[Reason]


@dataclass(frozen=True)
class Summary:
    """What the overview page shows without reading every entry."""

    accounts: int
    total: float
    classes: Mapping[str, Mapping[str, float]]  # "A" -> {"count", "value", "share", "customer_share"}
    grid: Mapping[str, int]  # "AX" … "CZ" (and "A-" etc. for no XYZ class) -> count
    quadrants: Mapping[str, int]
    pareto: Sequence[tuple[float, float]]  # (share of customers, cumulative share of value), ≤ 101 points
    candidates: Mapping[str, int]  # "promote"/"demote" -> count
    positive_total: float = 0.0  # the total of positive values, the base of every share


def analyse_portfolio(facts: Sequence[AccountFacts], params: Parameters) -> tuple[list[EntryResult], Summary]:
    """Classify every unit and summarise the portfolio (entries in rank order).

    Raises ValueError, naming the unit, for duplicate keys, non-finite numbers or ratings
    outside 0–5, and for inconsistent parameters.
    """
    check_parameters(params)
    cols = _Columns(facts)
    ranking = rank_values(cols.keys, cols.values, params.abc_a, params.abc_b)
    xyz, variation = xyz_classes(cols.month_total, cols.month_squares, params.months, params.xyz_x, params.xyz_y)
    growth, cagr = growth_rates(cols.revenue, cols.previous, cols.three_years_ago)
    scores = np.empty((len(cols.keys), len(CRITERIA)))
    scores[:, 0] = ranking.revenue_score
    scores[:, 1] = ranking.revenue_score * cols.whitespace
    scores[:, 2:] = cols.ratings
    scores = np.round(scores, 4)
    attractiveness = np.round(20 * weighted_mean(scores, _weights(params.criterion_weights, CRITERIA)), 4)
    parts = np.round(cols.relationship_parts(params.recency_full_days, params.recency_zero_days), 4)
    relationship = np.round(weighted_mean(parts, _weights(params.relationship_weights, RELATIONSHIP_PARTS)), 4)
    quadrant = quadrants(attractiveness, relationship, params.attractiveness_split, params.relationship_split)
    columns = {
        "rank": ranking.rank,
        "share": ranking.share,
        "cumulative_share": ranking.cumulative_share,
        "abc": ranking.abc,
        "xyz": xyz,
        "variation": variation,
        "growth": growth,
        "cagr": cagr,
        "attractiveness": attractiveness,
        "relationship": relationship,
        "quadrant": quadrant,
    }
    rows = {name: _plain(array) for name, array in columns.items()}
    builder = _EntryBuilder(cols, params, _plain(scores), _plain(parts))
    entries = [builder.entry(i, {name: values[i] for name, values in rows.items()}) for i in ranking.order.tolist()]
    return entries, summarise(entries, cols.values, ranking, xyz)


@dataclass(frozen=True)
class Ranking:
    """The vectorised ranking of the units, indexed like the input (``order`` lists them by rank)."""

    order: np.ndarray  # unit indices in rank order
    rank: np.ndarray  # 1 = largest value
    share: np.ndarray  # of the total of positive values (0 for values ≤ 0)
    cumulative_share: np.ndarray
    abc: np.ndarray  # "A", "B" or "C"
    revenue_score: np.ndarray  # 0–5
    positive_total: float


def check_parameters(params: Parameters) -> None:
    """Raise ValueError when thresholds contradict each other."""
    if not 0 < params.abc_a < params.abc_b <= 1:
        raise ValueError(f"ABC thresholds must satisfy 0 < A ({params.abc_a}) < B ({params.abc_b}) ≤ 1")
    if not 0 < params.xyz_x < params.xyz_y:
        raise ValueError(f"XYZ thresholds must satisfy 0 < X ({params.xyz_x}) < Y ({params.xyz_y})")
    if params.months < 1:
        raise ValueError(f"The XYZ window must be at least one month, not {params.months}")
    if params.recency_full_days < 0 or params.recency_zero_days < params.recency_full_days:
        raise ValueError("Contact recency needs 0 ≤ full days ≤ zero days")


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
    sorted_score = np.zeros(n)
    for index, (top, bottom) in enumerate(REVENUE_BANDS.values()):
        in_class = np.flatnonzero(has_value & (sorted_class == index))
        if len(in_class):
            position = np.arange(len(in_class)) / max(len(in_class) - 1, 1)
            sorted_score[in_class] = top - (top - bottom) * position
    return Ranking(
        order=order,
        rank=_unsort(order, np.arange(1, n + 1)),
        share=_unsort(order, sorted_share),
        cumulative_share=_unsort(order, sorted_cumulative),
        abc=_unsort(order, np.array(ABC)[sorted_class]),
        revenue_score=_unsort(order, sorted_score),
        positive_total=total,
    )


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


def weighted_mean(parts: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Row-wise weighted mean over the non-NaN columns, renormalising the weights (0 when none)."""
    known = ~np.isnan(parts)
    used = known * weights
    total_weight = used.sum(axis=1)
    weighted = np.where(known, parts, 0.0) @ weights
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total_weight > 0, weighted / total_weight, 0.0)


def quadrants(attractiveness: np.ndarray, relationship: np.ndarray, a_split: float, r_split: float) -> np.ndarray:
    """The portfolio matrix field of every unit (a value at a split counts as high)."""
    high_a = attractiveness >= a_split - EPS
    high_r = relationship >= r_split - EPS
    index = np.where(high_a, np.where(high_r, 0, 1), np.where(high_r, 2, 3))
    return np.array(QUADRANTS)[index]


def direction(tier: str, suggested_tier: str) -> str:
    """ "promote" when the suggested tier ranks above the tier (key > growth > standard), "demote" below."""
    rank = {"key": 2, "growth": 1, "standard": 0}
    current, suggested = rank.get(tier, 0), rank[suggested_tier]
    return "promote" if suggested > current else "demote" if suggested < current else ""


def reasons_as_dicts(reasons: Sequence[Reason]) -> list[dict[str, Any]]:
    """Reasons as ``{"code": ..., "params": {...}}`` (fresh dicts, ready for JSON)."""
    return [{"code": r.code, "params": dict(r.params)} for r in reasons]


class _Columns:
    """The facts as numpy columns (NaN for None), validated."""

    def __init__(self, facts: Sequence[AccountFacts]) -> None:
        n = len(facts)
        self.facts = facts
        self.keys = np.fromiter((f.key for f in facts), dtype=np.int64, count=n)
        if len(np.unique(self.keys)) != n:
            keys, counts = np.unique(self.keys, return_counts=True)
            raise ValueError(f"Unit {int(keys[counts > 1][0])} appears more than once")
        self.values = self._floats("value")
        self.revenue = self._floats("revenue")
        self.month_total = self._floats("month_total")
        self.month_squares = self._floats("month_squares")
        self.previous = self._floats("revenue_previous")
        self.three_years_ago = self._floats("revenue_3y_ago")
        self.share_of_wallet = self._floats("share_of_wallet")
        self.nps = self._floats("nps")
        self.days = self._floats("days_since_contact")
        bought = self._floats("lines_bought")
        lines = self._floats("lines_total")
        with np.errstate(divide="ignore", invalid="ignore"):
            self.whitespace = np.where(lines > 0, 1 - np.minimum(bought, lines) / lines, np.nan)
        self.ratings = np.full((n, len(RATED_CRITERIA)), np.nan)
        core = frozenset(CORE_ROLES)
        self.coverage = np.fromiter((len(core & f.roles_covered) for f in facts), dtype=float, count=n) * 25.0
        for i, f in enumerate(facts):
            if f.ratings:
                self.ratings[i] = _rating_row(f)

    def _floats(self, name: str) -> np.ndarray:
        column = np.fromiter(
            (np.nan if (v := getattr(f, name)) is None else v for f in self.facts), dtype=float, count=len(self.facts)
        )
        bad = np.isinf(column) if name.startswith(("revenue_", "share", "nps", "days")) else ~np.isfinite(column)
        if bad.any():
            raise ValueError(f"Unit {self.facts[int(np.flatnonzero(bad)[0])].key}: {name} is not a finite number")
        return column

    def relationship_parts(self, full_days: int, zero_days: int) -> np.ndarray:
        """share_of_wallet, coverage, recency, nps on 0–100 (NaN when unknown; never contacted → recency 0)."""
        days = np.where(np.isnan(self.days), np.inf, self.days)
        if zero_days > full_days:
            recency = np.clip((zero_days - days) / (zero_days - full_days), 0.0, 1.0) * 100
        else:
            recency = np.where(days <= full_days, 100.0, 0.0)
        return np.column_stack(
            [
                np.clip(self.share_of_wallet * 100, 0.0, 100.0),
                self.coverage,
                recency,
                np.clip((self.nps + 100) / 2, 0.0, 100.0),
            ]
        )


def _rating_row(f: AccountFacts) -> list[float]:
    unknown = set(f.ratings) - set(RATED_CRITERIA)
    if unknown:
        raise ValueError(f"Unit {f.key}: {sorted(unknown)[0]!r} is not a rated criterion")
    row = [f.ratings.get(c, math.nan) for c in RATED_CRITERIA]
    if any(not 0 <= s <= 5 for s in row if not math.isnan(s)):
        raise ValueError(f"Unit {f.key}: ratings must be between 0 and 5, not {dict(f.ratings)}")
    return [float(s) for s in row]


def _weights(weights: Mapping[str, int], names: Sequence[str]) -> np.ndarray:
    return np.array([float(weights.get(name, 0)) for name in names])


def _unsort(order: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    result = np.empty_like(sorted_values)
    result[order] = sorted_values
    return result


def _plain(array: np.ndarray) -> list[Any]:
    """Python values, NaN → None (rows of a 2-d array become lists)."""
    if array.dtype.kind == "f" and np.isnan(array).any():
        plain = array.astype(object)
        plain[np.isnan(array)] = None
        return plain.tolist()
    return array.tolist()


def summarise(entries: Sequence[EntryResult], values: np.ndarray, ranking: Ranking, xyz: np.ndarray) -> Summary:
    """Class counts and shares, the ABC/XYZ grid, quadrant and candidate counts, the Pareto curve."""
    n = len(entries)
    classes: dict[str, dict[str, float]] = {}
    for name in ABC:
        in_class = ranking.abc == name
        count = int(in_class.sum())
        classes[name] = {
            "count": count,
            "value": round(float(values[in_class].sum()), 2),
            "share": round(float(ranking.share[in_class].sum()), 6),
            "customer_share": round(count / n, 6) if n else 0.0,
        }
    grid = dict.fromkeys((a + x for a in ABC for x in (*XYZ, "-")), 0)
    quadrant_counts = dict.fromkeys(QUADRANTS, 0)
    candidates = {"promote": 0, "demote": 0}
    for entry in entries:
        grid[entry.abc + (entry.xyz or "-")] += 1
        quadrant_counts[entry.quadrant] += 1
        if entry.direction:
            candidates[entry.direction] += 1
    return Summary(
        accounts=n,
        total=round(float(values.sum()), 2),
        classes=classes,
        grid=grid,
        quadrants=quadrant_counts,
        pareto=pareto_curve(ranking.cumulative_share[ranking.order]),
        candidates=candidates,
        positive_total=round(ranking.positive_total, 2),
    )


def pareto_curve(sorted_cumulative: np.ndarray, points: int = 101) -> list[tuple[float, float]]:
    """(share of units, cumulative share of value) from (0, 0) to (1, final share), at most ``points`` points."""
    n = len(sorted_cumulative)
    if n == 0:
        return [(0.0, 0.0)]
    cumulative = np.concatenate(([0.0], np.minimum(sorted_cumulative, 1.0)))
    index = np.unique(np.round(np.linspace(0, n, min(n, points - 1) + 1)).astype(int))
    return [(round(i / n, 4), round(float(cumulative[i]), 4)) for i in index.tolist()]


class _EntryBuilder:
    """Turns one unit's computed columns into an :class:`EntryResult` with its reasons."""

    def __init__(self, cols: _Columns, params: Parameters, scores: list[Any], parts: list[Any]) -> None:
        self.facts = cols.facts
        self.params = params
        self.scores = scores
        self.parts = parts
        self.count = len(cols.keys)
        self.cache: dict[tuple[Any, ...], Reason] = {}

    def reason(self, code: str, **params: Any) -> Reason:
        """A shared Reason for equal code and params (they are frozen and never mutated)."""
        key = (code, *(tuple(v) if isinstance(v, list) else v for v in params.values()))
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = Reason(code, params)
        return found

    def entry(self, i: int, row: dict[str, Any]) -> EntryResult:
        f = self.facts[i]
        suggested = SUGGESTED_TIERS[row["quadrant"]]
        scores = dict(zip(CRITERIA, self.scores[i], strict=True))
        return EntryResult(
            key=f.key,
            rank=row["rank"],
            share=row["share"],
            cumulative_share=row["cumulative_share"],
            abc=row["abc"],
            xyz=row["xyz"],
            variation=row["variation"],
            growth=row["growth"],
            cagr=row["cagr"],
            criterion_scores=scores,
            attractiveness=row["attractiveness"],
            relationship=row["relationship"],
            relationship_parts=dict(zip(RELATIONSHIP_PARTS, self.parts[i], strict=True)),
            quadrant=row["quadrant"],
            suggested_tier=suggested,
            direction=direction(f.tier, suggested),
            reasons=self.reasons(f, row, scores),
        )

    def reasons(self, f: AccountFacts, row: dict[str, Any], scores: dict[str, Any]) -> list[Reason]:
        """Most important first: value, class, growth, criteria, scores, relationship, quadrant."""
        r = self.reason
        out = []
        if f.value > 0:
            if row["abc"] != "C":
                out.append(r("top_share", percent=_top_percent(row["rank"], self.count)))
            if row["abc"] == "A":
                out.append(r("share", percent=_percent(row["share"])))
        else:
            out.append(r("no_value", negative=f.value < 0))
        out.append(r("abc", abc=row["abc"], xyz=row["xyz"]))
        for rate, years in ((row["cagr"], 3), (row["growth"], 1)):
            if rate is not None and abs(rate) >= NOTABLE_GROWTH - EPS:
                out.append(r("growth" if rate > 0 else "decline", percent=round(abs(rate) * 100), years=years))
        if f.revenue > 0 and not (f.revenue_previous and f.revenue_previous > 0):
            out.append(r("new"))
        self._criteria(f, scores, out)
        out.append(r("attractiveness", score=round(row["attractiveness"])))
        out.append(r("relationship", score=round(row["relationship"])))
        self._relationship(f, out)
        out.append(r("quadrant", quadrant=row["quadrant"]))
        return out

    def _criteria(self, f: AccountFacts, scores: dict[str, Any], out: list[Reason]) -> None:
        cross = scores["cross_upsell"]
        if cross is not None and cross >= NOTABLE_WHITESPACE_SCORE - EPS:
            out.append(self.reason("whitespace", bought=min(f.lines_bought, f.lines_total), total=f.lines_total))
        notable = [(s, c) for c in RATED_CRITERIA if (s := f.ratings.get(c)) is not None and (s >= 4 or s <= 1)]
        for score, criterion in sorted(notable, key=lambda pair: -pair[0]):
            out.append(self.reason("rated", criterion=criterion, score=int(score)))
        unrated = sum(1 for c in RATED_CRITERIA if c not in f.ratings)
        if unrated:
            out.append(self.reason("unrated", count=unrated, total=len(RATED_CRITERIA)))

    def _relationship(self, f: AccountFacts, out: list[Reason]) -> None:
        missing = [role for role in CORE_ROLES if role not in f.roles_covered]
        if missing:
            out.append(self.reason("coverage", missing=missing))
        if f.days_since_contact is None:
            out.append(self.reason("never_contacted"))
        elif f.days_since_contact > self.params.recency_full_days:
            out.append(self.reason("no_recent_contact", days=int(f.days_since_contact)))
        if f.share_of_wallet is not None:
            out.append(self.reason("share_of_wallet", percent=round(f.share_of_wallet * 100)))
        if f.nps is not None:
            out.append(self.reason("nps", score=round(f.nps)))


def _top_percent(rank: int, count: int) -> float | int:
    """rank / count as a percentage rounded up: whole percent from 1 %, else tenths (at least 0.1)."""
    percent = rank / count * 100
    if percent >= 1 - EPS:
        return math.ceil(percent - EPS)
    return max(math.ceil(percent * 10 - EPS) / 10, 0.1)


def _percent(share: float) -> float:
    """A share as a percentage: 1 decimal from 1 %, else 2 significant digits."""
    percent = share * 100
    return round(percent, 1) if percent >= 1 else float(f"{percent:.2g}")
