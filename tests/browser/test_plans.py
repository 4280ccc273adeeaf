"""Account plans in a real browser: a KAM writes and submits a plan, the head of KAM approves it."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from kam.accounts.tests.factories import AccountFactory
from kam.plans.choices import PlanStatus
from kam.plans.models import AccountPlan
from kam.users.tests.factories import PASSWORD, UserFactory
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people() -> dict[str, Any]:
    """The head of KAM, a KAM and the key account the KAM owns."""
    UserFactory.create(username="hanna", first_name="Hanna", last_name="Haupt", role="head_of_kam")
    kim = UserFactory.create(username="kim", first_name="Kim", last_name="Keller", role="kam")
    account = AccountFactory.create(name="Delta Drives AG", tier="key", owner=kim)
    return {"kim": kim, "account": account}


def _fill_inline(page: Any, button: str, fields: dict[str, str], selects: dict[str, str]) -> None:
    """Open a section's inline form through htmx, fill it and save it."""
    page.get_by_role("link", name=f"+ {button}", exact=True).click()
    form = page.locator("form.kam-form-card")
    expect(form).to_be_visible()
    for selector, value in fields.items():
        form.locator(selector).fill(value)
    for selector, value in selects.items():
        form.locator(selector).select_option(value)
    form.get_by_role("button", name="Save").click()
    expect(page.locator(".kam-messages .alert-success")).to_contain_text("Saved")


def test_kam_writes_and_submits_a_plan_head_approves_it(page, people):
    year = dt.date.today().year
    login(page, "kim", PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/$"))
    page.goto(f"/plans/?account={people['account'].pk}")  # the account page's "Account plans" link
    expect(page.locator("#results")).to_contain_text("No plans")
    page.get_by_role("link", name="+ New plan").click()
    page.fill("#id_title", "Grow Delta")
    page.get_by_role("button", name="Create draft").click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    plan = AccountPlan.objects.get()
    expect(page.locator(".plan-status").first).to_have_text("Draft")

    _fill_inline(
        page,
        "Goal",
        {
            "#id_title": "Win the service contract",
            "#id_baseline": "0",
            "#id_target": "10",
            "#id_due_date": f"{year}-12-31",
            "#id_current_value": "2",
        },
        {"#id_metric": "count"},
    )
    expect(page.locator("#goals")).to_contain_text("Win the service contract")
    _fill_inline(
        page, "Measure", {"#id_title": "Plant visit with the CTO", "#id_due_date": f"{year}-06-30"},
        {"#id_department": "sales", "#id_goal": str(plan.goals.get().pk)},
    )  # fmt: skip
    expect(page.locator("#measures")).to_contain_text("Plant visit with the CTO")
    _fill_inline(
        page, "Risk", {"#id_description": "Price pressure from Asia", "#id_mitigation": "Value selling",
                       "#id_probability": "4", "#id_impact": "5"}, {},
    )  # fmt: skip
    expect(page.locator("#risks")).to_contain_text("Price pressure from Asia")

    page.fill("#id_comment", "Ready for review")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".plan-status").first).to_have_text("In review")
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)  # a KAM never approves
    page.context.clear_cookies()  # sign out

    login(page, "hanna", PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/$"))
    page.get_by_role("link", name="Plans", exact=True).click()
    page.wait_for_url(re.compile(r"/plans/$"))
    expect(page.locator("#no-plan-title").locator("xpath=../..")).to_contain_text("draft or in review")
    page.locator(".kam-table-wrap").get_by_role("link", name="Delta Drives AG").click()
    page.wait_for_url(re.compile(rf"/plans/{plan.pk}/$"))
    page.fill("#id_comment", "Good plan")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".plan-status").first).to_have_text("Active")
    expect(page.locator("#review")).to_contain_text("v1")
    expect(page.locator("#review")).to_contain_text("Good plan")

    # The annual review meeting takes the plan as a PDF: downloaded from the page, read back as text.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF", exact=True).click()
    pdf = Path(download_info.value.path())
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["/usr/bin/pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    words = text.decode("utf-8")
    assert "Delta Drives AG" in words
    assert "Price pressure from Asia" in words

    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
    assert list(plan.versions.values_list("number", flat=True)) == [1]
    page.goto("/plans/?status=active")
    row = page.locator(".kam-table-wrap tbody tr", has_text="Delta Drives AG")
    expect(row).to_contain_text("Active")
    expect(row.locator("td.num").nth(1)).to_have_text("1")
