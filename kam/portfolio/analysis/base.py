"""Constants and the data classes of the portfolio analysis (the interface contract).

The dataclasses and the signature of ``analyse_portfolio`` are shared with
kam.portfolio.selectors/services; fields may be added (with defaults, at the end) but not
changed. Plain strings instead of Django choices keep the package free of Django.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

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
#: Tiers from the highest to the lowest (a tier ranks above another when it comes first).
TIER_RANK = {"key": 2, "growth": 1, "standard": 0}
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
    "new": "new customer: revenue now, none in the previous period nor three years earlier",
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
    # Revenue share counts twice by default: every key-account selection starts from it.
    criterion_weights: Mapping[str, int] = field(default_factory=lambda: {**dict.fromkeys(CRITERIA, 1), "revenue": 2})
    relationship_weights: Mapping[str, int] = field(default_factory=lambda: dict.fromkeys(RELATIONSHIP_PARTS, 1))
    recency_full_days: int = 30
    recency_zero_days: int = 365
    attractiveness_split: float = 50.0
    relationship_split: float = 50.0
    # A tier is proposed for demotion only when the unit is below a split by more than this
    # (0–100 points), so that units near a split do not flap between refreshes.
    demotion_margin: float = 10.0


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
class FactColumns:
    """The facts of many units as columns (one row per unit): what selectors hand the analysis.

    The same facts as :class:`AccountFacts`, column-wise: floats with NaN for None,
    ``ratings`` a units × :data:`RATED_CRITERIA` matrix (NaN when not rated), ``roles`` a
    bit mask per unit (bit ``i`` set when a contact holds ``BUYING_ROLES[i]``), ``tiers``
    the tier names. :func:`~kam.portfolio.analysis.compute.columns_from_facts` builds it
    from AccountFacts, checking every number.
    """

    keys: np.ndarray
    tiers: np.ndarray
    value: np.ndarray
    revenue: np.ndarray
    margin: np.ndarray
    month_total: np.ndarray
    month_squares: np.ndarray
    revenue_previous: np.ndarray
    revenue_3y_ago: np.ndarray
    lines_bought: np.ndarray
    lines_total: np.ndarray
    ratings: np.ndarray
    roles: np.ndarray
    days_since_contact: np.ndarray
    share_of_wallet: np.ndarray
    nps: np.ndarray

    def __len__(self) -> int:
        return len(self.keys)

    def as_facts(self) -> list[AccountFacts]:
        """One :class:`AccountFacts` per row (for reading single units; slow for many)."""

        def optional(value: float) -> float | None:
            return None if np.isnan(value) else float(value)

        facts = []
        for i in range(len(self.keys)):
            ratings = {c: int(s) for c, s in zip(RATED_CRITERIA, self.ratings[i].tolist(), strict=True) if s == s}
            mask = int(self.roles[i])
            days = optional(self.days_since_contact[i])
            facts.append(
                AccountFacts(
                    key=int(self.keys[i]),
                    tier=str(self.tiers[i]),
                    value=float(self.value[i]),
                    revenue=float(self.revenue[i]),
                    margin=float(self.margin[i]),
                    month_total=float(self.month_total[i]),
                    month_squares=float(self.month_squares[i]),
                    revenue_previous=optional(self.revenue_previous[i]),
                    revenue_3y_ago=optional(self.revenue_3y_ago[i]),
                    lines_bought=int(self.lines_bought[i]),
                    lines_total=int(self.lines_total[i]),
                    ratings=ratings,
                    roles_covered=frozenset(r for bit, r in enumerate(BUYING_ROLES) if mask >> bit & 1),
                    days_since_contact=None if days is None else int(days),
                    share_of_wallet=optional(self.share_of_wallet[i]),
                    nps=optional(self.nps[i]),
                )
            )
        return facts


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
