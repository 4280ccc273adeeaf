"""Writes on what a plan holds: goals, measures, risks, SWOT items; and on the account's
wallet estimates and whitespace entries, which every plan of the account reads.

Same conventions as :mod:`kam.plans.services`: the acting user first, PermissionDenied,
ValidationError before anything is written, one transaction each.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from kam.accounts.models import Account
from kam.accounts.selectors import account_descendant_ids
from kam.plans.access import can_edit_plan, can_plan_account
from kam.plans.choices import MANUAL_METRICS, GoalMetric, MeasureStatus, PlanStatus, WhitespaceStatus
from kam.plans.models import AccountPlan, Goal, Measure, Risk, SwotItem, WalletEstimate, WhitespaceEntry
from kam.products.models import ProductLine

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User

Child = TypeVar("Child", Goal, Measure, Risk, SwotItem)

GOAL_FIELDS = ("title", "metric", "product_line", "baseline", "target", "due_date", "current_value")
MEASURE_FIELDS = ("title", "description", "goal", "assignee", "department", "due_date", "status")
RISK_FIELDS = ("description", "probability", "impact", "mitigation", "owner")
SWOT_FIELDS = ("kind", "text")
FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Goal: GOAL_FIELDS,
    Measure: MEASURE_FIELDS,
    Risk: RISK_FIELDS,
    SwotItem: SWOT_FIELDS,
}


def require_edit(user: User | AnonymousUser, plan: AccountPlan) -> None:
    """PermissionDenied unless ``user`` may change ``plan`` now."""
    if not can_edit_plan(user, plan):
        if plan.status not in (PlanStatus.DRAFT, PlanStatus.ACTIVE):
            raise PermissionDenied(_("A plan in review or archived cannot be changed."))
        raise PermissionDenied(_("You may not change this plan."))


def locked_plan(plan: AccountPlan) -> AccountPlan:
    """The plan re-read under a row lock: a change and a review step cannot cross."""
    return AccountPlan.objects.select_for_update().select_related("account").get(pk=plan.pk)


def require_edit_now(user: User | AnonymousUser, plan: AccountPlan) -> AccountPlan:
    """The plan as it is in the database, if ``user`` may change it now (else PermissionDenied)."""
    current = locked_plan(plan)
    require_edit(user, current)
    return current


def _check_goal(goal: Goal) -> None:
    if goal.metric == GoalMetric.PRODUCT_LINE_REVENUE and goal.product_line_id is None:
        raise ValidationError({"product_line": _("Choose the product line whose revenue the goal is about.")})
    if goal.metric in (GoalMetric.REVENUE, GoalMetric.NPS, GoalMetric.COUNT) and goal.product_line_id is not None:
        raise ValidationError({"product_line": _("This metric is not about one product line.")})
    if goal.metric not in MANUAL_METRICS and goal.current_value is not None:
        raise ValidationError(
            {"current_value": _("The current value of this metric is measured from the data; leave it empty.")}
        )
    if goal.metric == GoalMetric.NPS:
        for name in ("baseline", "target", "current_value"):
            value = getattr(goal, name)
            if value is not None and not Decimal(-100) <= value <= Decimal(100):
                raise ValidationError({name: _("An NPS lies between −100 and 100.")})


def _check_measure(measure: Measure) -> None:
    if measure.assignee_id is None and not measure.department:
        raise ValidationError({"assignee": _("Say who does it: a person or a department.")})
    if measure.goal is not None and measure.goal.plan_id != measure.plan_id:
        raise ValidationError({"goal": _("The goal must belong to the same plan.")})


CHECKS: dict[type[models.Model], Any] = {Goal: _check_goal, Measure: _check_measure}


def _save(item: models.Model) -> None:
    check = CHECKS.get(type(item))
    if check is not None:
        check(item)
    item.full_clean()
    item.save()


def _set(item: models.Model, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(FIELDS[type(item)])
    if unknown:
        raise TypeError(f"Unknown {type(item).__name__} fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(item, name, value)


@transaction.atomic
def plan_item_create(*, user: User, plan: AccountPlan, model: type[Child], **fields: Any) -> Child:
    """Add a goal, measure, risk or SWOT item to a plan its author may change."""
    plan = require_edit_now(user, plan)
    item = model(plan=plan)
    _set(item, fields)
    _save(item)
    return item


@transaction.atomic
def plan_item_update(*, user: User, item: Child, **fields: Any) -> Child:
    """Change a goal, measure, risk or SWOT item of a plan its author may change."""
    require_edit_now(user, item.plan)
    _set(item, fields)
    _save(item)
    return item


@transaction.atomic
def plan_item_delete(*, user: User, item: Goal | Measure | Risk | SwotItem) -> None:
    """Remove a goal (its measures stay, without goal), measure, risk or SWOT item."""
    require_edit_now(user, item.plan)
    item.delete()


def _shifted(day: datetime.date | None, shift: datetime.timedelta) -> datetime.date | None:
    """``day`` moved by ``shift``, kept on the same day of the month where the month has it."""
    if day is None:
        return None
    moved = day + shift
    try:
        return moved.replace(day=day.day)
    except ValueError:
        return moved


def copy_plan_content(*, source: AccountPlan, target: AccountPlan, shift: datetime.timedelta) -> None:
    """Copy goals, measures not done or cancelled, risks and SWOT of ``source`` into ``target``."""
    goal_map: dict[int, Goal] = {}
    for goal in source.goals.order_by("pk"):
        old_pk = goal.pk
        goal.pk, goal.id, goal.plan = None, None, target  # type: ignore[assignment]
        goal.due_date = _shifted(goal.due_date, shift) or goal.due_date
        goal.save()
        goal_map[old_pk] = goal
    open_measures = source.measures.exclude(status__in=[MeasureStatus.DONE, MeasureStatus.CANCELLED]).order_by("pk")
    for measure in open_measures:
        measure.pk, measure.id, measure.plan = None, None, target  # type: ignore[assignment]
        measure.goal = goal_map.get(measure.goal_id) if measure.goal_id else None  # type: ignore[arg-type]
        measure.due_date = _shifted(measure.due_date, shift)
        measure.save()
    for risk in source.risks.order_by("pk"):
        risk.pk, risk.id, risk.plan = None, None, target  # type: ignore[assignment]
        risk.save()
    SwotItem.objects.bulk_create(
        SwotItem(plan=target, kind=s.kind, text=s.text) for s in source.swot_items.order_by("pk")
    )


# -- wallet estimates and whitespace entries (on the account, read by its plans) ----------------------


def _require_planner(user: User, account: Account) -> None:
    if not can_plan_account(user, account):
        raise PermissionDenied(_("You may not change the planning data of this account."))


@transaction.atomic
def wallet_estimate_set(
    *,
    user: User,
    account: Account,
    product_line: ProductLine | None,
    year: int,
    estimated_spend: Decimal,
    source: str = "",
) -> WalletEstimate:
    """Enter (or replace) the customer's estimated spend of a year in a product line (None: in total)."""
    _require_planner(user, account)
    estimate = WalletEstimate.objects.filter(account=account, product_line=product_line, year=year).first()
    if estimate is None:
        estimate = WalletEstimate(account=account, product_line=product_line, year=year)
    estimate.estimated_spend, estimate.source, estimate.entered_by = estimated_spend, source, user
    estimate.full_clean(validate_constraints=False)
    estimate.save()
    return estimate


