"""The pure portfolio analysis on cases computed by hand (no database)."""

from __future__ import annotations

import gc
import json
import math
from dataclasses import replace
from typing import Any

import pytest

from kam.portfolio import analysis
from kam.portfolio.analysis import AccountFacts, EntryResult, Parameters, Reason, analyse_portfolio

PARAMS = Parameters()
# Every criterion weighted 1 (the default counts revenue twice), for the worked examples.
EQUAL = replace(PARAMS, criterion_weights=dict.fromkeys(analysis.CRITERIA, 1))


def unit(key: int, value: float = 0.0, **fields: Any) -> AccountFacts:
    """A unit whose revenue equals its value, spread evenly over 12 months unless told otherwise."""
    fields.setdefault("revenue", value)
    fields.setdefault("month_total", max(value, 0.0))
    fields.setdefault("month_squares", max(value, 0.0) ** 2 / 12)
    return AccountFacts(key=key, tier=fields.pop("tier", "standard"), value=value, margin=value / 4, **fields)


def monthly(key: int, months: list[float], **fields: Any) -> AccountFacts:
    """A unit with the given monthly revenue (value = their sum)."""
    total = sum(months)
    return unit(key, total, month_total=total, month_squares=sum(m * m for m in months), **fields)


def run(*facts: AccountFacts, params: Parameters = PARAMS) -> tuple[dict[int, EntryResult], analysis.Summary]:
    entries, summary = analyse_portfolio(list(facts), params)
    return {e.key: e for e in entries}, summary


def codes(entry: EntryResult) -> list[str]:
    return [r.code for r in entry.reasons]


def reason(entry: EntryResult, code: str) -> dict[str, Any]:
    found = [dict(r.params) for r in entry.reasons if r.code == code]
    assert len(found) == 1, (code, entry.reasons)
    return found[0]


# ABC ---------------------------------------------------------------------------------------


def test_abc_boundary_customer_exactly_at_80_and_95_percent_belongs_to_the_better_class() -> None:
    # Cumulative shares 50, 80, 95, 100 %: unit 2 reaches 80 % exactly and stays A,
    # unit 3 starts at 80 % and is B; unit 4 starts at 95 % and is C.
    by_key, _ = run(unit(1, 50), unit(2, 30), unit(3, 15), unit(4, 5))
    assert [by_key[k].abc for k in (1, 2, 3, 4)] == ["A", "A", "B", "C"]
    assert [by_key[k].rank for k in (1, 2, 3, 4)] == [1, 2, 3, 4]
    assert [by_key[k].share for k in (1, 2, 3, 4)] == pytest.approx([0.5, 0.3, 0.15, 0.05])
    assert [by_key[k].cumulative_share for k in (1, 2, 3, 4)] == pytest.approx([0.5, 0.8, 0.95, 1.0])


def test_abc_customer_just_past_the_boundary_is_the_last_of_the_better_class() -> None:
    # 50 + 29 = 79 % < 80 %: unit 3 crosses 80 % (to 95 %) and is still A; B stays empty.
    by_key, summary = run(unit(1, 50), unit(2, 29), unit(3, 16), unit(4, 5))
    assert [by_key[k].abc for k in (1, 2, 3, 4)] == ["A", "A", "A", "C"]
    assert summary.classes["B"]["count"] == 0
    # 50 + 31 = 81 %: unit 2 crosses 80 % and is A, unit 3 (81 → 95 %) B, unit 4 C.
    by_key, _ = run(unit(1, 50), unit(2, 31), unit(3, 14), unit(4, 5))
    assert [by_key[k].abc for k in (1, 2, 3, 4)] == ["A", "A", "B", "C"]


def test_abc_floating_point_sums_reaching_80_percent_count_as_reached() -> None:
    # Ten units of 0.1: the cumulative share before the 9th is 0.7999999999999999 in floats.
    by_key, summary = run(*(unit(k, 0.1) for k in range(1, 11)))
    assert [by_key[k].abc for k in range(1, 11)] == ["A"] * 8 + ["B"] * 2
    assert summary.classes["A"]["count"] == 8


