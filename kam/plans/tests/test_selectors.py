import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kam.accounts.services import revenue_summary_refresh
from kam.accounts.tests.factories import AccountFactory
from kam.contacts.tests.factories import ContactFactory
from kam.orders.tests.factories import OrderLineFactory
from kam.plans import selectors, services
from kam.plans.choices import GoalMetric, PlanStatus
from kam.plans.tests.factories import (
    AccountPlanFactory,
    GoalFactory,
    MeasureFactory,
    PlanReviewFactory,
    PlanVersionFactory,
    RiskFactory,
    WalletEstimateFactory,
    WhitespaceEntryFactory,
)
from kam.products.tests.factories import ProductFactory, ProductLineFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 7, 2)


@pytest.fixture
def sales(account):
    """Order lines of the account and a subsidiary in two product lines, and of a stranger."""
    press, cnc = ProductLineFactory.create(name="Presses"), ProductLineFactory.create(name="CNC")
    press_product, cnc_product = ProductFactory.create(product_line=press), ProductFactory.create(product_line=cnc)
    subsidiary = AccountFactory.create(parent=account, name="Acme Polska", owner=account.owner)
    for date, unit, product, amount in [
        (datetime.date(2025, 3, 10), account, press_product, "30000"),
        (datetime.date(2025, 9, 10), account, press_product, "10000"),
        (datetime.date(2025, 5, 10), subsidiary, cnc_product, "5000"),
        (datetime.date(2026, 2, 1), account, cnc_product, "2000"),
        (datetime.date(2023, 5, 10), account, cnc_product, "7000"),
    ]:
        OrderLineFactory.create(account=unit, product=product, date=date, net_revenue=Decimal(amount))
    OrderLineFactory.create(product=press_product, date=datetime.date(2025, 3, 10), net_revenue=Decimal("99999"))
    revenue_summary_refresh()
    return {"press": press, "cnc": cnc, "subsidiary": subsidiary}


def test_plans_for_user_follow_the_access_rule(plan, kam_user, member_user, head_user, outsider):
    other = AccountPlanFactory.create()
    assert list(selectors.plans_for_user(user=kam_user)) == [plan]
    assert list(selectors.plans_for_user(user=member_user)) == [plan]
    assert set(selectors.plans_for_user(user=head_user)) == {plan, other}
    assert list(selectors.plans_for_user(user=outsider)) == []


def test_outsider_gets_404_for_plan_and_version(plan, outsider):
    version = PlanVersionFactory.create(plan=plan)
    with pytest.raises(Http404):
        selectors.plan_get_for_user(user=outsider, pk=plan.pk)
    with pytest.raises(Http404):
        selectors.version_get(user=outsider, pk=version.pk)
    with pytest.raises(Http404):
        selectors.plan_sections(user=outsider, plan=plan, today=TODAY)


def test_permissions_on_the_page(plan, kam_user, member_user, head_user):
    assert selectors.plan_permissions(user=kam_user, plan=plan).edit
    assert not selectors.plan_permissions(user=kam_user, plan=plan).review
    member = selectors.plan_permissions(user=member_user, plan=plan)
    assert (member.edit, member.plan_account, member.review) == (False, False, False)
    head = selectors.plan_permissions(user=head_user, plan=plan)
    assert (head.edit, head.review) == (True, True)


def test_revenue_by_product_line_and_share_of_wallet(plan, kam_user, sales):
    WalletEstimateFactory.create(account=plan.account, product_line=sales["press"], year=2025, estimated_spend=160000)
    data = selectors.plan_sections(user=kam_user, plan=plan, today=TODAY)["revenue"]
    assert data["years"] == [2023, 2024, 2025, 2026]
    rows = {row["line"].name: row for row in data["rows"]}
    press_2025 = rows["Presses"]["cells"][2]
    assert press_2025.revenue == Decimal("40000")  # the stranger's 99,999 does not count
    assert press_2025.estimate == Decimal("160000")
    assert press_2025.share == pytest.approx(0.25)
    cnc = rows["CNC"]["cells"]
    assert cnc[0].revenue == Decimal("7000")
    assert cnc[2].revenue == Decimal("5000")  # the subsidiary's order
    assert cnc[2].share is None
    totals = {t["year"]: t for t in data["totals"]}
    assert totals[2025]["revenue"] == Decimal("45000")
    assert totals[2025]["share"].share == pytest.approx(40000 / 160000)


