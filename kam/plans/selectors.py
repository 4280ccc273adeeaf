"""Reads on key account plans; every function takes the user first and applies the access rule.

A plan the user may not see answers 404, as a missing one does.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404

from kam.accounts.access import restrict_to_accounts
from kam.plans import page_reads, sections
from kam.plans.access import can_edit_plan, can_plan_account, can_review_plans, can_view_plan, is_own_plan
from kam.plans.analysis import Change, diff_snapshots
from kam.plans.choices import ReviewAction, SwotKind
from kam.plans.models import AccountPlan, PlanReview, PlanVersion, SwotItem
from kam.plans.snapshots import plan_snapshot

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User


def plans_for_user(*, user: User | AnonymousUser) -> QuerySet[AccountPlan]:
    """The plans of the accounts the user may see, with account and responsible KAM."""
    qs = AccountPlan.objects.select_related("account", "owner")
    return restrict_to_accounts(qs, user)


def plan_get_for_user(*, user: User | AnonymousUser, pk: int) -> AccountPlan:
    """One plan the user may see, or 404."""
    try:
        return plans_for_user(user=user).select_related("account__owner", "based_on", "approved_by").get(pk=pk)
    except AccountPlan.DoesNotExist as exc:
        raise Http404("No such plan.") from exc


def plan_get_for_page(*, user: User | AnonymousUser, pk: int) -> AccountPlan:
    """One plan the user may see with what its page shows of its account, both owners and the plan it
    started from (nothing else of them), or 404.

    One hand-written statement (:func:`kam.plans.page_reads.plan`); the access rule is applied to the
    plan read (:func:`kam.plans.access.can_view_plan`, the rule of :mod:`kam.accounts.access` for one
    account: no query for who sees every account or owns it) instead of as a subquery, whose building
    cost more than the whole read.
    """
    plan = page_reads.plan(pk)
    if plan is None or not can_view_plan(user, plan):
        raise Http404("No such plan.")
    return plan


def _ensure_visible(user: User | AnonymousUser, plan: AccountPlan) -> None:
    if not can_view_plan(user, plan):
        raise Http404("No such plan.")


@dataclass
class Permissions:
    """What the user may do on the plan page."""

    edit: bool
    plan_account: bool
    review: bool


def plan_permissions(
    *, user: User | AnonymousUser, plan: AccountPlan, reviews: list[PlanReview] | None = None
) -> Permissions:
    """Whether the user may change the plan, the account's planning data, and review the plan.

    ``reviews``: the plan's review log newest first (:func:`plan_reviews`) if the caller has read it.
    """
    if reviews is None:
        submit = plan.reviews.filter(action=ReviewAction.SUBMIT).order_by("-created_at", "-pk").first()
    else:
        submit = next((review for review in reviews if review.action == ReviewAction.SUBMIT), None)
    own = is_own_plan(user, plan, submit.reviewer_id if submit else None)
    return Permissions(
        edit=can_edit_plan(user, plan),
        plan_account=can_plan_account(user, plan.account),
        review=can_review_plans(user) and not own,
    )


def plan_reviews(plan: AccountPlan) -> list[PlanReview]:
    """The plan's review log, newest first, with who took each step."""
    return page_reads.reviews(plan)


def plan_sections(*, user: User | AnonymousUser, plan: AccountPlan, today: datetime.date) -> dict[str, Any]:
    """Every section of the plan page: basics, stakeholders, revenue and wallet, whitespace, goals
    with progress, measures, risks with the matrix, SWOT, forecast, review log and versions."""
    _ensure_visible(user, plan)
    units = sections.plan_units(user, plan)
    lines = page_reads.product_lines()
    figures = sections.plan_figures(plan, units, today, {line.pk: line for line in lines})
    swot: dict[str, list[SwotItem]] = {kind: [] for kind in SwotKind.values}
    for item in page_reads.swot_items(plan):
        swot[item.kind].append(item)
    return {
        "basics": sections.basics(plan, units),
        "stakeholders": sections.stakeholders(plan, units, today),
        "revenue": sections.revenue_and_wallet(
            figures.cube, figures.estimates, sections.revenue_years(plan, today), {line.pk: line for line in lines}
        ),
        "whitespace": sections.whitespace(figures.cube, units, lines, today),
        "goals": figures.goals,
        "measures": page_reads.measures(plan, {measured.goal.pk: measured.goal for measured in figures.goals}),
        "risks": sections.risks(plan),
        "swot": swot,
        "forecast": sections.forecast(plan, units, today),
        "reviews": plan_reviews(plan),
        "versions": page_reads.versions(plan.account_id),
    }


def plan_versions(*, user: User | AnonymousUser, plan: AccountPlan) -> list[PlanVersion]:
    """The approved versions of every plan of the plan's account, newest first."""
    _ensure_visible(user, plan)
    return list(
        PlanVersion.objects.filter(plan__account_id=plan.account_id)
        .select_related("plan", "approved_by")
        .only(
            "pk",
            "number",
            "approved_at",
            "plan__period_start",
            "plan__period_end",
            "plan__account_id",
            *sections.user_fields("approved_by"),
        )
        .order_by("-approved_at", "-pk")
    )


def version_get(*, user: User | AnonymousUser, pk: int) -> PlanVersion:
    """One approved version the user may see, or 404."""
    qs = restrict_to_accounts(PlanVersion.objects.select_related("plan__account", "approved_by"), user, "plan__account")
    try:
        return qs.get(pk=pk)
    except PlanVersion.DoesNotExist as exc:
        raise Http404("No such plan version.") from exc


def plan_current_snapshot(*, user: User | AnonymousUser, plan: AccountPlan, today: datetime.date) -> dict[str, Any]:
    """The plan's content as it is now, in the form of a version's snapshot."""
    _ensure_visible(user, plan)
    return plan_snapshot(plan, today=today)


def version_compare(
    *, user: User | AnonymousUser, old: PlanVersion, new: PlanVersion | AccountPlan, today: datetime.date
) -> list[Change]:
    """Field-level differences from version ``old`` to version ``new`` (or to a plan as it is now).

    Both must belong to the same account.
    """
    new_account = new.account_id if isinstance(new, AccountPlan) else new.plan.account_id
    if old.plan.account_id != new_account:
        raise Http404("Versions of different accounts.")
    if isinstance(new, AccountPlan):
        after = plan_current_snapshot(user=user, plan=new, today=today)
    else:
        _ensure_visible(user, new.plan)
        after = new.snapshot
    _ensure_visible(user, old.plan)
    return diff_snapshots(old.snapshot, after)
