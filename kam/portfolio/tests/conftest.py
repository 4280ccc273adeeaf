"""A small stored portfolio for the page tests, built by hand so that every number is known.

Three accounts, one per user's view: "Own Alpha AG" (owned by ``kam_user``, rank 1, A/X,
a candidate to promote), "Other Gamma KG" (another KAM's, rank 2, B/Y) and "Team Beta
GmbH" (another KAM's, ``member_user`` on its team, rank 3, C without XYZ class). Values
600 / 300 / 100 of a total of 1,000.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.portfolio.choices import Basis, Level, RunKind
from kam.portfolio.tests.factories import PortfolioEntryFactory, PortfolioRunFactory
from kam.users.choices import Role
from kam.users.tests.factories import UserFactory


def last_month_end(today: dt.date | None = None) -> dt.date:
    """The last day of the month before ``today``'s (the end of a fresh current run)."""
    return (today or dt.date.today()).replace(day=1) - dt.timedelta(days=1)


SUMMARY = {
    "accounts": 3,
    "total": 1000.0,
    "classes": {
        "A": {"count": 1, "value": 600.0, "share": 0.6, "customer_share": 1 / 3},
        "B": {"count": 1, "value": 300.0, "share": 0.3, "customer_share": 1 / 3},
        "C": {"count": 1, "value": 100.0, "share": 0.1, "customer_share": 1 / 3},
    },
    "grid": {"AX": 1, "BY": 1, "C-": 1},
    "quadrants": {"key_account": 1, "maintain": 1, "standard": 1},
    "pareto": [[0.0, 0.0], [1 / 3, 0.6], [2 / 3, 0.9], [1.0, 1.0]],
    "candidates": {"promote": 1},
}
PARAMETERS = {"abc_a": 0.8, "abc_b": 0.95, "attractiveness_split": 50.0, "relationship_split": 50.0}
REASONS = [{"code": "top_share", "params": {"percent": 3}}, {"code": "growth", "params": {"percent": 18, "years": 1}}]


def entry(run: Any, account: Any, rank: int, value: str, **fields: Any) -> Any:
    return PortfolioEntryFactory(
        run=run, account=account, rank=rank, value=Decimal(value), revenue=Decimal(value), **fields
    )


@pytest.fixture
def pages(kam_user: Any, member_user: Any) -> dict[str, Any]:
    other_kam = UserFactory(role=Role.KAM, username="other-kam", first_name="Otto", last_name="Other")
    own = AccountFactory(name="Own Alpha AG", owner=kam_user, tier="standard")
    other = AccountFactory(name="Other Gamma KG", owner=other_kam, tier="key")
    team = AccountFactory(name="Team Beta GmbH", owner=other_kam, tier="standard")
    AccountTeamMemberFactory(account=team, user=member_user)
    run = PortfolioRunFactory(
        basis=Basis.REVENUE,
        level=Level.GROUP,
        period_start=last_month_end() - dt.timedelta(days=364),
        period_end=last_month_end(),
        accounts_count=3,
        total=Decimal("1000"),
        summary=SUMMARY,
        parameters=PARAMETERS,
    )
    entries = {
        "own": entry(
            run, own, 1, "600", share=0.6, cumulative_share=0.6, abc="A", xyz="X", growth=0.18,
            quadrant="key_account", tier="standard", suggested_tier="key", direction="promote",
            attractiveness=72.5, relationship=64.0, criterion_scores={"revenue": 5, "innovation": 4},
        ),
        "other": entry(
            run, other, 2, "300", share=0.3, cumulative_share=0.9, abc="B", xyz="Y", quadrant="maintain",
            tier="key", suggested_tier="key", attractiveness=40.0, relationship=70.0,
        ),
        "team": entry(
            run, team, 3, "100", share=0.1, cumulative_share=1.0, abc="C", xyz="", quadrant="standard",
            tier="standard", suggested_tier="standard", attractiveness=20.0, relationship=10.0,
        ),
    }  # fmt: skip
    return {"run": run, "own": own, "other": other, "team": team, "other_kam": other_kam, "entries": entries}


@pytest.fixture
def pages_snapshot(pages: dict[str, Any]) -> Any:
    """Last year's snapshot: Own Alpha was a B account then, Other Gamma an A; Team Beta was not analysed."""
    year = dt.date.today().year - 1
    run = PortfolioRunFactory(
        kind=RunKind.SNAPSHOT,
        label=str(year),
        basis=Basis.REVENUE,
        level=Level.GROUP,
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
        summary={**SUMMARY, "accounts": 2},
        parameters=PARAMETERS,
    )
    entry(run, pages["own"], 2, "200", abc="B", xyz="X", quadrant="develop", tier="standard", suggested_tier="standard")
    entry(run, pages["other"], 1, "700", abc="A", xyz="Y", quadrant="maintain", tier="key", suggested_tier="key")
    return run