def test_abc_ties_are_ranked_by_key() -> None:
    # 60 % then four ties of 10 %: keys 1, 3, 4, 5 in that order; key 4 starts at 80 % → B.
    by_key, _ = run(unit(5, 10), unit(3, 10), unit(4, 10), unit(1, 10), unit(2, 60))
    assert [by_key[k].rank for k in (2, 1, 3, 4, 5)] == [1, 2, 3, 4, 5]
    assert [by_key[k].abc for k in (2, 1, 3, 4, 5)] == ["A", "A", "A", "B", "B"]
    entries, _ = analyse_portfolio([unit(5, 10), unit(3, 10), unit(4, 10), unit(1, 10), unit(2, 60)], PARAMS)
    assert [e.key for e in entries] == [2, 1, 3, 4, 5]


def test_zero_and_negative_values_are_c_and_shares_are_of_the_positive_total() -> None:
    # A credit note outweighing sales (−20) and a customer without sales (0).
    by_key, summary = run(unit(1, -20), unit(2, 0), unit(3, 100))
    assert [by_key[k].rank for k in (3, 2, 1)] == [1, 2, 3]
    assert [by_key[k].abc for k in (3, 2, 1)] == ["A", "C", "C"]
    assert [by_key[k].share for k in (3, 2, 1)] == [1.0, 0.0, 0.0]
    assert summary.total == 80.0
    assert summary.positive_total == 100.0
    assert summary.classes["C"] == {"count": 2, "value": -20.0, "share": 0.0, "customer_share": pytest.approx(2 / 3)}
    assert reason(by_key[1], "no_value") == {"negative": True}
    assert reason(by_key[2], "no_value") == {"negative": False}
    assert by_key[1].criterion_scores["revenue"] == 0.0


def test_single_customer_is_a() -> None:
    by_key, summary = run(unit(7, 250.0))
    assert by_key[7].abc == "A"
    assert (by_key[7].rank, by_key[7].share, by_key[7].cumulative_share) == (1, 1.0, 1.0)
    assert summary.pareto == [(0.0, 0.0), (1.0, 1.0)]


def test_all_values_zero_or_negative_are_all_c() -> None:
    by_key, summary = run(unit(1, 0), unit(2, -5), unit(3, 0))
    assert {e.abc for e in by_key.values()} == {"C"}
    assert [by_key[k].rank for k in (1, 3, 2)] == [1, 2, 3]
    assert summary.classes["C"]["count"] == 3
    assert summary.classes["C"]["share"] == 0.0
    assert summary.pareto[0] == (0.0, 0.0)
    assert summary.pareto[-1] == (1.0, 0.0)


def test_empty_input_gives_no_entries_and_a_summary_of_zeros() -> None:
    entries, summary = analyse_portfolio([], PARAMS)
    assert entries == []
    assert (summary.accounts, summary.total, summary.positive_total) == (0, 0.0, 0.0)
    assert all(c == {"count": 0, "value": 0.0, "share": 0.0, "customer_share": 0.0} for c in summary.classes.values())
    assert set(summary.grid.values()) == {0}
    assert len(summary.grid) == 12
    assert set(summary.quadrants.values()) == {0}
    assert summary.candidates == {"promote": 0, "demote": 0}
    assert summary.pareto == [(0.0, 0.0)]


def test_abc_thresholds_come_from_the_parameters() -> None:
    params = replace(PARAMS, abc_a=0.5, abc_b=0.8)
    by_key, _ = run(unit(1, 50), unit(2, 30), unit(3, 15), unit(4, 5), params=params)
    assert [by_key[k].abc for k in (1, 2, 3, 4)] == ["A", "B", "C", "C"]


