import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kam.accounts.tests.factories import AccountFactory
from kam.plans import services
from kam.plans.children import plan_item_create, plan_item_delete, plan_item_update
from kam.plans.choices import GoalMetric, MeasureStatus, PlanStatus, ReviewAction, SwotKind
from kam.plans.models import AccountPlan, Goal, Measure, PlanReview, Risk, SwotItem
from kam.plans.tests.factories import (
    AccountPlanFactory,
    GoalFactory,
    MeasureFactory,
    RiskFactory,
    SwotItemFactory,
)
from kam.products.tests.factories import ProductLineFactory

pytestmark = pytest.mark.django_db

Y2027 = (datetime.date(2027, 1, 1), datetime.date(2027, 12, 31))


def submitted(plan, user):
    GoalFactory.create(plan=plan)
    return services.plan_submit(user=user, plan=plan, comment="Please review")


# -- create ------------------------------------------------------------------------------------------


def test_owner_kam_creates_a_draft_for_their_account(account, kam_user):
    plan = services.plan_create(user=kam_user, account=account, period_start=Y2027[0], period_end=Y2027[1])
    assert plan.status == PlanStatus.DRAFT
    assert plan.owner == kam_user
    assert plan.created_by == kam_user


@pytest.mark.parametrize("who", ["member_user", "outsider"])
def test_team_member_and_outsider_cannot_create(request, account, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.plan_create(user=user, account=account, period_start=Y2027[0], period_end=Y2027[1])
    assert not AccountPlan.objects.exists()


def test_second_open_plan_of_the_same_period_is_refused(plan, kam_user):
    with pytest.raises(ValidationError) as exc:
        services.plan_create(
            user=kam_user, account=plan.account, period_start=plan.period_start, period_end=plan.period_end
        )
    assert "period_start" in exc.value.error_dict


def test_period_ending_before_it_starts_is_refused(account, kam_user):
    with pytest.raises(ValidationError) as exc:
        services.plan_create(user=kam_user, account=account, period_start=Y2027[1], period_end=Y2027[0])
    assert "period_end" in exc.value.error_dict


def test_next_period_is_the_same_length():
    plan = AccountPlan(period_start=datetime.date(2026, 7, 1), period_end=datetime.date(2027, 6, 30))
    assert services.next_period(plan) == (datetime.date(2027, 7, 1), datetime.date(2028, 6, 30))
    year = AccountPlan(period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31))
    assert services.next_period(year) == Y2027


def test_new_plan_from_the_last_copies_its_content(plan, kam_user):
    plan.customer_needs = "Shorter lead times"
    plan.save()
    goal = GoalFactory.create(plan=plan, due_date=datetime.date(2026, 9, 30))
    MeasureFactory.create(plan=plan, goal=goal, title="Open one", due_date=datetime.date(2026, 5, 31))
    MeasureFactory.create(plan=plan, title="Done one", status=MeasureStatus.DONE)
    RiskFactory.create(plan=plan, description="Price pressure")
    SwotItemFactory.create(plan=plan, kind=SwotKind.THREAT, text="New competitor")

    new = services.plan_create(
        user=kam_user, account=plan.account, period_start=Y2027[0], period_end=Y2027[1], based_on=plan
    )

    assert new.based_on == plan
    assert new.customer_needs == "Shorter lead times"
    new_goal = new.goals.get()
    assert new_goal.pk != goal.pk
    assert new_goal.due_date == datetime.date(2027, 9, 30)
    measure = new.measures.get()
    assert (measure.title, measure.goal, measure.due_date) == ("Open one", new_goal, datetime.date(2027, 5, 31))
    assert list(new.risks.values_list("description", flat=True)) == ["Price pressure"]
    assert list(new.swot_items.values_list("kind", "text")) == [("threat", "New competitor")]
    # the source keeps its own
    assert plan.goals.get() == goal
    assert plan.measures.count() == 2


def test_cannot_start_from_a_plan_of_another_account(plan, kam_user):
    other = AccountFactory.create(owner=kam_user)
    with pytest.raises(ValidationError):
        services.plan_create(user=kam_user, account=other, period_start=Y2027[0], period_end=Y2027[1], based_on=plan)


# -- review flow -----------------------------------------------------------------------------------------


