"""The portfolio pages in a real browser: charts drawn under the strict CSP, htmx swaps, a nomination."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from kam.accounts.models import Account, TierChange
from kam.accounts.tests.factories import AccountFactory
from kam.portfolio.models import Nomination
from kam.portfolio.tests.factories import PortfolioEntryFactory, PortfolioRunFactory
from kam.users.tests.factories import PASSWORD, UserFactory
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

SUMMARY = {
    "accounts": 3,
    "total": 1000.0,
    "classes": {
        "A": {"count": 1, "value": 600.0, "share": 0.6, "customer_share": 1 / 3},
        "B": {"count": 1, "value": 300.0, "share": 0.3, "customer_share": 1 / 3},
        "C": {"count": 1, "value": 100.0, "share": 0.1, "customer_share": 1 / 3},
    },
    "grid": {"AX": 1, "BY": 1, "CZ": 1},
    "quadrants": {"key_account": 1, "maintain": 1, "standard": 1},
    "pareto": [[0.0, 0.0], [1 / 3, 0.6], [2 / 3, 0.9], [1.0, 1.0]],
    "candidates": {"promote": 1},
}


@pytest.fixture
def portfolio() -> dict[str, Any]:
    """The head of KAM, a KAM, and a current group-level run of three accounts (one candidate)."""
    UserFactory.create(username="hanna", role="head_of_kam")
    kim = UserFactory.create(username="kim", first_name="Kim", last_name="Keller", role="kam")
    end = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    run = PortfolioRunFactory.create(
        level="group", period_start=end - dt.timedelta(days=364), period_end=end, summary=SUMMARY, accounts_count=3
    )
    rows = [
        ("Alpha Antriebe AG", "A", "X", "key_account", 80.0, 70.0, "standard", "key", "promote"),
        ("Beta Bau GmbH", "B", "Y", "maintain", 30.0, 75.0, "key", "key", ""),
        ("Gamma Guss KG", "C", "Z", "standard", 20.0, 20.0, "standard", "standard", ""),
    ]
    accounts = {}
    for rank, (name, abc, xyz, quadrant, attr, rel, tier, suggested, direction) in enumerate(rows, start=1):
        account = AccountFactory.create(name=name, tier=tier)
        value = Decimal(600 // rank)
        PortfolioEntryFactory.create(
            run=run, account=account, rank=rank, value=value, revenue=value, abc=abc, xyz=xyz, quadrant=quadrant,
            attractiveness=attr, relationship=rel, tier=tier, suggested_tier=suggested, direction=direction,
        )  # fmt: skip
        accounts[name] = account
    return {"kim": kim, "accounts": accounts}


def test_head_sees_the_overview_and_switches_the_level_without_reload(page, portfolio):
    login(page, "hanna", PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/$"))
    page.get_by_role("link", name="Portfolio", exact=True).click()
    page.wait_for_url(re.compile(r"/portfolio/$"))
    expect(page.locator("canvas[data-portfolio-chart=pareto][data-rendered]")).to_have_count(1)
    expect(page.locator("#abc-xyz-grid [data-cell=AX]")).to_have_text("1")
    expect(page.locator("#abc-xyz-grid [data-cell=BX]")).to_have_text("0")
    expect(page.locator("[data-kpi=total]")).to_have_text("€1,000")
    page.evaluate("window.__marker = 1")  # survives only if the page is not reloaded
    page.select_option("#id_level", "entity")
    page.wait_for_url(re.compile(r"level=entity"))
    expect(page.locator("#overview")).to_contain_text("has not been analysed yet")
    assert page.evaluate("window.__marker") == 1
    page.go_back()
    page.wait_for_url(re.compile(r"/portfolio/(\?.*level=group.*)?$"))
    expect(page.locator("canvas[data-portfolio-chart=pareto][data-rendered]")).to_have_count(1)


def test_a_click_on_a_bubble_opens_the_account(page, portfolio):
    login(page, "hanna", PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/$"))
    page.goto("/portfolio/matrix/")
    canvas = page.locator("canvas[data-portfolio-chart=matrix][data-rendered]")
    expect(canvas).to_have_count(1)
    # Where Chart.js drew Gamma's bubble (the "standard" dataset), in page coordinates.
    point = page.evaluate(
        """() => {
            const canvas = document.querySelector("canvas[data-portfolio-chart=matrix]");
            const chart = window.Chart.getChart(canvas);
            const index = chart.data.datasets.findIndex((d) => d.data.some((p) => p.name === "Gamma Guss KG"));
            const element = chart.getDatasetMeta(index).data[0];
            const box = canvas.getBoundingClientRect();
            return { x: box.left + element.x, y: box.top + element.y, datasets: chart.data.datasets.length };
        }"""
    )
    assert point["datasets"] == 4
    page.mouse.move(point["x"], point["y"])
    expect(page.locator("canvas[data-portfolio-chart=matrix]")).to_have_css("cursor", "pointer")
    page.mouse.click(point["x"], point["y"])
    gamma = portfolio["accounts"]["Gamma Guss KG"]
    page.wait_for_url(re.compile(rf"/accounts/{gamma.pk}/$"))
    expect(page.locator("h1")).to_contain_text("Gamma Guss KG")


def test_head_nominates_a_candidate_and_the_row_disappears(page, portfolio):
    alpha = portfolio["accounts"]["Alpha Antriebe AG"]
    login(page, "hanna", PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/$"))
    page.goto("/portfolio/candidates/")
    row = page.locator(f"#candidate-{alpha.pk}")
    expect(row).to_contain_text("top 34 % of customers by revenue")
    page.evaluate("window.__marker = 1")
    # Declining without a reason is refused inline, and nothing is stored.
    row.get_by_role("button", name="Decline").click()
    expect(page.locator(f"#candidate-{alpha.pk} .invalid-feedback")).to_contain_text("Say why")
    assert not Nomination.objects.exists()
    row = page.locator(f"#candidate-{alpha.pk}")
    row.locator("select[name$=owner]").select_option(label="Kim Keller")
    row.locator("textarea[name$=comment]").fill("Fastest-growing account of the region")
    row.get_by_role("button", name="Nominate").click()
    expect(page.locator(f"#candidate-{alpha.pk}")).to_have_count(0)
    expect(page.locator("#candidate-status")).to_contain_text("Alpha Antriebe AG is now a Key account.")
    assert page.evaluate("window.__marker") == 1
    alpha = Account.objects.get(pk=alpha.pk)
    assert (alpha.tier, alpha.owner) == ("key", portfolio["kim"])
    change = TierChange.objects.get(account=alpha)
    assert (change.old_tier, change.new_tier, change.comment) == (
        "standard", "key", "Fastest-growing account of the region",
    )  # fmt: skip