# XYZ ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "cv", "xyz"),
    [
        ([10.0] * 12, 0.0, "X"),  # constant
        ([5.0, 15.0] * 6, 0.5, "Y"),  # mean 10, std 5: exactly 0.5 is not below X's 0.5
        ([4.0, 16.0] * 6, 0.6, "Y"),  # std 6
        ([0.0, 20.0] * 6, 1.0, "Z"),  # mean 10, std 10: exactly 1.0 is not below Y's 1.0
        ([120.0] + [0.0] * 11, math.sqrt(11), "Z"),  # variance 14400/12 − 100 = 1100, std √1100 = 10·√11
        ([9.0, 11.0] * 6, 0.1, "X"),
    ],
)
def test_xyz_class_from_the_coefficient_of_variation(months: list[float], cv: float, xyz: str) -> None:
    by_key, _ = run(monthly(1, months))
    assert by_key[1].variation == pytest.approx(cv)
    assert by_key[1].xyz == xyz


def test_xyz_without_revenue_in_the_window_has_no_class_and_negative_mean_is_z() -> None:
    by_key, summary = run(
        unit(1, 100, month_total=0, month_squares=0), unit(2, -12, month_total=-12, month_squares=144)
    )
    assert (by_key[1].xyz, by_key[1].variation) == ("", None)
    assert (by_key[2].xyz, by_key[2].variation) == ("Z", None)
    assert summary.grid["A-"] == 1
    assert summary.grid["CZ"] == 1


def test_xyz_window_and_thresholds_come_from_the_parameters() -> None:
    six = monthly(1, [5.0, 15.0] * 3)  # over 6 months: mean 10, std 5, CV 0.5
    by_key, _ = run(six, params=replace(PARAMS, months=6, xyz_x=0.6, xyz_y=0.8))
    assert (by_key[1].variation, by_key[1].xyz) == (pytest.approx(0.5), "X")
    # Over 12 months the six missing months count as 0: mean 5, variance 750/12 − 25 = 37.5.
    by_key, _ = run(six)
    assert (by_key[1].variation, by_key[1].xyz) == (pytest.approx(math.sqrt(37.5) / 5), "Z")


# Growth ------------------------------------------------------------------------------------


def test_growth_year_over_year_and_cagr() -> None:
    by_key, _ = run(
        unit(1, 133.1, revenue_previous=121.0, revenue_3y_ago=100.0),
        unit(2, 80.0, revenue_previous=100.0),
        unit(3, 50.0, revenue_previous=0.0, revenue_3y_ago=0.0),
        unit(4, 0.0, revenue_previous=10.0, revenue_3y_ago=10.0),
        unit(5, 50.0),
    )
    assert by_key[1].growth == pytest.approx(0.1)  # 133.1 / 121 − 1
    assert by_key[1].cagr == pytest.approx(0.1)  # (133.1 / 100)^(1/3) − 1
    assert (by_key[2].growth, by_key[2].cagr) == (pytest.approx(-0.2), None)
    assert (by_key[3].growth, by_key[3].cagr) == (None, None)
    assert (by_key[4].growth, by_key[4].cagr) == (-1.0, None)
    assert (by_key[5].growth, by_key[5].cagr) == (None, None)
    growth = [dict(r.params) for r in by_key[1].reasons if r.code == "growth"]
    assert growth == [{"percent": 10, "years": 3}, {"percent": 10, "years": 1}]
    assert reason(by_key[2], "decline") == {"percent": 20, "years": 1}
    assert "new" in codes(by_key[3])
    assert "new" in codes(by_key[5])
    assert "new" not in codes(by_key[1])
    assert "new" not in codes(by_key[4])


def test_small_growth_is_not_a_reason() -> None:
    by_key, _ = run(unit(1, 105.0, revenue_previous=100.0, revenue_3y_ago=95.0))
    assert by_key[1].growth == pytest.approx(0.05)
    assert not {"growth", "decline"} & set(codes(by_key[1]))


# Criterion scores and attractiveness -------------------------------------------------------


def test_revenue_score_falls_with_the_cumulative_share_before_the_unit() -> None:
    # Cumulative share before each unit: 0, 50, 80, 95 % → 5 × (1 − before).
    by_key, _ = run(unit(1, 50), unit(2, 30), unit(3, 15), unit(4, 5), unit(5, 0))
    scores = [by_key[k].criterion_scores["revenue"] for k in (1, 2, 3, 4, 5)]
    assert scores == pytest.approx([5.0, 2.5, 1.0, 0.25, 0.0])


