import datetime as dt
import json
from decimal import Decimal
from typing import cast

import pytest

from kam.accounts.models import Account
from kam.accounts.tests.factories import AccountFactory
from kam.portfolio import store
from kam.portfolio.analysis import AccountFacts, EntryResult, Reason
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


def test_numbers_json_is_what_json_dumps_writes():
    values = {"revenue": 5.0, "cross_upsell": 1.6667, "reference": None, "nps": -20.5, "big": 1e-07}
    assert store.numbers_json(values) == json.dumps(values, separators=(",", ":"))
    assert json.loads(store.numbers_json({"a": float("nan"), "b": float("inf")})) == {"a": None, "b": None}


def result(key: int, rank: int, reasons: list[Reason]) -> EntryResult:
    return EntryResult(
        key=key,
        rank=rank,
        share=0.25,
        cumulative_share=0.75,
        abc="A",
        xyz="",
        variation=None,
        growth=0.125,
        cagr=None,
        criterion_scores={"revenue": 5.0, "reference": None},
        attractiveness=62.5,
        relationship=12.5,
        relationship_parts={"coverage": 25.0, "nps": None},
        quadrant="develop",
        suggested_tier="growth",
        direction="promote",
        reasons=reasons,
    )


def facts(key: int, revenue: float, previous: float | None) -> AccountFacts:
    return AccountFacts(
        key=key,
        tier="standard",
        value=revenue,
        revenue=revenue,
        margin=revenue / 4,
        month_total=revenue,
        month_squares=revenue * revenue,
        revenue_previous=previous,
    )


@pytest.mark.django_db
def test_entries_stored_exactly_with_awkward_text_in_reasons():
    run = cast(PortfolioRun, PortfolioRunFactory())
    a = cast(Account, AccountFactory())
    b = cast(Account, AccountFactory())
    shared = Reason("abc", {"abc": "A", "xyz": ""})
    awkward = Reason("rated", {"criterion": "Müller\t\\n\n", "score": 5})
    results = [result(b.pk, 1, [shared, awkward]), result(a.pk, 2, [shared])]
    store.insert_entries(run.pk, results, {a.pk: facts(a.pk, 1234.565, None), b.pk: facts(b.pk, 0.1 + 0.2, 7.0)})
    entries = {e.account_id: e for e in PortfolioEntry.objects.filter(run=run)}
    first, second = entries[b.pk], entries[a.pk]
    assert (first.rank, second.rank) == (1, 2)
    assert first.reasons == [
        {"code": "abc", "params": {"abc": "A", "xyz": ""}},
        {"code": "rated", "params": {"criterion": "Müller\t\\n\n", "score": 5}},
    ]
    assert second.reasons == [{"code": "abc", "params": {"abc": "A", "xyz": ""}}]
    assert first.value == Decimal("0.30")
    assert first.revenue_previous == Decimal("7.00")
    assert second.revenue_previous is None
    assert second.margin == Decimal("308.64")  # 308.64125
    assert (second.variation, second.growth, second.cagr) == (None, 0.125, None)
    assert (second.xyz, second.direction, second.quadrant) == ("", "promote", "develop")
    assert second.criterion_scores == {"revenue": 5.0, "reference": None}
    assert second.relationship_parts == {"coverage": 25.0, "nps": None}


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
