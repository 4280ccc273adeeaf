"""Writes on key account plans: the plan, its review, and what it holds.

Every service takes the acting ``user`` and checks the rules of :mod:`kam.plans.access`
(PermissionDenied), validates its input (ValidationError, nothing written) and runs in one
transaction. The review: draft → (submit) in review → (approve) active, or (request
changes) back to draft; an approval freezes a :class:`PlanVersion` and archives the plan
that was active for the account before.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kam.accounts.access import can_view_account
from kam.accounts.models import Account
from kam.plans import figures
from kam.plans.access import can_plan_account, can_review_plans, can_view_plan, is_own_plan
from kam.plans.children import copy_plan_content, locked_plan, require_edit, require_edit_now
from kam.plans.choices import PlanStatus, ReviewAction
from kam.plans.models import AccountPlan, PlanReview, PlanVersion
from kam.plans.snapshots import plan_snapshot

if TYPE_CHECKING:
    from kam.users.models import User

PLAN_EDITABLE_FIELDS = (
    "title",
    "period_start",
    "period_end",
    "owner",
    "customer_strategy",
    "customer_needs",
    "market_trends",
    "competitors",
)


def next_period(plan: AccountPlan) -> tuple[datetime.date, datetime.date]:
    """The period right after ``plan``'s, of the same number of months."""
    return figures.next_period(plan.period_start, plan.period_end)


def _check_period(plan: AccountPlan) -> None:
    if plan.period_end < plan.period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    clash = AccountPlan.objects.filter(account_id=plan.account_id, period_start=plan.period_start).exclude(
        status=PlanStatus.ARCHIVED
    )
    if plan.pk is not None:
        clash = clash.exclude(pk=plan.pk)
    if plan.status != PlanStatus.ARCHIVED and clash.exists():
        raise ValidationError(
            {"period_start": _("The account already has a plan for the period starting on this day.")}
        )


def _check_owner(owner: User | None, account: Account) -> None:
    if owner is not None and not (owner.is_active and can_view_account(owner, account)):
        raise ValidationError({"owner": _("The responsible person must be an active user who can see the account.")})