def test_many_small_customers_do_not_look_attractive() -> None:
    # Two large customers hold half the value; 1,000 small ones share the other half.
    facts = [unit(1, 30_000, lines_bought=2, lines_total=8), unit(2, 20_000, lines_bought=2, lines_total=8)]
    facts += [unit(k, 50, lines_bought=1, lines_total=8) for k in range(3, 1003)]
    by_key, summary = run(*facts, params=EQUAL)
    assert by_key[1].attractiveness == pytest.approx(20 * (5 + 5 * 0.75) / 2)
    high = [e.key for e in by_key.values() if e.attractiveness >= 50]
    assert sorted(high) == [1, 2]
    assert summary.quadrants["develop"] == 2
    assert summary.quadrants["standard"] == 1000


def test_revenue_criterion_takes_the_larger_of_share_and_potential() -> None:
    # Values 50, 30, 20 (total 100). Unit 3 grows 100 % a year over 3 years (capped at doubling;
    # the real rate would be higher): a year ahead it is 40 of 105 (unit 2 shrinks to 15), after 50 only.
    # Unit 2 declines 50 %: its potential is lower, its share score stays.
    by_key, _ = run(
        unit(1, 50),
        unit(2, 30, revenue_previous=60),
        unit(3, 20, revenue_previous=5, revenue_3y_ago=1),
    )
    assert by_key[3].criterion_scores["revenue"] == pytest.approx(5 * (1 - 50 / 105), abs=1e-4)
    assert by_key[2].criterion_scores["revenue"] == pytest.approx(5 * (1 - 50 / 100), abs=1e-4)
    assert by_key[1].criterion_scores["revenue"] == 5.0


def test_cross_upsell_is_the_revenue_score_times_the_whitespace() -> None:
    by_key, _ = run(
        unit(1, 50, lines_bought=2, lines_total=8),
        unit(2, 30, lines_bought=0, lines_total=0),
        unit(3, 20, lines_bought=9, lines_total=8),
    )
    assert by_key[1].criterion_scores["cross_upsell"] == pytest.approx(5 * 0.75)
    assert by_key[2].criterion_scores["cross_upsell"] is None  # no product lines: not computable
    assert by_key[3].criterion_scores["cross_upsell"] == 0.0  # more lines than exist: no whitespace
    assert reason(by_key[1], "whitespace") == {"bought": 2, "total": 8}
    assert "whitespace" not in codes(by_key[3])


def test_attractiveness_renormalises_over_rated_criteria() -> None:
    # Revenue 5, cross-/upsell 5 × 0.5 = 2.5, innovation 5, reference 1; know-how and care unrated.
    top = unit(1, 100, lines_bought=4, lines_total=8, ratings={"innovation": 5, "reference": 1})
    by_key, _ = run(top, params=EQUAL)
    scores = by_key[1].criterion_scores
    assert scores == {
        "revenue": 5.0,
        "cross_upsell": 2.5,
        "reference": 1.0,
        "innovation": 5.0,
        "know_how": None,
        "care": None,
    }
    assert by_key[1].attractiveness == pytest.approx(20 * (5 + 2.5 + 1 + 5) / 4)
    assert reason(by_key[1], "unrated") == {"count": 2, "total": 4}
    # The default weights count revenue twice: 20 × (2·5 + 2.5 + 1 + 5) / 5 = 74.
    assert run(top)[0][1].attractiveness == pytest.approx(74.0)
    # Weights: revenue 2, innovation 3, the others 0 → (2·5 + 3·5) / 5 = 5 → 100.
    weights = dict.fromkeys(analysis.CRITERIA, 0) | {"revenue": 2, "innovation": 3}
    by_key, _ = run(top, params=replace(PARAMS, criterion_weights=weights))
    assert by_key[1].attractiveness == pytest.approx(100.0)
    # Only weighted criteria that nobody rated: nothing to average → 0.
    by_key, _ = run(top, params=replace(PARAMS, criterion_weights={"care": 1}))
    assert by_key[1].attractiveness == 0.0


