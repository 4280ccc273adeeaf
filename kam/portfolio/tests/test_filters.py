from __future__ import annotations

from typing import Any, cast

import pytest
from django.http import QueryDict

from kam.accounts.tests.factories import AccountFactory
from kam.portfolio.filters import PortfolioEntryFilter
from kam.portfolio.models import PortfolioEntry, PortfolioRun
from kam.portfolio.tests.factories import PortfolioEntryFactory, PortfolioRunFactory
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries() -> dict[str, Any]:
    """Five entries of one run, plus an entry of another run that no filter may return."""
    run = cast(PortfolioRun, PortfolioRunFactory())
    anna = UserFactory(username="anna", first_name="Anna", last_name="Amsel")
    # name: rank, abc, xyz, quadrant, tier, computed tier, growth, owned by Anna
    rows = [
        ("Alpha", 1, "A", "X", "key_account", "key", "key", 0.1, False),
        ("Beta", 2, "A", "Y", "develop", "standard", "key", None, True),
        ("Gamma", 3, "B", "Z", "maintain", "growth", "growth", 0.3, False),
        ("Delta", 4, "C", "", "standard", "key", "standard", None, True),
        ("Epsilon", 5, "C", "X", "standard", "standard", "standard", -0.2, False),
    ]
    result: dict[str, Any] = {"run": run, "anna": anna}
    for name, rank, abc, xyz, quadrant, tier, suggested, growth, owned in rows:
        direction = "" if tier == suggested else ("promote" if suggested == "key" else "demote")
        account = AccountFactory(name=f"{name} AG", owner=anna if owned else None, external_id=f"EXT-{name.lower()}")
        result[name.lower()] = PortfolioEntryFactory(
            run=run,
            account=account,
            rank=rank,
            abc=abc,
            xyz=xyz,
            quadrant=quadrant,
            tier=tier,
            suggested_tier=suggested,
            direction=direction,
            growth=growth,
        )
    PortfolioEntryFactory(abc="A", xyz="X", account=AccountFactory(name="Alpha Other Run AG"))
    return result


def names(params: str, run: PortfolioRun) -> list[str]:
    filterset = PortfolioEntryFilter(QueryDict(params), queryset=PortfolioEntry.objects.filter(run=run))
    assert filterset.is_valid(), filterset.errors
    return [e.account.name.split()[0] for e in filterset.qs.select_related("account")]


def test_no_filter_keeps_every_entry_of_the_run_in_rank_order(entries):
    assert names("", entries["run"]) == ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"]


def test_abc_takes_several_classes(entries):
    assert sorted(names("abc=A&abc=B", entries["run"])) == ["Alpha", "Beta", "Gamma"]
    assert sorted(names("abc=C", entries["run"])) == ["Delta", "Epsilon"]


def test_xyz_dash_stands_for_entries_without_a_class(entries):
    assert names("xyz=-", entries["run"]) == ["Delta"]
    assert sorted(names("xyz=X&xyz=-", entries["run"])) == ["Alpha", "Delta", "Epsilon"]


def test_grid_cell_combines_abc_and_xyz(entries):
    assert names("abc=C&xyz=X", entries["run"]) == ["Epsilon"]
    assert names("abc=B&xyz=X", entries["run"]) == []


def test_quadrant_tier_computed_tier_and_direction(entries):
    run = entries["run"]
    assert sorted(names("quadrant=standard", run)) == ["Delta", "Epsilon"]
    assert sorted(names("tier=key", run)) == ["Alpha", "Delta"]
    assert sorted(names("suggested_tier=key", run)) == ["Alpha", "Beta"]
    assert names("direction=promote", run) == ["Beta"]
    assert names("direction=demote", run) == ["Delta"]


def test_owner_and_search(entries):
    run = entries["run"]
    assert sorted(names(f"owner={entries['anna'].pk}", run)) == ["Beta", "Delta"]
    assert names("q=gamm", run) == ["Gamma"]
    assert names("q=EXT-epsilon", run) == ["Epsilon"]
    assert names("q=%20%20", run) == ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"]


def test_sorting_puts_missing_values_last_in_both_directions(entries):
    run = entries["run"]
    assert names("ordering=-growth", run) == ["Gamma", "Alpha", "Epsilon", "Beta", "Delta"]
    assert names("ordering=growth", run) == ["Epsilon", "Alpha", "Gamma", "Beta", "Delta"]
    assert names("ordering=-name", run) == ["Gamma", "Epsilon", "Delta", "Beta", "Alpha"]


def test_sorting_ties_are_broken_by_rank(entries):
    # Tiers sort as text (growth < key < standard); within a tier the rank decides either way.
    assert names("ordering=tier", entries["run"]) == ["Gamma", "Alpha", "Delta", "Beta", "Epsilon"]
    assert names("ordering=-tier", entries["run"]) == ["Beta", "Epsilon", "Alpha", "Delta", "Gamma"]


@pytest.mark.parametrize("params", ["abc=D", "xyz=W", "quadrant=star", "direction=up", "owner=999999", "tier=gold"])
def test_unknown_values_are_errors(entries, params):
    filterset = PortfolioEntryFilter(QueryDict(params), queryset=PortfolioEntry.objects.all())
    assert not filterset.is_valid()
    assert list(filterset.errors) == [params.split("=")[0]]
