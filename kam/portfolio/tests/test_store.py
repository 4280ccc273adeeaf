import datetime as dt
import json
from decimal import Decimal
from typing import cast

import numpy as np
import pytest

from kam.accounts.models import Account
from kam.accounts.tests.factories import AccountFactory
from kam.portfolio import analysis, selectors, store
from kam.portfolio.analysis import AccountFacts
from kam.portfolio.facts import Windows, add_months, month_end
from kam.portfolio.models import PortfolioEntry, PortfolioRun
from kam.portfolio.tests.factories import PortfolioEntryFactory, PortfolioRunFactory


def test_month_arithmetic():
    assert add_months(dt.date(2025, 11, 20), 2) == dt.date(2026, 1, 1)
    assert add_months(dt.date(2025, 1, 31), -13) == dt.date(2023, 12, 1)
    assert month_end(dt.date(2024, 2, 10)) == dt.date(2024, 2, 29)
    assert month_end(dt.date(2025, 12, 1)) == dt.date(2025, 12, 31)


def test_windows_of_a_period():
    windows = Windows.of(dt.date(2025, 4, 15), dt.date(2025, 9, 30), 12)
    assert windows.period == (dt.date(2025, 4, 1), dt.date(2025, 9, 1))
    assert windows.window == (dt.date(2024, 10, 1), dt.date(2025, 9, 1))
    assert windows.previous == (dt.date(2024, 4, 1), dt.date(2024, 9, 1))
    assert windows.three_years == (dt.date(2022, 4, 1), dt.date(2022, 9, 1))


def test_json_objects_read_back_as_the_numbers():
    names = ("revenue", "cross_upsell", "reference")
    matrix = np.array([[5.0, 1.6667, np.nan], [-20.5, 0.0001, 0.0]])
    first, second = store._json_objects(names, matrix)
    assert json.loads(first) == {"revenue": 5.0, "cross_upsell": 1.6667, "reference": None}
    assert json.loads(second) == {"revenue": -20.5, "cross_upsell": 0.0001, "reference": 0.0}
    assert all(isinstance(value, float) for value in json.loads(second).values())


def test_scaled_numbers_are_exact_and_rounded_to_the_cent():
    values = np.array([0.1 + 0.2, 1234.56, -5.0, np.nan, 12.345000000001])
    assert store._scaled(values, 2, "\\N") == ["30e-2", "123456e-2", "-500e-2", "\\N", "1235e-2"]
    assert [float(t) for t in store._scaled(np.array([1.6667, 64.0]), 4, None)] == [1.6667, 64.0]  # type: ignore[arg-type]


def facts(key: int, revenue: float, previous: float | None, **more: object) -> AccountFacts:
    return AccountFacts(
        key=key,
        tier="standard",
        value=revenue,
        revenue=revenue,
        margin=revenue / 4,
        month_total=revenue,
        month_squares=revenue * revenue,
        revenue_previous=previous,
        **more,  # type: ignore[arg-type]
    )


def varied_facts(accounts: list[Account]) -> list[AccountFacts]:
    """Units that between them give every kind of reason."""
    keys = [a.pk for a in accounts]
    return [
        facts(keys[0], 1234.56, None, ratings={"innovation": 5, "care": 0}, days_since_contact=400),
        facts(keys[1], 0.1 + 0.2, 7.0, lines_bought=1, lines_total=4, roles_covered=frozenset({"buyer"})),
        facts(keys[2], -5.0, 2.0, revenue_3y_ago=1.0),
        facts(keys[3], 8000.0, 7000.0, revenue_3y_ago=4000.0, lines_bought=2, lines_total=9, days_since_contact=3,
              roles_covered=frozenset({"decision_maker", "buyer", "user", "influencer"}), nps=40, share_of_wallet=0.35,
              ratings={"reference": 4, "know_how": 1, "innovation": 3}),
        facts(keys[4], 0.0, None),
        facts(keys[5], 55.5, 10.0, days_since_contact=45),
    ]  # fmt: skip