@transaction.atomic
def plan_create(
    *,
    user: User,
    account: Account,
    period_start: datetime.date,
    period_end: datetime.date,
    based_on: AccountPlan | None = None,
    **fields: Any,
) -> AccountPlan:
    """Start a draft plan of ``account``; with ``based_on``, copy that plan's situation texts,
    goals, open measures, risks and SWOT, due dates moved by the time between the periods."""
    unknown = set(fields) - set(PLAN_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan fields: {sorted(unknown)}")
    if not can_plan_account(user, account):
        raise PermissionDenied(_("You may not write plans for this account."))
    if based_on is not None and (based_on.account_id != account.pk or not can_view_plan(user, based_on)):
        raise ValidationError({"based_on": _("A plan can only start from an earlier plan of the same account.")})
    if based_on is not None:
        for name in ("customer_strategy", "customer_needs", "market_trends", "competitors"):
            fields.setdefault(name, getattr(based_on, name))
    fields.setdefault("owner", account.owner if account.owner is not None else user)
    plan = AccountPlan(
        account=account,
        period_start=period_start,
        period_end=period_end,
        based_on=based_on,
        created_by=user,
        status=PlanStatus.DRAFT,
        **fields,
    )
    _check_owner(plan.owner, account)
    _check_period(plan)
    plan.full_clean(validate_constraints=False)
    plan.save()
    if based_on is not None:
        copy_plan_content(source=based_on, target=plan, shift=period_start - based_on.period_start)
    return plan


@transaction.atomic
def plan_update(*, user: User, plan: AccountPlan, **fields: Any) -> AccountPlan:
    """Change a plan's period, title, responsible KAM or situation texts (its authors, while draft or active)."""
    unknown = set(fields) - set(PLAN_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan fields: {sorted(unknown)}")
    current = require_edit_now(user, plan)
    plan.status = current.status
    for name, value in fields.items():
        setattr(plan, name, value)
    if "owner" in fields:
        _check_owner(plan.owner, plan.account)
    _check_period(plan)
    plan.full_clean(validate_constraints=False)
    plan.save()
    return plan


@transaction.atomic
def plan_delete(*, user: User, plan: AccountPlan) -> None:
    """Delete a draft plan that was never approved (its authors)."""
    plan = require_edit_now(user, plan)
    if plan.status != PlanStatus.DRAFT or plan.versions.exists():
        raise ValidationError(_("Only a draft that was never approved can be deleted."))
    plan.delete()


def _log(plan: AccountPlan, user: User, action: ReviewAction, comment: str) -> PlanReview:
    return PlanReview.objects.create(plan=plan, reviewer=user, action=action, comment=comment.strip())


@transaction.atomic
def plan_submit(*, user: User, plan: AccountPlan, comment: str = "") -> AccountPlan:
    """Hand a draft to the head of KAM for review (its authors; it needs at least one goal)."""
    plan = locked_plan(plan)
    require_edit(user, plan)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Only a draft can be submitted for review."))
    if not plan.goals.exists():
        raise ValidationError(_("Add at least one goal before submitting the plan."))
    plan.status, plan.submitted_at = PlanStatus.IN_REVIEW, timezone.now()
    plan.save(update_fields=["status", "submitted_at", "updated_at"])
    _log(plan, user, ReviewAction.SUBMIT, comment)
    return plan


def _require_reviewer(user: User, plan: AccountPlan) -> None:
    if not can_review_plans(user):
        raise PermissionDenied(_("Only the head of key account management and administrators review plans."))
    if plan.status != PlanStatus.IN_REVIEW:
        raise ValidationError(_("The plan is not in review."))
    last_submit = plan.reviews.filter(action=ReviewAction.SUBMIT).order_by("-created_at", "-pk").first()
    if is_own_plan(user, plan, last_submit.reviewer_id if last_submit else None):
        raise PermissionDenied(_("You cannot review your own plan; another reviewer must decide."))


@transaction.atomic
def plan_approve(
    *, user: User, plan: AccountPlan, comment: str = "", today: datetime.date | None = None
) -> PlanVersion:
    """Approve a plan in review (head of KAM or admin, never the plan's own author or KAM).

    The plan becomes the account's active plan; the one active before is archived; the
    plan's content is frozen as the next :class:`PlanVersion`.
    """
    plan = locked_plan(plan)
    _require_reviewer(user, plan)
    now = timezone.now()
    AccountPlan.objects.filter(account_id=plan.account_id, status=PlanStatus.ACTIVE).exclude(pk=plan.pk).update(
        status=PlanStatus.ARCHIVED, updated_at=now
    )
    plan.status, plan.approved_at, plan.approved_by = PlanStatus.ACTIVE, now, user
    plan.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    _log(plan, user, ReviewAction.APPROVE, comment)
    number = (plan.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    snapshot = plan_snapshot(plan, today=today or timezone.localdate())
    return PlanVersion.objects.create(plan=plan, number=number, snapshot=snapshot, approved_by=user, approved_at=now)


@transaction.atomic
def plan_request_changes(*, user: User, plan: AccountPlan, comment: str) -> AccountPlan:
    """Send a plan in review back to draft with the reviewer's comment (required)."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should change.")})
    plan = locked_plan(plan)
    _require_reviewer(user, plan)
    plan.status = PlanStatus.DRAFT
    plan.save(update_fields=["status", "updated_at"])
    _log(plan, user, ReviewAction.REQUEST_CHANGES, comment)
    return plan


@transaction.atomic
def plan_comment(*, user: User, plan: AccountPlan, comment: str) -> PlanReview:
    """A comment on the plan by anyone who may see it."""
    if not can_view_plan(user, plan):
        raise PermissionDenied(_("You may not see this plan."))
    if not comment.strip():
        raise ValidationError({"comment": _("The comment is empty.")})
    return _log(plan, user, ReviewAction.COMMENT, comment)
