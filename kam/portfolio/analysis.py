"""The portfolio analysis as pure Python: ABC/XYZ, growth, strategic criteria, the matrix.

No Django import: selectors feed it one :class:`AccountFacts` per analysed unit (an
account, or a corporate group at group level) and store what :func:`analyse_portfolio`
returns. Every number it produces can be explained from its inputs; the formulas are
described in ``docs/portfolio.md``.

Interface contract (shared with kam.portfolio.services/selectors): the dataclasses and
the signature of ``analyse_portfolio`` below.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

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


def analyse_portfolio(facts: Sequence[AccountFacts], params: Parameters) -> tuple[list[EntryResult], Summary]:
    """Classify every unit and summarise the portfolio (entries in rank order)."""
    raise NotImplementedError