@transaction.atomic
def wallet_estimate_delete(*, user: User, estimate: WalletEstimate) -> None:
    """Remove a wallet estimate."""
    _require_planner(user, estimate.account)
    estimate.delete()


def _check_unit(account: Account, unit: Account) -> None:
    if unit.pk != account.pk and unit.pk not in account_descendant_ids(account=account):
        raise ValidationError({"unit": _("The unit must be the account or one of its subsidiaries.")})


@transaction.atomic
def whitespace_entry_set(
    *,
    user: User,
    account: Account,
    unit: Account,
    product_line: ProductLine,
    status: str,
    competitor: str = "",
    note: str = "",
) -> WhitespaceEntry:
    """Record what a unit of the account does about a product line, overriding the computed cell."""
    _require_planner(user, account)
    _check_unit(account, unit)
    if status not in WhitespaceStatus.values:
        raise ValidationError({"status": _("Unknown status: %(value)s.") % {"value": status}})
    if status == WhitespaceStatus.COMPETITOR and not competitor.strip():
        raise ValidationError({"competitor": _("Name the competitor the unit buys from.")})
    entry = WhitespaceEntry.objects.filter(account=unit, product_line=product_line).first()
    if entry is None:
        entry = WhitespaceEntry(account=unit, product_line=product_line)
    entry.status, entry.competitor, entry.note, entry.entered_by = status, competitor.strip(), note, user
    entry.full_clean(validate_constraints=False)
    entry.save()
    return entry


@transaction.atomic
def whitespace_entry_clear(*, user: User, account: Account, unit: Account, product_line: ProductLine) -> None:
    """Remove the entry of a cell: it is computed from the order lines again."""
    _require_planner(user, account)
    _check_unit(account, unit)
    WhitespaceEntry.objects.filter(account=unit, product_line=product_line).delete()
