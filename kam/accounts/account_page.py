"""What the account 360° page shows, gathered through the account selectors.

Every part costs a fixed number of queries, however many contacts, team members,
subsidiaries or history entries the account has.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, cast

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext as _

from kam.accounts import account_tables, page_reads, selectors
from kam.accounts.access import can_create_account, can_edit_account, visible_accounts
from kam.accounts.models import Account
from kam.accounts.services import ACCOUNT_EDITABLE_FIELDS
from kam.contacts.models import Contact
from kam.core.history import HistoryPage, history_page

# What the 360° page shows of the account, its owner and its parent (``selectors.account_get(fields=…)``).
ACCOUNT_FIELDS = (
    "pk",
    *ACCOUNT_EDITABLE_FIELDS,
    "owner__first_name",
    "owner__last_name",
    "owner__username",
    "parent__name",
    "parent__parent",
)
CHART_YEARS = 6
PRODUCT_LINE_YEARS = 3
ZERO = Decimal("0")


def _group_tree(user: Any, account: Account, descendant_ids: list[int]) -> dict[str, Any]:
    """Ancestors (names; links where visible) and the subsidiaries the user may see, as a tree."""
    ancestors = list(reversed(selectors.account_ancestors(account=account)))
    related_ids = [a.pk for a in ancestors] + descendant_ids
    if user.sees_all_accounts:
        visible = set(related_ids)
    elif related_ids:
        visible = set(visible_accounts(user).filter(pk__in=related_ids).values_list("pk", flat=True))
    else:
        visible = set()
    shown = [pk for pk in descendant_ids if pk in visible]
    rows = cast(
        "list[dict[str, Any]]",
        list(Account.objects.filter(pk__in=shown).values("pk", "name", "parent_id", "tier", "city")) if shown else [],
    )
    by_pk = {row["pk"]: row for row in rows}
    children: dict[int, list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda r: r["name"]):
        parent = row["parent_id"]
        if parent not in by_pk:
            parent = account.pk  # attach below the account when an intermediate company is not visible
        children.setdefault(parent, []).append(row)

    def build(pk: int, depth: int = 0) -> list[dict[str, Any]]:
        if depth > 20:
            return []
        return [{**row, "children": build(row["pk"], depth + 1)} for row in children.get(pk, [])]

    return {
        "ancestors": [{"account": a, "visible": a.pk in visible} for a in ancestors],
        "subsidiaries": build(account.pk),
        "subsidiary_count": len(descendant_ids),
        "hidden_subsidiaries": len(descendant_ids) - len(rows),
    }


def _as_float(value: Decimal | None) -> float:
    return float(value or ZERO)


def _revenue(account: Account, year: int, descendant_ids: list[int]) -> dict[str, Any]:
    """Yearly revenue (own and group) for the chart and the key figures."""
    data = selectors.revenue_by_year_of(account, page_reads.revenue_years([account.pk, *descendant_ids]))
    years = list(range(year - CHART_YEARS + 1, year + 1))
    has_group = any(data.group.get(y, ZERO) != data.own.get(y, ZERO) for y in data.years)
    datasets = [{"label": _("Own revenue"), "data": [_as_float(data.own.get(y)) for y in years]}]
    if has_group:
        datasets.append(
            {"label": _("Group revenue"), "data": [_as_float(data.group.get(y)) for y in years], "color": "#a8c5f7"}
        )
    this_year = data.own.get(year, ZERO)
    last_year = data.own.get(year - 1, ZERO)
    before = data.own.get(year - 2, ZERO)
    margin_last = data.margin_own.get(year - 1, ZERO)
    rows = [
        {"year": y, "own": data.own.get(y, ZERO), "group": data.group.get(y, ZERO), "margin": data.margin_own.get(y)}
        for y in sorted(data.years, reverse=True)
    ]
    return {
        "revenue_chart": {"labels": [str(y) for y in years], "datasets": datasets},
        "revenue_rows": rows,
        "revenue_table": account_tables.revenue_rows(rows, has_group),
        "has_group_revenue": has_group,
        "kpi": {
            "this_year": this_year,
            "last_year": last_year,
            "growth": ((last_year - before) / before * 100) if before else None,
            "margin_pct": (margin_last / last_year * 100) if last_year else None,
            "group_last_year": data.group.get(year - 1, ZERO),
        },
    }


def _by_product_line(sales: list[dict[str, Any]], years: list[int]) -> dict[str, dict[int, Decimal]]:
    """Revenue per product line and year (what ``selectors.account_revenue_by_product_line`` reads)."""
    by_line: dict[str, dict[int, Decimal]] = {}
    for row in sales:
        if years[0] <= row["year"] <= years[-1]:
            per_year = by_line.setdefault(row["product__product_line__name"], {})
            per_year[row["year"]] = per_year.get(row["year"], ZERO) + row["revenue"]
    return by_line


def _top_products(sales: list[dict[str, Any]], first_year: int, limit: int = 10) -> list[dict[str, Any]]:
    """The best-selling products from ``first_year`` on (what ``selectors.account_top_products`` reads)."""
    totals: dict[int, dict[str, Any]] = {}
    for row in sales:
        if row["year"] < first_year:
            continue
        total = totals.get(row["product_id"])
        if total is None:
            totals[row["product_id"]] = {key: value for key, value in row.items() if key != "year"}
        else:
            for key in ("revenue", "margin", "quantity"):
                total[key] += row[key]
    return sorted(totals.values(), key=lambda total: (-total["revenue"], total["product_id"]))[:limit]


def _product_lines(sales: list[dict[str, Any]], year: int) -> dict[str, Any]:
    years = list(range(year - PRODUCT_LINE_YEARS + 1, year + 1))
    by_line = _by_product_line(sales, years)
    lines = sorted(by_line, key=lambda name: (-sum(by_line[name].values()), name))
    chart = {
        "labels": [str(y) for y in years],
        "datasets": [{"label": line, "data": [_as_float(by_line[line].get(y)) for y in years]} for line in lines],
    }
    table = [
        {"line": line, "values": [by_line[line].get(y, ZERO) for y in years], "total": sum(by_line[line].values())}
        for line in lines
    ]
    totals = [sum((by_line[line].get(y, ZERO) for line in lines), ZERO) for y in years]
    return {
        "pl_years": years,
        "pl_chart": chart,
        "pl_table": table,
        "pl_totals": totals,
        "pl_rows": account_tables.product_line_rows(table),
        "pl_total_cells": account_tables.product_line_totals(totals),
    }


def account_history_page(
    account: Account, *, offset: int = 0, limit: int = 10, contact_ids: set[int] | None = None
) -> HistoryPage:
    """Changes of the account and of its contacts, newest first (the caller checked access).

    Entries of contacts that still belong to the account link to them; ``contact_ids``
    are the ids of the account's contacts when the caller has read them already.
    """
    page = history_page(
        [
            (Account.history.filter(id=account.pk), lambda r: r.name),
            (Contact.history.filter(account_id=account.pk), lambda r: f"{r.first_name} {r.last_name}".strip()),
        ],
        offset=offset,
        limit=limit,
    )
    contact_type = str(Contact._meta.verbose_name)
    mentioned = {e.object_id for e in page.entries if e.object_type == contact_type}
    if contact_ids is not None:
        existing = mentioned & contact_ids
    elif mentioned:
        existing = set(account.contacts.filter(pk__in=mentioned).values_list("pk", flat=True))
    else:
        existing = set()
    for entry in page.entries:
        if entry.object_id in existing and entry.object_type == contact_type:
            entry.url = reverse("contacts:detail", args=[entry.object_id])
    return page


def _facts(account: Account) -> dict[str, str]:
    """The account's choice labels and country name in the active language."""
    labels = account_tables.labels()
    return {
        "legal_form": labels.legal_forms.get(account.legal_form, account.legal_form),
        "industry": labels.industries.get(account.industry, account.industry),
        "tier": labels.tiers.get(account.tier, account.tier),
        "country": labels.countries.get(account.country.code or "", ""),  # type: ignore[attr-defined]
    }


