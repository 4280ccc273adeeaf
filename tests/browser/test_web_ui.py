"""The web UI in a real browser: htmx filters and sorting, charts, history — with the strict CSP."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from kam.accounts.services import account_update, revenue_summary_refresh
from kam.accounts.tests.factories import AccountFactory
from kam.orders.tests.factories import OrderLineFactory
from kam.users.tests.factories import PASSWORD, UserFactory
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_account_list_filters_and_sorts_without_reloading(page):
    UserFactory.create(username="hanna", role="head_of_kam")
    AccountFactory.create(name="Alpha Key AG", tier="key")
    AccountFactory.create(name="Beta Key AG", tier="key")
    AccountFactory.create(name="Gamma Standard GmbH", tier="standard")
    login(page, "hanna", PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/$"))
    page.evaluate("window.__marker = 1")  # survives only if the page is not reloaded
    page.locator("details[data-multi] summary").first.click()
    page.check("input[name=tier][value=key]")
    page.wait_for_url(re.compile(r"/accounts/\?tier=key$"))
    expect(page.locator("#results tbody tr")).to_have_count(2)
    expect(page.locator("#results")).not_to_contain_text("Gamma Standard GmbH")
    page.get_by_role("link", name="Account", exact=True).click()
    page.wait_for_url(re.compile(r"ordering=-name"))
    expect(page.locator("#results tbody tr td").first).to_contain_text("Beta Key AG")
    assert page.evaluate("window.__marker") == 1
    assert page.locator("form[data-filter-form] input[name=ordering]").get_attribute("value") == "-name"


def test_account_page_draws_charts_and_loads_more_history(page):
    kam = UserFactory.create(username="klara", role="kam")
    account = AccountFactory.create(name="Müller Automotive AG", owner=kam)
    this_year = datetime.date.today().year
    for year in (this_year - 2, this_year - 1, this_year):
        OrderLineFactory.create(account=account, date=datetime.date(year, 1, 1), net_revenue=Decimal("1000"))
    revenue_summary_refresh()
    for i in range(12):
        account_update(account=account, employees=100 + i)
    login(page, "klara", PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/$"))
    page.goto(f"/accounts/{account.pk}/")
    expect(page.locator("canvas[data-rendered]")).to_have_count(2)
    history = page.locator("#history .kam-history-item")  # the change history (the timeline lists changes too)
    expect(history).to_have_count(10)
    page.locator("#history-more a").click()
    expect(history).to_have_count(13)
    assert "/history/" not in page.url


def test_team_form_loads_on_demand_and_adds_a_member(page):
    kam = UserFactory.create(username="klara", role="kam")
    UserFactory.create(username="tom", first_name="Tom", last_name="Teammate", role="team_member")
    account = AccountFactory.create(name="Teamwork AG", owner=kam)
    login(page, "klara", PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/$"))
    page.goto(f"/accounts/{account.pk}/")
    expect(page.locator("#team-add select")).to_have_count(0)
    page.evaluate("window.__marker = 1")  # survives only if the page is not reloaded
    page.locator("#team-add a").click()
    expect(page.locator("#team-add select[name=user]")).to_be_visible()
    assert page.evaluate("window.__marker") == 1
    page.locator("#team-add select[name=user]").select_option(label="Tom Teammate")
    page.locator("#team-add select[name=department]").select_option("sales")
    page.locator("#team-add button[type=submit]").click()
    expect(page.locator("#team")).to_contain_text("Tom Teammate")
