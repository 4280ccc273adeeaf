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
* **Criterion scores 0–5**: ``revenue`` = 5 × (1 − the cumulative share of the units ranked
  above it): 5 for the largest unit, 1 where A ends at 80 %, 0.25 where B ends at 95 %;
  value ≤ 0 → 0. Only the units that make up the first part of the value score high, however
  many small ones there are. ``cross_upsell`` =
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

Interface contract (shared with kam.portfolio.services/selectors): the dataclasses in
:mod:`.base` and the signature of :func:`analyse_portfolio`. Modules: :mod:`.base`
(constants, dataclasses, reason codes), :mod:`.compute` (numpy columns), :mod:`.entries`
(results and reasons), :mod:`.summary`.
"""

from __future__ import annotations

from collections.abc import Sequence

from .base import (
    ABC,
    BUYING_ROLES,
    CORE_ROLES,
    CRITERIA,
    EPS,
    NOTABLE_GROWTH,
    NOTABLE_WHITESPACE_SCORE,
    QUADRANTS,
    RATED_CRITERIA,
    REASON_CODES,
    RELATIONSHIP_PARTS,
    SUGGESTED_TIERS,
    TIER_RANK,
    TIERS,
    XYZ,
    AccountFacts,
    EntryResult,
    Parameters,
    Reason,
    Summary,
)
from .compute import check_parameters, compute_columns
from .entries import build_entries, reasons_as_dicts
from .summary import summarise

__all__ = [
    "ABC",
    "BUYING_ROLES",
    "CORE_ROLES",
    "CRITERIA",
    "EPS",
    "NOTABLE_GROWTH",
    "NOTABLE_WHITESPACE_SCORE",
    "QUADRANTS",
    "RATED_CRITERIA",
    "REASON_CODES",
    "RELATIONSHIP_PARTS",
    "SUGGESTED_TIERS",
    "TIERS",
    "TIER_RANK",
    "XYZ",
    "AccountFacts",
    "EntryResult",
    "Parameters",
    "Reason",
    "Summary",
    "analyse_portfolio",
    "reasons_as_dicts",
]


def analyse_portfolio(facts: Sequence[AccountFacts], params: Parameters) -> tuple[list[EntryResult], Summary]:
    """Classify every unit and summarise the portfolio (entries in rank order).

    Raises ValueError, naming the unit, for duplicate keys, missing or non-finite numbers,
    unknown criteria or ratings outside 0–5, and for contradictory parameters.
    """
    check_parameters(params)
    computed = compute_columns(facts, params)
    return build_entries(facts, params, computed), summarise(computed)
