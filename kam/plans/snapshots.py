"""The frozen content of a plan: what a :class:`~kam.plans.models.PlanVersion` keeps.

A JSON-serialisable dict of sections (see :mod:`kam.plans.analysis.compare`): ``plan``
(the period, responsible KAM and situation texts), lists of items with an ``id`` and a
``label`` (goals with the value measured at that moment, measures, risks, SWOT,
stakeholders, wallet estimates, whitespace entries) and ``_meta``. Names, not ids, of
people and product lines, so that a version still reads right after they change.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from kam.contacts.models import Contact
from kam.plans import figures, measurement
from kam.plans.models import AccountPlan, Goal, WhitespaceEntry

SCHEMA = 1


def _text(value: Any) -> Any:
    """A value as it goes into JSON: dates ISO, decimals as strings, people and lines by name."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _plan_fields(plan: AccountPlan) -> dict[str, Any]:
    return {
        "account": plan.account.name,
        "title": plan.title,
        "period_start": _text(plan.period_start),
        "period_end": _text(plan.period_end),
        "owner": _text(plan.owner),
        "customer_strategy": plan.customer_strategy,
        "customer_needs": plan.customer_needs,
        "market_trends": plan.market_trends,
        "competitors": plan.competitors,
    }


def _goals(plan: AccountPlan, goals: list[Goal], today: datetime.date) -> list[dict[str, Any]]:
    units = figures.unit_ids(plan.account)
    cube = figures.sales_cube(units, measurement.cube_start(plan, goals, today, years=0), today)
    measured = measurement.measure_goals(plan, goals, cube, measurement.wallet_estimates(plan), today)
    return [
        {
            "id": m.goal.pk,
            "label": m.goal.title,
            "metric": m.goal.metric,
            "product_line": _text(m.goal.product_line),
            "baseline": _text(m.goal.baseline),
            "target": _text(m.goal.target),
            "due_date": _text(m.goal.due_date),
            "current": _text(m.current),
            "progress_percent": m.progress.percent,
            "status": m.progress.status,
        }
        for m in measured
    ]


def _stakeholders(plan: AccountPlan) -> list[dict[str, Any]]:
    contacts = Contact.objects.filter(account=plan.account).select_related("relationship_owner", "reports_to")
    return [
        {
            "id": c.pk,
            "label": c.full_name,
            "function": c.function,
            "buying_role": c.buying_role,
            "attitude": c.attitude,
            "influence": c.influence,
            "relationship_owner": _text(c.relationship_owner),
            "relationship_strength": c.relationship_strength,
            "reports_to": _text(c.reports_to),
        }
        for c in contacts.order_by("last_name", "first_name", "pk")
    ]


def plan_snapshot(plan: AccountPlan, *, today: datetime.date) -> dict[str, Any]:
    """Everything the plan says now, as JSON-ready data."""
    goals = list(plan.goals.select_related("product_line").order_by("due_date", "pk"))
    years = range(plan.period_start.year - 1, plan.period_end.year + 1)
    whitespace = WhitespaceEntry.objects.filter(account_id__in=figures.unit_ids(plan.account)).select_related(
        "account", "product_line"
    )
    return {
        "_meta": {"schema": SCHEMA, "plan": plan.pk, "taken": today.isoformat()},
        "plan": _plan_fields(plan),
        "goals": _goals(plan, goals, today),
        "measures": [
            {
                "id": m.pk,
                "label": m.title,
                "description": m.description,
                "assignee": _text(m.assignee),
                "department": m.department,
                "due_date": _text(m.due_date),
                "status": m.status,
                "goal": _text(m.goal),
            }
            for m in plan.measures.select_related("assignee", "goal").order_by("due_date", "pk")
        ],
        "risks": [
            {
                "id": r.pk,
                "label": r.description,
                "probability": r.probability,
                "impact": r.impact,
                "mitigation": r.mitigation,
                "owner": _text(r.owner),
            }
            for r in plan.risks.select_related("owner").order_by("pk")
        ],
        "swot": [{"id": s.pk, "label": s.text, "kind": s.kind} for s in plan.swot_items.order_by("kind", "pk")],
        "stakeholders": _stakeholders(plan),
        "wallet": [
            {"id": w.pk, "label": f"{w.year} {w.product_line or '*'}", "estimated_spend": _text(w.estimated_spend)}
            for w in plan.account.wallet_estimates.filter(year__in=years).select_related("product_line")
        ],
        "whitespace": [
            {
                "id": w.pk,
                "label": f"{w.account} × {w.product_line}",
                "status": w.status,
                "competitor": w.competitor,
            }
            for w in whitespace.order_by("account__name", "product_line__name")
        ],
    }
