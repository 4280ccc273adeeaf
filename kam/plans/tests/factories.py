import datetime
from decimal import Decimal

import factory

from kam.accounts.tests.factories import AccountFactory
from kam.plans.choices import GoalMetric, MeasureStatus, PlanStatus, ReviewAction, SwotKind, WhitespaceStatus
from kam.plans.models import (
    AccountPlan,
    Goal,
    Measure,
    PlanReview,
    PlanVersion,
    Risk,
    SwotItem,
    WalletEstimate,
    WhitespaceEntry,
)
from kam.products.tests.factories import ProductLineFactory
from kam.users.choices import Department
from kam.users.tests.factories import UserFactory


class AccountPlanFactory(factory.django.DjangoModelFactory[AccountPlan]):
    class Meta:
        model = AccountPlan

    account = factory.SubFactory(AccountFactory)
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 12, 31)
    status = PlanStatus.DRAFT
    owner = factory.LazyAttribute(lambda plan: plan.account.owner)
    customer_strategy = "Consolidate suppliers, expand in Eastern Europe."


class PlanReviewFactory(factory.django.DjangoModelFactory[PlanReview]):
    class Meta:
        model = PlanReview

    plan = factory.SubFactory(AccountPlanFactory)
    reviewer = factory.SubFactory(UserFactory)
    action = ReviewAction.COMMENT
    comment = "Looks good."


class SwotItemFactory(factory.django.DjangoModelFactory[SwotItem]):
    class Meta:
        model = SwotItem

    plan = factory.SubFactory(AccountPlanFactory)
    kind = SwotKind.STRENGTH
    text = factory.Sequence(lambda n: f"Strength {n}")


class WalletEstimateFactory(factory.django.DjangoModelFactory[WalletEstimate]):
    class Meta:
        model = WalletEstimate

    account = factory.SubFactory(AccountFactory)
    product_line = factory.SubFactory(ProductLineFactory)
    year = 2025
    estimated_spend = Decimal("100000.00")


class WhitespaceEntryFactory(factory.django.DjangoModelFactory[WhitespaceEntry]):
    class Meta:
        model = WhitespaceEntry

    account = factory.SubFactory(AccountFactory)
    product_line = factory.SubFactory(ProductLineFactory)
    status = WhitespaceStatus.COMPETITOR
    competitor = "Rival AG"


class GoalFactory(factory.django.DjangoModelFactory[Goal]):
    class Meta:
        model = Goal

    plan = factory.SubFactory(AccountPlanFactory)
    title = factory.Sequence(lambda n: f"Goal {n}")
    metric = GoalMetric.REVENUE
    baseline = Decimal("100000.00")
    target = Decimal("120000.00")
    due_date = datetime.date(2026, 12, 31)


class MeasureFactory(factory.django.DjangoModelFactory[Measure]):
    class Meta:
        model = Measure

    plan = factory.SubFactory(AccountPlanFactory)
    title = factory.Sequence(lambda n: f"Measure {n}")
    department = Department.SALES
    due_date = datetime.date(2026, 6, 30)
    status = MeasureStatus.OPEN


class RiskFactory(factory.django.DjangoModelFactory[Risk]):
    class Meta:
        model = Risk

    plan = factory.SubFactory(AccountPlanFactory)
    description = factory.Sequence(lambda n: f"Risk {n}")
    probability = 3
    impact = 4
    mitigation = "Second source agreed."


class PlanVersionFactory(factory.django.DjangoModelFactory[PlanVersion]):
    class Meta:
        model = PlanVersion

    plan = factory.SubFactory(AccountPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    snapshot = factory.LazyFunction(dict)
    approved_by = factory.SubFactory(UserFactory)
    approved_at = factory.LazyFunction(lambda: datetime.datetime(2026, 1, 15, 10, 0, tzinfo=datetime.UTC))