def test_rated_reasons_list_high_and_low_scores_highest_first() -> None:
    ratings = {"reference": 4, "innovation": 5, "know_how": 3, "care": 1}
    by_key, _ = run(unit(1, 100, ratings=ratings))
    rated = [dict(r.params) for r in by_key[1].reasons if r.code == "rated"]
    assert rated == [
        {"criterion": "innovation", "score": 5},
        {"criterion": "reference", "score": 4},
        {"criterion": "care", "score": 1},
    ]
    assert "unrated" not in codes(by_key[1])


@pytest.mark.parametrize(
    ("ratings", "message"),
    [({"innovation": 6}, "between 0 and 5"), ({"revenue": 3}, "not a rated criterion")],
)
def test_bad_ratings_are_rejected_naming_the_unit(ratings: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=f"Unit 9: .*{message}"):
        analyse_portfolio([unit(1, 10), unit(9, 5, ratings=ratings)], PARAMS)


# Relationship strength ---------------------------------------------------------------------


def test_relationship_parts_and_their_mean() -> None:
    by_key, _ = run(
        unit(
            1,
            100,
            roles_covered=frozenset({"decision_maker", "buyer", "gatekeeper"}),
            days_since_contact=10,
            share_of_wallet=0.4,
            nps=20,
        ),
        unit(2, 50, roles_covered=frozenset({"user"}), days_since_contact=365),
        unit(3, 25),
    )
    assert by_key[1].relationship_parts == {"share_of_wallet": 40.0, "coverage": 50.0, "recency": 100.0, "nps": 60.0}
    assert by_key[1].relationship == pytest.approx((40 + 50 + 100 + 60) / 4)
    # Unknown share of wallet and NPS leave the mean; a contact a year ago counts 0.
    assert by_key[2].relationship_parts == {"share_of_wallet": None, "coverage": 25.0, "recency": 0.0, "nps": None}
    assert by_key[2].relationship == pytest.approx(12.5)
    # Never contacted: recency 0, no role covered.
    assert by_key[3].relationship_parts["recency"] == 0.0
    assert by_key[3].relationship == 0.0
    assert reason(by_key[1], "coverage") == {"missing": ["user", "influencer"]}
    assert reason(by_key[2], "no_recent_contact") == {"days": 365}
    assert "never_contacted" in codes(by_key[3])
    assert reason(by_key[1], "share_of_wallet") == {"percent": 40}
    assert reason(by_key[1], "nps") == {"score": 20}


@pytest.mark.parametrize(("days", "recency"), [(0, 100.0), (30, 100.0), (31, 99.7015), (197.5, 50.0), (400, 0.0)])
def test_recency_falls_linearly_between_full_and_zero_days(days: float, recency: float) -> None:
    by_key, _ = run(unit(1, 10, days_since_contact=days))
    assert by_key[1].relationship_parts["recency"] == pytest.approx(recency)


def test_relationship_weights_come_from_the_parameters() -> None:
    facts = unit(1, 10, roles_covered=frozenset({"decision_maker", "buyer"}), days_since_contact=0, nps=100)
    weights = {"coverage": 3, "recency": 1, "share_of_wallet": 0, "nps": 0}
    by_key, _ = run(facts, params=replace(PARAMS, relationship_weights=weights))
    assert by_key[1].relationship == pytest.approx((3 * 50 + 100) / 4)
    by_key, _ = run(facts, params=replace(PARAMS, relationship_weights=dict.fromkeys(analysis.RELATIONSHIP_PARTS, 0)))
    assert by_key[1].relationship == 0.0


# Quadrants and candidates ------------------------------------------------------------------

ONLY_RATED = replace(
    PARAMS,
    criterion_weights={"reference": 1, "innovation": 1},
    relationship_weights={"coverage": 1},
)
HALF_ROLES = frozenset({"decision_maker", "buyer"})  # coverage 50
QUARTER_ROLES = frozenset({"decision_maker"})  # coverage 25


