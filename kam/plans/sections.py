"""What the plan page shows, section by section (callers have checked access).

Each builder costs a fixed number of queries whatever the size of the account: the units'
order lines are read once, grouped in the database (:func:`kam.plans.figures.sales_cube`),
and the monthly revenue once from the stored aggregate.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from kam.accounts.access import can_view_account, visible_accounts
from kam.accounts.models import Account
from kam.accounts.selectors import account_ancestors
from kam.contacts.models import Contact
from kam.plans import analysis, figures, page_reads, texts
from kam.plans.measurement import Estimates, MeasuredGoal, cube_start, measure_goals
from kam.plans.models import AccountPlan
from kam.products.models import ProductLine

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User

REVENUE_YEARS = 4
# What the page shows of a user (``User.__str__``) behind a foreign key ``<fk>__…``.
NAME_FIELDS = ("first_name", "last_name", "username")


def user_fields(relation: str) -> list[str]:
    """The fields naming the user behind ``relation`` (for ``only()`` with ``select_related``)."""
    return [f"{relation}__{name}" for name in NAME_FIELDS]


@dataclass
class Units:
    """The planned account and its subsidiaries: all ids (for figures), the visible ones (to show)."""

    all_ids: list[int]
    shown: list[Account]


def plan_units(user: User | AnonymousUser, plan: AccountPlan) -> Units:
    ids = figures.unit_ids(plan.account)
    if ids == [plan.account_id] and can_view_account(user, plan.account):
        return Units(ids, [plan.account])  # no subsidiaries: nothing more to read
    shown = list(
        visible_accounts(user).filter(pk__in=ids).only("pk", "name", "city", "country", "parent_id").order_by("name")
    )
    shown.sort(key=lambda unit: (unit.pk != plan.account_id, unit.name))
    return Units(ids, shown)


def basics(plan: AccountPlan, units: Units) -> dict[str, Any]:
    """Group structure, locations and the account team."""
    team = page_reads.team(plan.account_id)
    return {
        "ancestors": list(reversed(account_ancestors(account=plan.account))),
        "units": units.shown,
        "hidden_units": len(units.all_ids) - len(units.shown),
        "team": team,
    }


@dataclass
class OrgNode:
    """A contact in the org chart with the people reporting to them and the gaps about them."""

    contact: Contact
    gaps: list[str] = field(default_factory=list)
    children: list[OrgNode] = field(default_factory=list)


def _org_chart(contacts: list[Contact], gaps_by_contact: dict[int, list[str]]) -> list[OrgNode]:
    nodes = {c.pk: OrgNode(c, gaps_by_contact.get(c.pk, [])) for c in contacts}
    roots = []
    for contact in contacts:
        manager = nodes.get(contact.reports_to_id) if contact.reports_to_id else None
        if manager is None or manager is nodes[contact.pk]:
            roots.append(nodes[contact.pk])
        else:
            manager.children.append(nodes[contact.pk])
    reachable: set[int] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        reachable.add(node.contact.pk)
        stack.extend(child for child in node.children if child.contact.pk not in reachable)
    # Contacts in a reporting circle (imported data) are shown as roots too.
    roots.extend(node for pk, node in nodes.items() if pk not in reachable)
    return roots


def stakeholders(plan: AccountPlan, units: Units, today: datetime.date) -> dict[str, Any]:
    """The buying centre: every contact of the shown units as an org chart, and its gaps in words."""
    contacts = page_reads.contacts([u.pk for u in units.shown])
    people = [
        analysis.Stakeholder(
            id=c.pk,
            name=c.full_name,
            buying_role=c.buying_role,
            attitude=c.attitude,
            influence=c.influence,
            department=c.department,
            relationship_owner_id=c.relationship_owner_id,
            relationship_strength=c.relationship_strength,
            last_contact_date=c.last_contact_date,
        )
        for c in contacts
    ]
    gaps = analysis.stakeholder_gaps(people, today=today)
    by_contact: dict[int, list[str]] = {}
    worded = []
    for gap in gaps:
        text = texts.gap_text(gap)
        worded.append({"code": gap.code, "severity": gap.severity, "text": text, "contact_id": gap.contact_id})
        if gap.contact_id is not None:
            by_contact.setdefault(gap.contact_id, []).append(text)
    return {"contacts": contacts, "org_chart": _org_chart(contacts, by_contact), "gaps": worded}


def revenue_years(plan: AccountPlan, today: datetime.date) -> list[int]:
    last = min(plan.period_start.year, today.year)
    return list(range(last - REVENUE_YEARS + 1, last + 1))


def revenue_and_wallet(
    cube: figures.SalesCube, estimates: Estimates, years: list[int], lines: dict[int, ProductLine]
) -> dict[str, Any]:
    """Revenue by product line and year, the estimated spend and share of wallet where entered."""
    by_line_year = cube.by_line_and_year()
    rows: dict[int, dict[str, Any]] = {}
    totals = []
    for year in years:
        revenue = {line: value for (line, y), value in by_line_year.items() if y == year}
        spend = {line: value for (line, y), value in estimates.items() if y == year and line is not None}
        shares, total = analysis.share_of_wallet(revenue, spend)
        for share in shares:
            key = share.product_line or 0
            row = rows.setdefault(key, {"line": lines.get(key), "years": {}})
            row["years"][year] = share
        totals.append({"year": year, "share": total, "revenue": sum(revenue.values(), figures.ZERO)})
    ordered = sorted(rows.values(), key=lambda r: r["line"].name if r["line"] else "")
    for row in ordered:
        row["cells"] = [row["years"].get(year) for year in years]
    whole = {year: estimates.get((None, year)) for year in years}
    return {"years": years, "rows": ordered, "totals": totals, "whole_estimates": [whole[y] for y in years]}


def whitespace(cube: figures.SalesCube, units: Units, lines: list[ProductLine], today: datetime.date) -> dict[str, Any]:
    """The grid product lines × shown units: bought / not bought from the order lines, entries override."""
    start = figures.add_months(figures.month_start(today), -(figures.WHITESPACE_MONTHS - 1))
    revenue = cube.by_unit_and_line(start, today)
    entries = page_reads.whitespace_entries([u.pk for u in units.shown])
    grid = analysis.whitespace_cells([u.pk for u in units.shown], [line.pk for line in lines], revenue, entries)
    return {
        "since": start,
        "lines": lines,
        "rows": [{"unit": unit, "cells": cells} for unit, cells in zip(units.shown, grid, strict=True)],
        "open_cells": sum(1 for row in grid for cell in row if cell.status == "not_bought"),
    }


def forecast(plan: AccountPlan, units: Units, today: datetime.date) -> dict[str, Any]:
    """Revenue of the plan's period and the next from the monthly trend (no pipeline before opportunities)."""
    last_complete = figures.add_months(figures.month_start(today), -1)
    next_start, next_end = figures.next_period(plan.period_start, plan.period_end)
    first = min(figures.add_months(last_complete, -(analysis.forecast.DEFAULT_WINDOW - 1)), plan.period_start)
    monthly = figures.monthly_revenue(units.all_ids, first, last_complete)
    periods = [
        (plan.period_label, figures.month_start(plan.period_start), figures.month_start(plan.period_end)),
        (_label(next_start, next_end), figures.month_start(next_start), figures.month_start(next_end)),
    ]
    result = analysis.forecast_revenue(monthly, last_month=last_complete, periods=periods, pipeline=[])
    chart = {
        "labels": [p.label for p in result.periods],
        "datasets": [
            {"label": _("Actual"), "data": [round(p.actual, 2) for p in result.periods]},
            {"label": _("Trend"), "data": [round(p.trend, 2) for p in result.periods]},
            {"label": _("Weighted pipeline"), "data": [round(p.pipeline, 2) for p in result.periods]},
        ],
    }
    return {"result": result, "method": texts.forecast_method_text(result), "chart": chart, "monthly": monthly}


