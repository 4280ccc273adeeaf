"""The portfolio analysis on the CDNOW transactions against an independent pandas computation.

tests/data/cdnow/CDNOW_master.txt.gz: 69,659 purchases of the 23,570 customers who first
bought at CDNOW in the first quarter of 1997, up to June 1998. The analysed period is the
last twelve months, July 1997 to June 1998; customers without a purchase in it still count
(value 0 → C, no XYZ class).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kam.portfolio.analysis import AccountFacts, EntryResult, Parameters, Summary, analyse_portfolio

DATA = Path(__file__).resolve().parents[3] / "tests" / "data" / "cdnow" / "CDNOW_master.txt.gz"
CUSTOMERS = 23_570
MONTHS = [y * 100 + m for y, m in [(1997, m) for m in range(7, 13)] + [(1998, m) for m in range(1, 7)]]
TOLERANCE = 1e-9  # the analysis compares shares and coefficients of variation with this tolerance


@pytest.fixture(scope="module")
def purchases() -> pd.DataFrame:
    frame = pd.read_csv(DATA, sep=r"\s+", header=0, names=["customer", "date", "cds", "dollars"])
    frame["month"] = frame["date"] // 100
    return frame


@pytest.fixture(scope="module")
def monthly(purchases: pd.DataFrame) -> pd.DataFrame:
    """Revenue per customer (rows, all of them) and month of the period (12 columns, 0 without purchases)."""
    in_period = purchases[purchases["month"].isin(MONTHS)]
    pivot = in_period.pivot_table(index="customer", columns="month", values="dollars", aggfunc="sum")
    customers = np.sort(purchases["customer"].unique())
    return pivot.reindex(index=customers, columns=MONTHS).fillna(0.0)


@pytest.fixture(scope="module")
def analysed(purchases: pd.DataFrame, monthly: pd.DataFrame) -> tuple[list[EntryResult], Summary]:
    previous = purchases[(purchases["date"] >= 19960701) & (purchases["date"] <= 19970630)]
    previous_revenue = previous.groupby("customer")["dollars"].sum()
    facts = [
        AccountFacts(
            key=int(customer),
            tier="standard",
            value=float(row.sum()),
            revenue=float(row.sum()),
            margin=0.0,
            month_total=float(row.sum()),
            month_squares=float((row**2).sum()),
            revenue_previous=float(previous_revenue[customer]) if customer in previous_revenue.index else None,
        )
        for customer, row in zip(monthly.index, monthly.to_numpy(), strict=True)
    ]
    return analyse_portfolio(facts, Parameters())


def pandas_abc(monthly: pd.DataFrame, a: float = 0.80, b: float = 0.95) -> pd.Series:
    """ABC by pandas: sort by value (ties by id), cumulative share before each customer, the boundary rule."""
    frame = pd.DataFrame({"customer": monthly.index, "value": monthly.sum(axis=1).to_numpy()})
    frame = frame.sort_values(["value", "customer"], ascending=[False, True]).reset_index(drop=True)
    positive = frame["value"].clip(lower=0)
    share = positive / positive.sum()
    before = share.cumsum() - share
    frame["abc"] = "C"
    frame.loc[(frame["value"] > 0) & (before < b - TOLERANCE), "abc"] = "B"
    frame.loc[(frame["value"] > 0) & (before < a - TOLERANCE), "abc"] = "A"
    return frame.set_index("customer")["abc"]


def pandas_xyz(monthly: pd.DataFrame) -> pd.Series:
    """XYZ by pandas: population standard deviation over mean of the 12 monthly revenues."""
    mean = monthly.mean(axis=1)
    cv = monthly.std(axis=1, ddof=0) / mean
    xyz = pd.Series("Z", index=monthly.index)
    xyz[cv < 1.0 - TOLERANCE] = "Y"
    xyz[cv < 0.5 - TOLERANCE] = "X"
    xyz[(monthly == 0).all(axis=1)] = ""
    return xyz


def test_every_customer_is_analysed_and_the_total_matches(
    purchases: pd.DataFrame, monthly: pd.DataFrame, analysed: tuple[list[EntryResult], Summary]
) -> None:
    entries, summary = analysed
    assert len(entries) == summary.accounts == CUSTOMERS
    assert {e.key for e in entries} == set(purchases["customer"])
    in_period = purchases[(purchases["date"] >= 19970701) & (purchases["date"] <= 19980630)]
    assert summary.total == pytest.approx(in_period["dollars"].sum(), abs=0.01)
    assert summary.total == pytest.approx(monthly.to_numpy().sum(), abs=0.01)
    assert [e.rank for e in entries] == list(range(1, CUSTOMERS + 1))
    buyers = in_period.loc[in_period["dollars"] > 0, "customer"].nunique()
    assert sum(1 for e in entries if e.share > 0) == buyers


def test_abc_class_counts_match_pandas(monthly: pd.DataFrame, analysed: tuple[list[EntryResult], Summary]) -> None:
    entries, summary = analysed
    expected = pandas_abc(monthly)
    counts = expected.value_counts()
    assert {c: summary.classes[c]["count"] for c in "ABC"} == {c: int(counts.get(c, 0)) for c in "ABC"}
    assert {e.key: e.abc for e in entries} == expected.to_dict()
    # The A class holds the first customer at or past 80 % of the revenue.
    values = monthly.sum(axis=1)
    assert values[expected == "A"].sum() / values.sum() >= 0.80
    assert values[expected == "A"].sum() - values[expected == "A"].min() < 0.80 * values.sum()
    assert summary.classes["A"]["share"] == pytest.approx(values[expected == "A"].sum() / values.sum(), abs=1e-6)


def test_xyz_class_counts_match_pandas(monthly: pd.DataFrame, analysed: tuple[list[EntryResult], Summary]) -> None:
    entries, summary = analysed
    expected = pandas_xyz(monthly)
    counts = expected.value_counts()
    actual = pd.Series([e.xyz for e in entries]).value_counts()
    assert {c: int(actual.get(c, 0)) for c in ("X", "Y", "Z", "")} == {
        c: int(counts.get(c, 0)) for c in ("X", "Y", "Z", "")
    }
    assert {e.key: e.xyz for e in entries} == expected.to_dict()
    grid_no_class = summary.grid["A-"] + summary.grid["B-"] + summary.grid["C-"]
    assert grid_no_class == int(counts.get("", 0))
    assert summary.grid["C-"] == grid_no_class  # no revenue in the period: value 0 → C


def test_growth_is_defined_where_there_was_revenue_a_year_earlier(
    purchases: pd.DataFrame, analysed: tuple[list[EntryResult], Summary]
) -> None:
    entries, _ = analysed
    previous = purchases[(purchases["date"] >= 19960701) & (purchases["date"] <= 19970630)]
    with_previous = previous.groupby("customer")["dollars"].sum()
    assert sum(1 for e in entries if e.growth is not None) == int((with_previous > 0).sum())
    assert all(e.cagr is None for e in entries)  # no data three years earlier


def test_pareto_curve_of_cdnow(analysed: tuple[list[EntryResult], Summary]) -> None:
    entries, summary = analysed
    assert len(summary.pareto) == 101
    assert summary.pareto[0] == (0.0, 0.0)
    assert summary.pareto[-1] == (1.0, 1.0)
    top_tenth = round(CUSTOMERS / 10)
    assert summary.pareto[10][1] == pytest.approx(entries[top_tenth - 1].cumulative_share, abs=1e-4)
