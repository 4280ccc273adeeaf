import datetime

import pytest
from django.db import IntegrityError, transaction

from kam.plans.choices import GoalMetric, PlanStatus
from kam.plans.tests.factories import (
    AccountPlanFactory,
    GoalFactory,
    RiskFactory,
    WalletEstimateFactory,
)

pytestmark = pytest.mark.django_db


def test_period_label_is_the_year_for_a_calendar_year():
    plan = AccountPlanFactory.create()
    assert plan.period_label == "2026"
    assert str(plan) == f"{plan.account.name} 2026"


def test_period_label_of_a_fiscal_year():
    plan = AccountPlanFactory.create(period_start=datetime.date(2026, 7, 1), period_end=datetime.date(2027, 6, 30))
    assert plan.period_label == "2026-07..2027-06"


def test_one_active_plan_per_account():
    plan = AccountPlanFactory.create(status=PlanStatus.ACTIVE)
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountPlanFactory.create(
            account=plan.account,
            status=PlanStatus.ACTIVE,
            period_start=datetime.date(2027, 1, 1),
            period_end=datetime.date(2027, 12, 31),
        )


def test_an_archived_plan_does_not_block_a_new_one_of_the_same_period():
    plan = AccountPlanFactory.create(status=PlanStatus.ARCHIVED)
    AccountPlanFactory.create(account=plan.account)
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountPlanFactory.create(account=plan.account)


def test_period_must_not_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountPlanFactory.create(period_end=datetime.date(2025, 12, 31))


def test_risk_scale_is_one_to_five():
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskFactory.create(probability=6)


def test_product_line_revenue_goal_needs_a_line():
    with pytest.raises(IntegrityError), transaction.atomic():
        GoalFactory.create(metric=GoalMetric.PRODUCT_LINE_REVENUE, product_line=None)


def test_one_total_wallet_estimate_per_account_and_year():
    estimate = WalletEstimateFactory.create(product_line=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        WalletEstimateFactory.create(account=estimate.account, product_line=None)
    WalletEstimateFactory.create(account=estimate.account, product_line=None, year=2024)