@pytest.mark.django_db
def test_entries_stored_as_the_analysis_computed_them():
    run = cast(PortfolioRun, PortfolioRunFactory(accounts_count=6, parameters={"recency_full_days": 30}))
    accounts = [cast(Account, AccountFactory()) for _ in range(6)]
    unit_facts = varied_facts(accounts)
    columns = analysis.columns_from_facts(unit_facts)
    computed = analysis.analyse_columns(columns, analysis.Parameters())
    store.insert_entries(run.pk, columns, computed)
    results, _summary = analysis.analyse_portfolio(unit_facts, analysis.Parameters())
    stored = {e.account_id: e for e in PortfolioEntry.objects.filter(run=run)}
    seen_codes = set()
    for result in results:
        entry = stored[result.key]
        assert (entry.rank, entry.share, entry.cumulative_share) == (result.rank, result.share, result.cumulative_share)
        assert (entry.abc, entry.xyz, entry.quadrant, entry.direction) == (
            result.abc, result.xyz, result.quadrant, result.direction
        )  # fmt: skip
        assert (entry.variation, entry.growth, entry.cagr) == (result.variation, result.growth, result.cagr)
        assert (entry.attractiveness, entry.relationship) == (result.attractiveness, result.relationship)
        assert entry.criterion_scores == dict(result.criterion_scores)
        assert entry.relationship_parts == dict(result.relationship_parts)
        # The reasons are not stored: worded again from the stored columns, they are the analysis's own.
        assert entry.reasons == analysis.reasons_as_dicts(result.reasons)
        seen_codes |= {reason.code for reason in result.reasons}
    assert seen_codes == set(analysis.REASON_CODES)
    first = stored[accounts[0].pk]
    assert first.value == Decimal("1234.56")
    assert first.margin == Decimal("308.64")  # 308.64 as a float: 308.6399…
    assert (first.lines_bought, first.lines_total, first.roles, first.days_since_contact) == (0, 0, 0, 400)
    assert stored[accounts[1].pk].value == Decimal("0.30")
    assert (stored[accounts[1].pk].revenue_previous, first.revenue_previous) == (Decimal("7.00"), None)
    assert stored[accounts[2].pk].revenue_3y_ago == Decimal("1.00")
    assert stored[accounts[3].pk].roles == 15


@pytest.mark.django_db
def test_reasons_of_many_entries_are_worded_in_one_go(django_assert_num_queries):
    run = cast(PortfolioRun, PortfolioRunFactory(accounts_count=6, parameters={"recency_full_days": 30}))
    accounts = [cast(Account, AccountFactory()) for _ in range(6)]
    columns = analysis.columns_from_facts(varied_facts(accounts))
    store.insert_entries(run.pk, columns, analysis.analyse_columns(columns, analysis.Parameters()))
    entries = list(PortfolioEntry.objects.filter(run=run).order_by("rank"))
    with django_assert_num_queries(1):  # the run, once for all
        selectors.portfolio_entry_reasons_attach(entries)
    with django_assert_num_queries(0):
        worded = [entry.reasons for entry in entries]
    assert worded[0][0]["code"] == "top_share"
    # A single entry reads its run when asked.
    alone = PortfolioEntry.objects.get(run=run, rank=1)
    with django_assert_num_queries(1):
        assert alone.reasons == worded[0]


@pytest.mark.django_db
def test_delete_runs_removes_runs_and_their_entries_only():
    gone = cast(PortfolioRun, PortfolioRunFactory())
    kept = cast(PortfolioRun, PortfolioRunFactory())
    PortfolioEntryFactory(run=gone)
    kept_entry = PortfolioEntryFactory(run=kept)
    store.delete_runs([gone.pk])
    store.delete_runs([])
    assert list(PortfolioRun.objects.all()) == [kept]
    assert list(PortfolioEntry.objects.all()) == [kept_entry]