def test_submit_needs_a_goal(plan, kam_user):
    with pytest.raises(ValidationError, match="goal"):
        services.plan_submit(user=kam_user, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_submit_moves_to_review_and_logs(plan, kam_user):
    submitted(plan, kam_user)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_REVIEW
    assert plan.submitted_at is not None
    review = plan.reviews.get()
    assert (review.action, review.reviewer, review.comment) == (ReviewAction.SUBMIT, kam_user, "Please review")


def test_team_member_cannot_submit(plan, member_user):
    GoalFactory.create(plan=plan)
    with pytest.raises(PermissionDenied):
        services.plan_submit(user=member_user, plan=plan)


def test_head_approves_freezes_a_version_and_archives_the_previous_active_plan(plan, kam_user, head_user):
    previous = AccountPlanFactory.create(
        account=plan.account,
        status=PlanStatus.ACTIVE,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    submitted(plan, kam_user)
    version = services.plan_approve(user=head_user, plan=plan, comment="Go", today=datetime.date(2026, 1, 20))
    plan.refresh_from_db()
    previous.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
    assert plan.approved_by == head_user
    assert previous.status == PlanStatus.ARCHIVED
    assert version.number == 1
    assert version.approved_by == head_user
    assert version.snapshot["plan"]["customer_strategy"] == plan.customer_strategy
    assert [g["label"] for g in version.snapshot["goals"]] == list(plan.goals.values_list("title", flat=True))
    assert plan.reviews.filter(action=ReviewAction.APPROVE, comment="Go").exists()


def test_kam_cannot_approve_at_all(plan, kam_user):
    submitted(plan, kam_user)
    with pytest.raises(PermissionDenied):
        services.plan_approve(user=kam_user, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_REVIEW


def test_a_head_cannot_approve_a_plan_of_their_own(head_user, second_head):
    account = AccountFactory.create(owner=head_user)
    plan = AccountPlanFactory.create(account=account, owner=head_user)
    submitted(plan, head_user)
    with pytest.raises(PermissionDenied, match="own plan"):
        services.plan_approve(user=head_user, plan=plan)
    services.plan_approve(user=second_head, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE


def test_the_submitter_cannot_approve(plan, head_user, second_head):
    submitted(plan, head_user)
    with pytest.raises(PermissionDenied):
        services.plan_approve(user=head_user, plan=plan)
    assert services.plan_approve(user=second_head, plan=plan).number == 1


def test_only_a_plan_in_review_is_approved(plan, head_user):
    with pytest.raises(ValidationError, match="not in review"):
        services.plan_approve(user=head_user, plan=plan)


def test_request_changes_returns_to_draft_with_the_comment(plan, kam_user, head_user):
    submitted(plan, kam_user)
    with pytest.raises(ValidationError):
        services.plan_request_changes(user=head_user, plan=plan, comment="  ")
    services.plan_request_changes(user=head_user, plan=plan, comment="Goals are too vague")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert plan.reviews.filter(action=ReviewAction.REQUEST_CHANGES, comment="Goals are too vague").exists()


def test_versions_number_up_per_plan(plan, kam_user, head_user):
    submitted(plan, kam_user)
    services.plan_request_changes(user=head_user, plan=plan, comment="More")
    services.plan_submit(user=kam_user, plan=plan)
    assert services.plan_approve(user=head_user, plan=plan).number == 1


def test_a_plan_in_review_cannot_be_changed(plan, kam_user):
    submitted(plan, kam_user)
    with pytest.raises(PermissionDenied, match="in review"):
        services.plan_update(user=kam_user, plan=plan, customer_strategy="Changed")
    with pytest.raises(PermissionDenied):
        plan_item_create(user=kam_user, plan=plan, model=Risk, description="x", probability=1, impact=1)


def test_team_member_may_comment_but_not_edit(plan, member_user, outsider):
    services.plan_comment(user=member_user, plan=plan, comment="Customer visit in May")
    assert PlanReview.objects.filter(action=ReviewAction.COMMENT, reviewer=member_user).exists()
    with pytest.raises(PermissionDenied):
        services.plan_update(user=member_user, plan=plan, customer_strategy="Mine")
    with pytest.raises(PermissionDenied):
        services.plan_comment(user=outsider, plan=plan, comment="Hello")


def test_delete_only_a_draft(plan, kam_user):
    plan_id = plan.pk
    services.plan_delete(user=kam_user, plan=plan)
    assert not AccountPlan.objects.filter(pk=plan_id).exists()


# -- goals, measures, risks, SWOT -----------------------------------------------------------------------


def test_goal_of_a_product_line_needs_the_line(plan, kam_user):
    with pytest.raises(ValidationError) as exc:
        plan_item_create(
            user=kam_user,
            plan=plan,
            model=Goal,
            title="Grow CNC",
            metric=GoalMetric.PRODUCT_LINE_REVENUE,
            baseline=Decimal(1),
            target=Decimal(2),
            due_date=datetime.date(2026, 12, 31),
        )
    assert "product_line" in exc.value.error_dict
    assert not Goal.objects.exists()


def test_measured_goal_takes_no_manual_value(plan, kam_user):
    with pytest.raises(ValidationError) as exc:
        plan_item_create(
            user=kam_user,
            plan=plan,
            model=Goal,
            title="Revenue",
            metric=GoalMetric.REVENUE,
            baseline=Decimal(1),
            target=Decimal(2),
            due_date=datetime.date(2026, 12, 31),
            current_value=Decimal(1),
        )
    assert "current_value" in exc.value.error_dict


def test_nps_goal_in_range(plan, kam_user):
    with pytest.raises(ValidationError):
        plan_item_create(
            user=kam_user,
            plan=plan,
            model=Goal,
            title="NPS",
            metric=GoalMetric.NPS,
            baseline=Decimal(10),
            target=Decimal(120),
            due_date=datetime.date(2026, 12, 31),
        )


def test_measure_needs_someone_and_a_goal_of_the_same_plan(plan, kam_user):
    with pytest.raises(ValidationError) as exc:
        plan_item_create(user=kam_user, plan=plan, model=Measure, title="Visit")
    assert "assignee" in exc.value.error_dict
    foreign_goal = GoalFactory.create()
    with pytest.raises(ValidationError) as exc:
        plan_item_create(user=kam_user, plan=plan, model=Measure, title="Visit", department="sales", goal=foreign_goal)
    assert "goal" in exc.value.error_dict
    measure = plan_item_create(user=kam_user, plan=plan, model=Measure, title="Visit", assignee=kam_user)
    assert measure.status == MeasureStatus.OPEN


def test_risk_out_of_scale_is_a_validation_error(plan, kam_user):
    with pytest.raises(ValidationError) as exc:
        plan_item_create(user=kam_user, plan=plan, model=Risk, description="x", probability=6, impact=1)
    assert "probability" in exc.value.error_dict


def test_update_and_delete_items(plan, kam_user, member_user):
    item = plan_item_create(user=kam_user, plan=plan, model=SwotItem, kind=SwotKind.STRENGTH, text="Service")
    plan_item_update(user=kam_user, item=item, text="Service network")
    item.refresh_from_db()
    assert item.text == "Service network"
    with pytest.raises(PermissionDenied):
        plan_item_update(user=member_user, item=item, text="Mine")
    with pytest.raises(TypeError):
        plan_item_update(user=kam_user, item=item, plan=None)
    plan_item_delete(user=kam_user, item=item)
    assert not SwotItem.objects.exists()


def test_active_plan_stays_editable_archived_does_not(plan, kam_user):
    plan.status = PlanStatus.ACTIVE
    plan.save()
    services.plan_update(user=kam_user, plan=plan, market_trends="Electrification")
    plan.status = PlanStatus.ARCHIVED
    plan.save()
    with pytest.raises(PermissionDenied):
        services.plan_update(user=kam_user, plan=plan, market_trends="Later")


def test_wallet_and_whitespace_entries(plan, kam_user, member_user):
    from kam.plans.children import wallet_estimate_set, whitespace_entry_clear, whitespace_entry_set
    from kam.plans.models import WalletEstimate, WhitespaceEntry

    line = ProductLineFactory.create()
    wallet_estimate_set(
        user=kam_user, account=plan.account, product_line=line, year=2026, estimated_spend=Decimal(1000)
    )
    wallet_estimate_set(user=kam_user, account=plan.account, product_line=line, year=2026, estimated_spend=Decimal(900))
    assert WalletEstimate.objects.get().estimated_spend == Decimal(900)
    with pytest.raises(PermissionDenied):
        wallet_estimate_set(
            user=member_user, account=plan.account, product_line=line, year=2026, estimated_spend=Decimal(1)
        )
    subsidiary = AccountFactory.create(parent=plan.account)
    stranger = AccountFactory.create()
    with pytest.raises(ValidationError):
        whitespace_entry_set(
            user=kam_user, account=plan.account, unit=subsidiary, product_line=line, status="competitor"
        )
    with pytest.raises(ValidationError):
        whitespace_entry_set(user=kam_user, account=plan.account, unit=stranger, product_line=line, status="no_need")
    whitespace_entry_set(
        user=kam_user,
        account=plan.account,
        unit=subsidiary,
        product_line=line,
        status="competitor",
        competitor="Rival AG",
    )
    assert WhitespaceEntry.objects.get().competitor == "Rival AG"
    whitespace_entry_clear(user=kam_user, account=plan.account, unit=subsidiary, product_line=line)
    assert not WhitespaceEntry.objects.exists()