def _label(start: datetime.date, end: datetime.date) -> str:
    return AccountPlan(period_start=start, period_end=end).period_label


@dataclass
class Figures:
    """What the data says about the plan: revenue cube, estimates and measured goals."""

    cube: figures.SalesCube
    estimates: Estimates
    goals: list[MeasuredGoal]


def plan_figures(
    plan: AccountPlan, units: Units, today: datetime.date, lines: dict[int, ProductLine] | None = None
) -> Figures:
    """The sales cube, wallet estimates and measured goals; ``lines``: the product lines by id if read already."""
    if lines is None:
        lines = {line.pk: line for line in page_reads.product_lines()}
    goals = page_reads.goals(plan)
    for goal in goals:
        if goal.product_line_id in lines:
            goal.product_line = lines[goal.product_line_id]
    start = min(
        cube_start(plan, goals, today, years=REVENUE_YEARS - 1),
        figures.add_months(figures.month_start(today), -(figures.WHITESPACE_MONTHS - 1)),
    )
    cube = figures.sales_cube(units.all_ids, start, today)
    estimates = page_reads.wallet_estimates(plan.account_id)
    return Figures(cube, estimates, measure_goals(plan, goals, cube, estimates, today))


def risks(plan: AccountPlan) -> dict[str, Any]:
    items = page_reads.risks(plan)
    matrix = analysis.risk_matrix((r.pk, r.probability, r.impact) for r in items)
    for risk in items:
        risk.level = analysis.risk_level(risk.probability, risk.impact)  # type: ignore[attr-defined]
    return {"items": items, "matrix": matrix, "levels": texts.RISK_LEVELS}