@pytest.mark.parametrize(
    ("ratings", "roles", "tier", "quadrant", "suggested", "direction"),
    [
        ((2, 3), HALF_ROLES, "standard", "key_account", "key", "promote"),  # 50 / 50: both at the split are high
        ((2, 3), QUARTER_ROLES, "key", "develop", "growth", "demote"),
        ((2, 3), QUARTER_ROLES, "growth", "develop", "growth", ""),
        ((2, 2), HALF_ROLES, "key", "maintain", "standard", ""),  # 40: not more than the margin (10) below 50
        ((1, 2), HALF_ROLES, "key", "maintain", "standard", "demote"),  # 30: more than 10 below
        ((2, 2), QUARTER_ROLES, "standard", "standard", "standard", ""),
        ((5, 5), HALF_ROLES, "key", "key_account", "key", ""),
        ((5, 5), QUARTER_ROLES, "", "develop", "growth", "promote"),  # unknown tier counts as standard
    ],
)
def test_quadrant_suggested_tier_and_direction(
    ratings: tuple[int, int], roles: frozenset[str], tier: str, quadrant: str, suggested: str, direction: str
) -> None:
    facts = unit(
        1, 10, tier=tier, roles_covered=roles, ratings=dict(zip(("reference", "innovation"), ratings, strict=True))
    )
    entries, summary = analyse_portfolio([facts], ONLY_RATED)
    entry = entries[0]
    assert (entry.quadrant, entry.suggested_tier, entry.direction) == (quadrant, suggested, direction)
    assert codes(entry)[-1] == "quadrant"
    assert reason(entry, "quadrant") == {"quadrant": quadrant}
    assert summary.quadrants[quadrant] == 1
    assert summary.candidates == {
        "promote": int(direction == "promote"),
        "demote": int(direction == "demote"),
    }


def test_splits_come_from_the_parameters() -> None:
    facts = unit(1, 10, roles_covered=QUARTER_ROLES, ratings={"reference": 2, "innovation": 2})  # 40 / 25
    entries, _ = analyse_portfolio([facts], replace(ONLY_RATED, attractiveness_split=40, relationship_split=25))
    assert entries[0].quadrant == "key_account"
    entries, _ = analyse_portfolio([facts], replace(ONLY_RATED, attractiveness_split=41, relationship_split=25))
    assert entries[0].quadrant == "maintain"


# Reasons -----------------------------------------------------------------------------------


def test_reasons_explain_a_promotion_candidate_in_order() -> None:
    # 100 units: the third of them (800 of 3,670) grows 18 % a year over 3 years.
    star = unit(
        3,
        800,
        tier="standard",
        revenue_previous=700,
        revenue_3y_ago=800 / 1.18**3,
        lines_bought=1,
        lines_total=10,
        ratings={"innovation": 5, "reference": 3, "care": 0},
        roles_covered=frozenset({"decision_maker", "buyer"}),
        days_since_contact=400,
        share_of_wallet=0.35,
        nps=40,
    )
    facts = [unit(1, 1000), unit(2, 900), star, *(unit(k, 10) for k in range(4, 101))]
    by_key, _ = run(*facts, params=EQUAL)
    entry = by_key[3]
    assert codes(entry) == [
        "top_share",
        "share",
        "abc",
        "growth",
        "growth",
        "whitespace",
        "rated",
        "rated",
        "unrated",
        "attractiveness",
        "relationship",
        "coverage",
        "no_recent_contact",
        "share_of_wallet",
        "nps",
        "quadrant",
    ]
    params = [dict(r.params) for r in entry.reasons]
    assert params[0] == {"percent": 3}  # rank 3 of 100
    assert params[1] == {"percent": 21.8}  # 800 / 3670
    assert params[2] == {"abc": "A", "xyz": "X"}
    assert params[3:5] == [{"percent": 18, "years": 3}, {"percent": 14, "years": 1}]  # 800 / 700 − 1 = 14.3 %
    assert params[6:9] == [
        {"criterion": "innovation", "score": 5},
        {"criterion": "care", "score": 0},
        {"count": 1, "total": 4},
    ]
    # Share: 1,900 of 3,670 ranked before it. Potential: a year ahead at 18 % it is 944, second
    # (only 1,000 before it) of 3,814 — the larger of the two counts.
    revenue_score = max(5 * (1 - 1900 / 3670), 5 * (1 - 1000 / 3814))
    attractiveness = 20 * (revenue_score + revenue_score * 0.9 + 3 + 5 + 0) / 5
    assert params[9] == {"score": round(attractiveness)}
    assert entry.attractiveness == pytest.approx(attractiveness, abs=1e-3)
    recency = 0.0
    assert entry.relationship == pytest.approx((35 + 50 + recency + 70) / 4)
    assert params[10] == {"score": round((35 + 50 + 70) / 4)}
    assert (entry.quadrant, entry.direction) == ("develop", "promote")