def account_360_context(request: HttpRequest, account: Account) -> dict[str, Any]:
    """Everything the account 360° page shows (the change history follows with htmx).

    ``account``: read with ``selectors.account_for_page`` (access checked); the rest is read
    for its id with the hand-written statements of ``page_reads``.
    """
    user = request.user
    today = datetime.date.today()
    can_edit = can_edit_account(user, account)
    team = page_reads.team(account.pk)
    since = datetime.date(today.year - 1, 1, 1)
    descendant_ids = selectors.account_descendant_ids(account=account)
    contacts = page_reads.contacts(account.pk)
    first_year = min(since.year, today.year - PRODUCT_LINE_YEARS + 1)  # of the top products and of the chart
    sales = page_reads.product_sales(account.pk, datetime.date(first_year, 1, 1))
    top_products = _top_products(sales, since.year)
    context: dict[str, Any] = {
        "account": account,
        "facts": _facts(account),
        "can_edit": can_edit,
        "can_delete": can_create_account(user),
        "year": today.year,
        "contacts": contacts,
        "contact_rows": account_tables.contact_rows(contacts),
        "team": team,
        "team_items": account_tables.team_items(
            team, account.pk, can_edit, get_token(request) if can_edit and team else None
        ),
        "top_products": top_products,
        "top_product_rows": account_tables.top_product_rows(top_products),
        "top_since": since,
        "coming_soon": account_tables.coming_soon_cards(),
        "group": _group_tree(user, account, descendant_ids),
    }
    context.update(_revenue(account, today.year, descendant_ids))
    context.update(_product_lines(sales, today.year))
    return context
