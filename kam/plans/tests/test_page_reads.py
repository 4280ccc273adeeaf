"""The plan page's hand-written reads return what the ORM returns for the same rows."""

import datetime
from decimal import Decimal
from typing import Any

import pytest

from kam.accounts.models import AccountTeamMember
from kam.accounts.tests.factories import AccountFactory
from kam.contacts.models import Contact
from kam.contacts.tests.factories import ContactFactory
from kam.plans import page_reads
from kam.plans.models import Goal, Measure, PlanReview, PlanVersion, Risk, SwotItem
from kam.plans.tests.factories import (
    GoalFactory,
    MeasureFactory,
    PlanReviewFactory,
    PlanVersionFactory,
    RiskFactory,
    SwotItemFactory,
    WalletEstimateFactory,
    WhitespaceEntryFactory,
)
from kam.products.tests.factories import ProductLineFactory

pytestmark = pytest.mark.django_db


def _name(user):
    return None if user is None else str(user)


@pytest.fixture
def filled(plan, kam_user, head_user):
    line = ProductLineFactory.create(name="Presses")
    goals = [
        GoalFactory.create(plan=plan, due_date=datetime.date(2026, 12, 31), baseline=Decimal("10.50")),
        GoalFactory.create(plan=plan, due_date=datetime.date(2026, 6, 30), product_line=line),
    ]
    MeasureFactory.create(plan=plan, goal=goals[0], assignee=kam_user, due_date=None)
    MeasureFactory.create(plan=plan, goal=None, assignee=None, due_date=datetime.date(2026, 3, 1))
    RiskFactory.create(plan=plan, probability=2, impact=5, owner=kam_user)
    RiskFactory.create(plan=plan, probability=4, impact=1, owner=None)
    SwotItemFactory.create(plan=plan, kind="threat")
    SwotItemFactory.create(plan=plan, kind="strength")
    PlanReviewFactory.create(plan=plan, reviewer=kam_user, action="submit")
    PlanReviewFactory.create(plan=plan, reviewer=None, action="comment", comment="ok")
    PlanVersionFactory.create(plan=plan, approved_by=head_user)
    ContactFactory.create(account=plan.account, last_name="Zeta", relationship_owner=kam_user)
    ContactFactory.create(account=plan.account, last_name="Alpha", relationship_owner=None)
    WalletEstimateFactory.create(account=plan.account, product_line=line, year=2026, estimated_spend=Decimal("1234.56"))
    WhitespaceEntryFactory.create(account=plan.account, product_line=line, status="competitor", competitor="Rival")
    return {"line": line, "goals": goals}


def test_items_of_the_plan(plan, filled):
    orm_goals = list(Goal.objects.filter(plan=plan).order_by("due_date", "pk"))
    read_goals = page_reads.goals(plan)
    fields = ("pk", "title", "metric", "product_line_id", "baseline", "target", "due_date", "current_value")
    assert [[getattr(g, f) for f in fields] for g in read_goals] == [[getattr(g, f) for f in fields] for g in orm_goals]
    assert isinstance(read_goals[1].baseline, Decimal)

    measures = page_reads.measures(plan, {g.pk: g for g in read_goals})
    orm_measures = list(Measure.objects.filter(plan=plan).order_by("due_date", "pk"))
    assert [(m.pk, m.title, m.due_date, _name(m.assignee), m.goal and m.goal.title) for m in measures] == [
        (m.pk, m.title, m.due_date, _name(m.assignee), m.goal and m.goal.title) for m in orm_measures
    ]
    risks = page_reads.risks(plan)
    orm_risks = list(Risk.objects.filter(plan=plan).order_by("-probability", "-impact", "pk"))
    assert [(r.pk, r.probability, r.impact, _name(r.owner)) for r in risks] == [
        (r.pk, r.probability, r.impact, _name(r.owner)) for r in orm_risks
    ]
    swot = [(s.pk, s.kind, s.text) for s in page_reads.swot_items(plan)]
    assert swot == [(s.pk, s.kind, s.text) for s in SwotItem.objects.filter(plan=plan).order_by("pk")]


def test_review_log_versions_and_wallet(plan, filled):
    reviews = page_reads.reviews(plan)
    orm_reviews = list(PlanReview.objects.filter(plan=plan).order_by("-created_at", "-pk"))
    assert [(r.pk, r.action, r.created_at, _name(r.reviewer)) for r in reviews] == [
        (r.pk, r.action, r.created_at, _name(r.reviewer)) for r in orm_reviews
    ]
    assert reviews[0].created_at.tzinfo is not None
    versions = page_reads.versions(plan.account_id)
    orm_versions = list(PlanVersion.objects.filter(plan__account=plan.account).order_by("-approved_at", "-pk"))
    assert [(v.pk, v.number, v.approved_at, v.plan.period_label, _name(v.approved_by)) for v in versions] == [
        (v.pk, v.number, v.approved_at, v.plan.period_label, _name(v.approved_by)) for v in orm_versions
    ]
    line = filled["line"].pk
    assert page_reads.wallet_estimates(plan.account_id) == {(line, 2026): Decimal("1234.56")}
    assert page_reads.whitespace_entries([plan.account_id]) == {(plan.account_id, line): ("competitor", "Rival")}
    assert page_reads.whitespace_entries([]) == {}


def test_people_of_the_account(plan, filled):
    contacts = page_reads.contacts([plan.account_id])
    orm = list(Contact.objects.filter(account=plan.account).order_by("last_name", "first_name", "pk"))
    assert [(c.pk, c.full_name, _name(c.relationship_owner)) for c in contacts] == [
        (c.pk, c.full_name, _name(c.relationship_owner)) for c in orm
    ]
    assert page_reads.contacts([]) == []
    team = page_reads.team(plan.account_id)
    orm_team = list(AccountTeamMember.objects.filter(account=plan.account).order_by("department", "user__last_name"))
    assert [(m.pk, m.department, str(m.user)) for m in team] == [(m.pk, m.department, str(m.user)) for m in orm_team]
    assert [line.name for line in page_reads.product_lines()] == ["Presses"]


def test_the_plan_with_its_account_owners_and_predecessor(plan, kam_user, head_user):
    from kam.plans.tests.factories import AccountPlanFactory

    earlier = AccountPlanFactory.create(
        account=plan.account, period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 12, 31)
    )
    plan.based_on = earlier
    plan.owner = head_user
    plan.save()
    read: Any = page_reads.plan(plan.pk)
    assert read == plan
    assert (read.title, read.status, read.period_label, read.customer_strategy) == (
        plan.title,
        plan.status,
        plan.period_label,
        plan.customer_strategy,
    )
    assert (read.account.name, read.account.owner_id, str(read.account.owner)) == (
        plan.account.name,
        kam_user.pk,
        str(kam_user),
    )
    assert str(read.owner) == str(head_user)
    assert (read.based_on.pk, read.based_on.period_label) == (earlier.pk, "2025")
    # what the statement did not read is deferred, read when used, never a default value
    assert read.account.get_deferred_fields()
    assert read.account.tier == plan.account.tier
    assert page_reads.plan(plan.pk + 1000) is None
    assert read.account.has_subsidiaries is False
    AccountFactory.create(parent=plan.account)
    again: Any = page_reads.plan(plan.pk)
    assert again.account.has_subsidiaries is True