def test_top_share_and_share_are_rounded_for_reading() -> None:
    facts = [unit(1, 10_000)] + [unit(k, 1) for k in range(2, 2001)]  # 2,000 units
    by_key, _ = run(*facts)
    assert reason(by_key[1], "top_share") == {"percent": 0.1}  # rank 1 of 2,000 = 0.05 % → 0.1
    assert reason(by_key[1], "share") == {"percent": 83.3}  # 10,000 / 11,999
    assert by_key[1001].abc == "B"
    assert reason(by_key[1001], "top_share") == {"percent": 51}  # 1,001 / 2,000 = 50.05 % → 51
    assert "share" not in codes(by_key[1001])
    assert not {"top_share", "share"} & set(codes(by_key[2000]))  # C: neither


def test_small_shares_keep_two_significant_digits() -> None:
    by_key, _ = run(*(unit(k, 1) for k in range(1, 301)))  # 300 equal units: each 0.333 % of the value
    assert reason(by_key[1], "share") == {"percent": 0.33}
    assert reason(by_key[1], "top_share") == {"percent": 0.4}  # 1 / 300 = 0.33 % → tenths, rounded up
    assert reason(by_key[3], "top_share") == {"percent": 1}  # 3 / 300 = exactly 1 %
    assert reason(by_key[4], "top_share") == {"percent": 2}  # 1.33 % → 2


def test_every_reason_code_is_documented_and_params_are_json() -> None:
    facts = [
        unit(1, 100, revenue_previous=50, revenue_3y_ago=200, ratings={"care": 5}, nps=-30, days_since_contact=40),
        unit(2, -5, share_of_wallet=0.5, roles_covered=frozenset(analysis.CORE_ROLES)),
        unit(3, 0, month_total=0, month_squares=0, lines_bought=0, lines_total=4),
    ]
    entries, _ = analyse_portfolio(facts, PARAMS)
    used = {r.code for e in entries for r in e.reasons}
    assert used <= set(analysis.REASON_CODES)
    assert {"growth", "decline", "rated", "nps", "no_value", "share_of_wallet", "never_contacted"} <= used
    dumped = json.loads(json.dumps([analysis.reasons_as_dicts(e.reasons) for e in entries]))
    assert dumped[0][0] == {"code": "top_share", "params": {"percent": 34}}
    assert all(isinstance(r, Reason) for e in entries for r in e.reasons)
    assert all(e.reasons for e in entries)
    # Every number in the reasons is a plain int or float (no numpy scalar).
    numbers = [v for e in entries for r in e.reasons for v in r.params.values() if not isinstance(v, (str, list))]
    assert {type(v) for v in numbers} <= {int, float, bool}


# Summary -----------------------------------------------------------------------------------