def test_whitespace_grid_from_order_lines_and_entries(plan, kam_user, sales):
    other_line = ProductLineFactory.create(name="Automation")
    WhitespaceEntryFactory.create(account=sales["subsidiary"], product_line=other_line, competitor="Rival AG")
    grid = selectors.plan_sections(user=kam_user, plan=plan, today=TODAY)["whitespace"]
    assert [line.name for line in grid["lines"]] == ["Automation", "CNC", "Presses"]
    assert [row["unit"].name for row in grid["rows"]] == ["Acme Maschinenbau GmbH", "Acme Polska"]
    statuses = [[cell.status for cell in row["cells"]] for row in grid["rows"]]
    # last 24 months from 2024-08: the account bought presses (2025) and CNC (2026); its 2023 CNC order is too old
    assert statuses == [["not_bought", "bought", "bought"], ["competitor", "bought", "not_bought"]]
    assert grid["rows"][1]["cells"][0].entered
    assert grid["open_cells"] == 2


def test_goals_measured_from_the_data(plan, kam_user, sales):
    revenue = GoalFactory.create(
        plan=plan, metric=GoalMetric.REVENUE, baseline=40000, target=60000, due_date=datetime.date(2026, 12, 31)
    )
    line = GoalFactory.create(
        plan=plan,
        metric=GoalMetric.PRODUCT_LINE_REVENUE,
        product_line=sales["cnc"],
        baseline=0,
        target=8000,
        due_date=datetime.date(2026, 12, 31),
    )
    share = GoalFactory.create(
        plan=plan,
        metric=GoalMetric.SHARE_OF_WALLET,
        product_line=sales["press"],
        baseline=10,
        target=30,
        due_date=datetime.date(2026, 12, 31),
    )
    WalletEstimateFactory.create(account=plan.account, product_line=sales["press"], year=2025, estimated_spend=50000)
    nps = GoalFactory.create(plan=plan, metric=GoalMetric.NPS, baseline=20, target=40, current_value=35)
    goals = {m.goal.pk: m for m in selectors.plan_sections(user=kam_user, plan=plan, today=TODAY)["goals"]}
    # the 12 months 2025-08-01 … 2026-07-02: 10,000 (press, September) + 2,000 (CNC, February)
    assert goals[revenue.pk].current == Decimal("12000")
    assert goals[revenue.pk].window == (datetime.date(2025, 8, 1), TODAY)
    assert goals[revenue.pk].progress.status == "behind"
    assert goals[line.pk].current == Decimal("2000")
    assert goals[line.pk].progress.percent == 25
    # press revenue 10,000 ÷ the latest estimate up to 2026 (2025: 50,000) = 20 %
    assert goals[share.pk].current == Decimal("20.00")
    assert goals[share.pk].progress.ratio == pytest.approx(0.5)
    assert (goals[nps.pk].current, goals[nps.pk].source) == (Decimal(35), "entered")
    assert goals[nps.pk].progress.percent == 75


def test_stakeholder_gaps_and_org_chart(plan, kam_user):
    boss = ContactFactory.create(account=plan.account, last_name="Boss", buying_role="decision_maker")
    ContactFactory.create(account=plan.account, last_name="Report", reports_to=boss, buying_role="user")
    data = selectors.plan_sections(user=kam_user, plan=plan, today=TODAY)["stakeholders"]
    codes = [gap["code"] for gap in data["gaps"]]
    assert "no_purchasing" in codes
    assert "decision_maker_without_owner" in codes
    assert [node.contact.last_name for node in data["org_chart"]] == ["Boss"]
    assert [child.contact.last_name for child in data["org_chart"][0].children] == ["Report"]
    assert any("relationship owner" in text for text in data["org_chart"][0].gaps)


