"""The demo's account plans: written with the demo load, in the intended statuses, removed by a flush."""

from __future__ import annotations

import collections
import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from kam.accounts.choices import Tier
from kam.accounts.models import Account, AccountRevenueYear
from kam.demo.generator import DemoCompany, generate
from kam.demo.plans import PLAN_COUNT, demo_plans_create
from kam.demo.services import demo_data_flush, demo_data_load
from kam.orders.models import OrderLine
from kam.plans import selectors
from kam.plans.choices import GoalMetric, MeasureStatus, PlanStatus, ReviewAction
from kam.plans.measurement import MEASURED_METRICS
from kam.plans.models import AccountPlan, Goal, Measure, PlanVersion, Risk, WalletEstimate, WhitespaceEntry
from kam.users.choices import Role
from kam.users.models import User

TODAY = dt.date(2026, 5, 20)


@pytest.fixture(scope="module")
def company() -> DemoCompany:
    # 600 customers give 14 key groups: enough for every status of the twelve plans.
    return generate(seed=4, customers=600, order_lines=4_000, today=TODAY)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, company):
    """The demo company loaded once for the module's tests (which only read it, or change it inside their
    own transaction); flushed, with its users, afterwards."""
    with django_db_blocker.unblock():
        result = demo_data_load(company=company)
        try:
            yield result
        finally:
            demo_data_flush()
            User.objects.filter(username__in=[user.username for user in company.users]).delete()


def _current(plans: list[AccountPlan]) -> list[AccountPlan]:
    return [plan for plan in plans if plan.period_start.year == TODAY.year]


def test_the_largest_key_accounts_get_plans_in_the_intended_statuses(db, loaded):
    result = loaded

    plans = list(AccountPlan.objects.select_related("account__owner", "approved_by", "based_on"))
    current = _current(plans)
    assert result.counts["account_plans"] == len(plans) == PLAN_COUNT + 3
    assert len(current) == PLAN_COUNT == len({plan.account_id for plan in current})
    statuses = collections.Counter(plan.status for plan in current)
    assert statuses == {PlanStatus.ACTIVE: 8, PlanStatus.IN_REVIEW: 2, PlanStatus.DRAFT: 2}
    head = User.objects.get(username="sabine.hoffmann")
    for plan in current:
        assert plan.account.tier == Tier.KEY
        assert plan.account.parent is None or plan.account.parent.tier != Tier.KEY
        assert plan.owner == plan.created_by == plan.account.owner
        assert plan.owner is not None
        assert plan.owner.role == Role.KAM
        assert plan.title == f"Account-Plan {TODAY.year}"
        assert (plan.period_start, plan.period_end) == (dt.date(TODAY.year, 1, 1), dt.date(TODAY.year, 12, 31))
        if plan.status == PlanStatus.ACTIVE:
            assert plan.approved_by == head
            assert plan.versions.count() == 1
        else:
            assert not plan.versions.exists()
    sent_back = [p for p in current if p.reviews.filter(action=ReviewAction.REQUEST_CHANGES).exists()]
    assert [p.status for p in sent_back] == [PlanStatus.DRAFT]


def test_the_plans_are_those_of_the_largest_key_groups(db, loaded):

    revenue = dict(AccountRevenueYear.objects.filter(year=TODAY.year - 1).values_list("account_id", "net_revenue"))
    groups = {}
    for account in Account.objects.filter(tier=Tier.KEY).select_related("parent"):
        if account.parent is None or account.parent.tier != Tier.KEY:
            units = [account.pk, *Account.objects.filter(parent=account).values_list("pk", flat=True)]
            units += list(Account.objects.filter(parent__parent=account).values_list("pk", flat=True))
            groups[account.pk] = sum((revenue.get(u, Decimal(0)) for u in units), Decimal(0))
    planned = set(AccountPlan.objects.filter(period_start__year=TODAY.year).values_list("account_id", flat=True))
    smallest_planned = min(groups[pk] for pk in planned)
    assert all(total <= smallest_planned for pk, total in groups.items() if pk not in planned)


def test_some_plans_start_from_last_years_plan_which_is_archived(db, loaded):

    last_year = list(AccountPlan.objects.filter(period_start__year=TODAY.year - 1))
    assert len(last_year) == 3
    for previous in last_year:
        assert previous.status == PlanStatus.ARCHIVED
        assert previous.versions.count() == 1
        successor = AccountPlan.objects.get(based_on=previous)
        assert successor.status == PlanStatus.ACTIVE
        assert successor.account_id == previous.account_id
        assert successor.customer_strategy == previous.customer_strategy
        assert [g.metric for g in successor.goals.order_by("pk")][:3] == [
            g.metric for g in previous.goals.order_by("pk")
        ][:3]
        revenue_goal = successor.goals.get(metric=GoalMetric.REVENUE)
        old_goal = previous.goals.get(metric=GoalMetric.REVENUE)
        assert revenue_goal.due_date == dt.date(TODAY.year, 12, 31)
        assert revenue_goal.baseline != old_goal.baseline  # this year's figures, not last year's