def test_summary_counts_shares_grid_and_pareto() -> None:
    facts = [
        monthly(1, [10.0] * 12, tier="key"),  # 120: A X
        monthly(2, [0.0, 20.0] * 3 + [0.0] * 6),  # 60, starts at 80 %: B Z (CV √(1200/12 − 25)/5 = √3)
        monthly(3, [5.0, 15.0] * 6),  # 120: A Y
        unit(4, 0, month_total=0, month_squares=0),  # C, no XYZ class
    ]
    entries, summary = analyse_portfolio(facts, PARAMS)
    assert entries[2].variation == pytest.approx(math.sqrt(3))
    assert summary.accounts == 4
    assert summary.total == 300.0
    assert summary.classes["A"] == {"count": 2, "value": 240.0, "share": 0.8, "customer_share": 0.5}
    assert summary.classes["B"] == {"count": 1, "value": 60.0, "share": 0.2, "customer_share": 0.25}
    assert summary.classes["C"] == {"count": 1, "value": 0.0, "share": 0.0, "customer_share": 0.25}
    assert summary.grid["AX"] == summary.grid["AY"] == summary.grid["BZ"] == summary.grid["C-"] == 1
    assert sum(summary.grid.values()) == 4
    # Ranks: 1 (120), 3 (120), 2 (60), 4 (0) → cumulative 0.4, 0.8, 1.0, 1.0.
    assert summary.pareto == [(0.0, 0.0), (0.25, 0.4), (0.5, 0.8), (0.75, 1.0), (1.0, 1.0)]
    assert sum(summary.quadrants.values()) == 4
    assert summary.candidates == {
        "promote": sum(e.direction == "promote" for e in entries),
        "demote": sum(e.direction == "demote" for e in entries),
    }
    json.dumps(summary.__dict__)


def test_pareto_curve_is_down_sampled_to_101_points_with_both_ends() -> None:
    entries, summary = analyse_portfolio([unit(k, float(k)) for k in range(1, 1001)], PARAMS)
    assert len(summary.pareto) == 101
    assert summary.pareto[0] == (0.0, 0.0)
    assert summary.pareto[-1] == (1.0, 1.0)
    assert summary.pareto[10] == (0.1, pytest.approx(sum(range(901, 1001)) / sum(range(1, 1001)), abs=1e-4))
    xs = [x for x, _ in summary.pareto]
    ys = [y for _, y in summary.pareto]
    assert xs == sorted(xs)
    assert ys == sorted(ys)
    assert [e.rank for e in entries] == list(range(1, 1001))


# Validation and contract -------------------------------------------------------------------


def test_the_garbage_collector_is_left_as_it_was() -> None:
    facts = [unit(k, k) for k in range(1, 50)]
    assert gc.isenabled()
    analyse_portfolio(facts, PARAMS)
    assert gc.isenabled()
    gc.disable()
    try:
        analyse_portfolio(facts, PARAMS)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_bad_input_is_rejected_naming_the_unit() -> None:
    with pytest.raises(ValueError, match="Unit 2 appears more than once"):
        analyse_portfolio([unit(2, 1), unit(2, 3)], PARAMS)
    with pytest.raises(ValueError, match="Unit 5: value must be a finite number"):
        analyse_portfolio([unit(1, 1), unit(5, math.nan)], PARAMS)
    with pytest.raises(ValueError, match="Unit 6: nps must be a finite number"):
        analyse_portfolio([unit(6, 1, nps=math.inf)], PARAMS)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"abc_a": 0.95, "abc_b": 0.8}, "ABC thresholds"),
        ({"abc_b": 1.5}, "ABC thresholds"),
        ({"xyz_x": 1.0}, "XYZ thresholds"),
        ({"months": 0}, "at least one month"),
        ({"recency_zero_days": 10}, "Contact recency"),
    ],
)
def test_contradictory_parameters_are_rejected(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        analyse_portfolio([unit(1, 1)], replace(PARAMS, **changes))


def test_plain_string_constants_match_the_django_choices() -> None:
    from kam.accounts.choices import Tier
    from kam.contacts.choices import BuyingRole
    from kam.portfolio import choices

    assert tuple(choices.AbcClass.values) == analysis.ABC
    assert tuple(choices.XyzClass.values) == analysis.XYZ
    assert tuple(choices.Criterion.values) == analysis.CRITERIA
    assert tuple(c.value for c in choices.RATED_CRITERIA) == analysis.RATED_CRITERIA
    assert tuple(choices.Quadrant.values) == analysis.QUADRANTS
    assert tuple(Tier.values) == analysis.TIERS
    assert tuple(BuyingRole.values) == analysis.BUYING_ROLES
    assert set(analysis.CORE_ROLES) <= set(BuyingRole.values)
    assert set(analysis.TIER_RANK) == set(Tier.values)
    assert set(analysis.SUGGESTED_TIERS.values()) <= set(Tier.values)
    assert {"promote", "demote"} == set(choices.Direction.values)