def test_forecast_states_its_method(plan, kam_user, sales):
    forecast = selectors.plan_sections(user=kam_user, plan=plan, today=TODAY)["forecast"]
    assert forecast["result"].method in {"linear_trend", "average"}
    assert [p.label for p in forecast["result"].periods] == ["2026", "2027"]
    # 2026 actual months January–June: 2,000 (CNC in February)
    assert forecast["result"].periods[0].actual == pytest.approx(2000)
    assert "least-squares" in forecast["method"] or "average" in forecast["method"]


def test_compare_a_version_with_the_plan_now(plan, kam_user, head_user):
    GoalFactory.create(plan=plan, title="Grow presses")
    services.plan_submit(user=kam_user, plan=plan)
    version = services.plan_approve(user=head_user, plan=plan, today=TODAY)
    plan.refresh_from_db()
    services.plan_update(user=kam_user, plan=plan, customer_strategy="Consolidate to two suppliers")
    changes = selectors.version_compare(user=kam_user, old=version, new=plan, today=TODAY)
    assert [(c.section, c.field, c.new) for c in changes if c.section == "plan"] == [
        ("plan", "customer_strategy", "Consolidate to two suppliers")
    ]
    assert plan.status == PlanStatus.ACTIVE


def test_versions_of_different_accounts_are_not_compared(plan, head_user):
    mine, other = PlanVersionFactory.create(plan=plan), PlanVersionFactory.create()
    with pytest.raises(Http404):
        selectors.version_compare(user=head_user, old=mine, new=other, today=TODAY)


def test_permissions_from_the_read_review_log(plan, head_user, second_head):
    """The page passes the review log it shows; the submitter found in it may not approve, as with the query."""
    PlanReviewFactory.create(plan=plan, reviewer=second_head, action="submit")
    PlanReviewFactory.create(plan=plan, reviewer=head_user, action="comment")
    reviews = selectors.plan_reviews(plan)
    assert [r.action for r in reviews] == ["comment", "submit"]
    for user, may_review in ((second_head, False), (head_user, True)):
        queried = selectors.plan_permissions(user=user, plan=plan)
        passed = selectors.plan_permissions(user=user, plan=plan, reviews=reviews)
        assert queried == passed
        assert passed.review is may_review


def test_plan_page_reads_a_fixed_number_of_queries(client, plan, kam_user):
    """Nothing the page shows is read lazily (no deferred field, no relation per row)."""
    client.force_login(kam_user)
    url = reverse("plans:detail", args=[plan.pk])
    counts = []
    for _ in range(3):
        contact = ContactFactory.create(account=plan.account, relationship_owner=kam_user)
        goal = GoalFactory.create(plan=plan, product_line=ProductLineFactory.create())
        MeasureFactory.create(plan=plan, goal=goal, assignee=kam_user)
        RiskFactory.create(plan=plan, owner=kam_user)
        PlanReviewFactory.create(plan=plan, reviewer=kam_user, action="comment", comment=contact.last_name)
        PlanVersionFactory.create(plan=plan, approved_by=kam_user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2]


def test_plan_for_the_page_follows_the_access_rule(plan, kam_user, member_user, head_user, outsider):
    for user in (kam_user, member_user, head_user):
        assert selectors.plan_get_for_page(user=user, pk=plan.pk) == plan
    with pytest.raises(Http404):
        selectors.plan_get_for_page(user=outsider, pk=plan.pk)
    with pytest.raises(Http404):
        selectors.plan_get_for_page(user=head_user, pk=plan.pk + 1000)
    member_user.is_active = False
    with pytest.raises(Http404):
        selectors.plan_get_for_page(user=member_user, pk=plan.pk)