def test_plans_hold_goals_measures_risks_swot_and_planning_data(db, loaded):

    for plan in _current(list(AccountPlan.objects.all())):
        assert 3 <= plan.goals.count() <= 6
        assert {GoalMetric.REVENUE, GoalMetric.PRODUCT_LINE_REVENUE} <= set(plan.goals.values_list("metric", flat=True))
        assert plan.measures.count() >= 3
        assert plan.risks.count() >= 3
        assert set(plan.swot_items.values_list("kind", flat=True)) == {"strength", "weakness", "opportunity", "threat"}
        assert WalletEstimate.objects.filter(account=plan.account).count() >= 3
        assert all(m.assignee_id or m.department for m in plan.measures.all())
    measures = list(Measure.objects.filter(plan__period_start__year=TODAY.year, due_date__isnull=False))
    dues = [m.due_date for m in measures if m.due_date is not None]
    overdue = [
        m
        for m in measures
        if m.due_date is not None and m.due_date < TODAY and m.status in (MeasureStatus.OPEN, MeasureStatus.IN_PROGRESS)
    ]
    assert overdue
    assert any(m.status == MeasureStatus.DONE for m in measures)
    assert any(due > TODAY for due in dues)
    assert len({due.month for due in dues}) >= 10
    assert any(m.assignee_id is None for m in measures)
    assert any(m.assignee_id for m in measures)
    assert len({(r.probability, r.impact) for r in Risk.objects.all()}) >= 8
    assert WhitespaceEntry.objects.exists()
    for goal in Goal.objects.filter(metric=GoalMetric.PRODUCT_LINE_REVENUE).select_related("product_line"):
        assert goal.product_line is not None
        assert goal.product_line.name in goal.title  # German titles naming the demo's product lines
    assert all(
        t.startswith("Umsatz mit ") for t in Goal.objects.filter(metric="revenue").values_list("title", flat=True)
    )


def test_goal_baselines_come_from_the_revenue_and_progress_is_measured(db, loaded):
    head = User.objects.get(username="sabine.hoffmann")

    for plan in AccountPlan.objects.filter(status=PlanStatus.ACTIVE):
        units = [plan.account_id, *Account.objects.filter(parent=plan.account).values_list("pk", flat=True)]
        units += list(Account.objects.filter(parent__parent=plan.account).values_list("pk", flat=True))
        revenue = OrderLine.objects.filter(account_id__in=units, date__year=TODAY.year - 1).aggregate(
            total=Sum("net_revenue")
        )["total"]
        goal = plan.goals.get(metric=GoalMetric.REVENUE)
        assert abs(goal.baseline - revenue) <= 500  # rounded to whole thousands
        assert goal.target > goal.baseline
        shown = selectors.plan_sections(user=head, plan=plan, today=TODAY)["goals"]
        measured = [m for m in shown if m.goal.metric in MEASURED_METRICS]
        assert measured
        assert all(m.source == "measured" and m.current is not None for m in measured)
        assert all(m.progress.percent is not None for m in measured)
        version_goals = PlanVersion.objects.get(plan=plan).snapshot["goals"]
        assert {g["id"] for g in version_goals} == set(plan.goals.values_list("pk", flat=True))


def test_the_same_seed_writes_the_same_plans(db, loaded):
    def content() -> list[tuple]:
        return sorted(
            (p.account.external_id, p.status, p.period_start,
             tuple(p.goals.order_by("pk").values_list("title", "target")),
             tuple(p.measures.order_by("pk").values_list("title", "due_date", "status")),
             tuple(p.risks.order_by("pk").values_list("description", "probability", "impact")))
            for p in AccountPlan.objects.select_related("account")
        )  # fmt: skip

    first = content()
    AccountPlan.objects.update(based_on=None)
    AccountPlan.objects.all().delete()
    WalletEstimate.objects.all().delete()
    WhitespaceEntry.objects.all().delete()

    written = demo_plans_create(seed=4, today=TODAY)

    assert written == loaded.counts["account_plans"]
    assert content() == first


def test_flush_removes_the_plans_and_their_planning_data(db, loaded):
    assert AccountPlan.objects.exists()
    assert PlanVersion.objects.exists()

    demo_data_flush()

    assert not AccountPlan.objects.exists()
    assert not PlanVersion.objects.exists()
    assert not Goal.objects.exists()
    assert not Measure.objects.exists()
    assert not Risk.objects.exists()
    assert not WalletEstimate.objects.exists()
    assert not WhitespaceEntry.objects.exists()
    assert User.objects.filter(username="sabine.hoffmann").exists()


def test_no_plans_without_key_accounts(db, loaded):
    Account.objects.update(tier=Tier.STANDARD)

    assert demo_plans_create(seed=4, today=TODAY + dt.timedelta(days=366)) == 0
