"""The portfolio analysis as pure Python (numpy): ABC/XYZ, growth, strategic criteria, the matrix.

No Django import: selectors feed it the facts of every analysed unit (an account, or a
corporate group at group level) as :class:`FactColumns` (or one :class:`AccountFacts` per
unit) and store what :func:`analyse_columns` computes; :func:`analyse_portfolio` also
builds one result per unit. Every number it produces can be explained from its inputs; ``docs/portfolio.md``
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
  value ≤ 0 → 0; or, when higher, the same score a year ahead with every value grown at
  its CAGR (else YoY growth, capped at ±100 %): revenue share *or potential*. Only the
  units that make up the first part of the value score high, however
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
  → growth, else standard; direction promote when it ranks above the tier, demote when
  the tier suggested with both splits lowered by ``demotion_margin`` ranks below it.

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
    FactColumns,
    Parameters,
    Reason,
    Summary,
)
from .compute import Computed, check_parameters, columns_from_facts, compute_columns
from .entries import build_entries, reason_columns, reasons_as_dicts
from .stored import StoredEntry, stored_reasons
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
    "Computed",
    "EntryResult",
    "FactColumns",
    "Parameters",
    "Reason",
    "StoredEntry",
    "Summary",
    "analyse_columns",
    "analyse_portfolio",
    "columns_from_facts",
    "reason_columns",
    "reasons_as_dicts",
    "stored_reasons",
    "summarise",
]


def analyse_portfolio(
    facts: Sequence[AccountFacts] | FactColumns, params: Parameters
) -> tuple[list[EntryResult], Summary]:
    """Classify every unit and summarise the portfolio (entries in rank order).

    Raises ValueError, naming the unit, for duplicate keys, missing or non-finite numbers,
    unknown criteria or ratings outside 0–5, and for contradictory parameters.
    """
    columns = facts if isinstance(facts, FactColumns) else columns_from_facts(facts)
    computed = analyse_columns(columns, params)
    return build_entries(columns, params, computed), summarise(computed)


def analyse_columns(facts: FactColumns, params: Parameters) -> Computed:
    """Every formula over the facts as columns (what the stored refresh uses: no per-unit objects)."""
    check_parameters(params)
    return compute_columns(facts, params)
