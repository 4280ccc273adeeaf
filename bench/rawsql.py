"""The SQL the account pages need, written by hand and run with a plain cursor.

This is the baseline of the page figures: what a page cannot do without (who is asking,
the rows it shows, the aggregates it prints), as one would write it without an ORM,
templates or middleware. Every statement's rows are fetched.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

Statement = tuple[str, list[Any]]
PAGE_SIZE = 50


@dataclass(frozen=True)
class Viewer:
    """Who asks: a user id, their session key, and whether they see every account."""

    user_id: int
    session_key: str
    sees_all: bool


def _year_of(column: str) -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"
    return f"CAST(strftime('%%Y', {column}) AS INTEGER)"


def _visible(viewer: Viewer, alias: str = "a") -> tuple[str, list[Any]]:
    """The access rule as SQL for a KAM (owned or on the team), written so that PostgreSQL can use
    the owner and team indexes (a semi-join on a UNION) instead of testing every account."""
    if viewer.sees_all:
        return "TRUE", []
    return (
        f"{alias}.id IN (SELECT t.account_id FROM accounts_accountteammember t WHERE t.user_id = %s "
        "UNION ALL SELECT o.id FROM accounts_account o WHERE o.owner_id = %s)",
        [viewer.user_id, viewer.user_id],
    )


def who_is_asking(viewer: Viewer, now: datetime.datetime) -> list[Statement]:
    """The session, the user row and the unread notifications of the navigation: every signed-in page needs them."""
    return [
        (
            "SELECT session_data FROM django_session WHERE session_key = %s AND expire_date > %s",
            [viewer.session_key, now],
        ),
        ("SELECT * FROM users_user WHERE id = %s", [viewer.user_id]),
        (
            "SELECT id FROM notifications_notification WHERE user_id = %s AND read_at IS NULL LIMIT 100",
            [viewer.user_id],
        ),
    ]


def account_list(viewer: Viewer, *, year: int, order: str, now: datetime.datetime) -> list[Statement]:
    """Account list: count, one page of 50 with owner, parent and two years' revenue, the owner filter."""
    where, params = _visible(viewer)
    order_by = {
        "name": "a.name, a.id",
        "-revenue_last_year": "COALESCE(ly.net_revenue, 0) DESC, a.id",
    }[order]
    page = (
        "SELECT a.id, a.name, a.city, a.country, a.industry, a.tier, p.name, o.first_name, o.last_name, o.username, "
        "COALESCE(ly.net_revenue, 0), COALESCE(ty.net_revenue, 0) "
        "FROM accounts_account a "
        "LEFT JOIN accounts_account p ON p.id = a.parent_id "
        "LEFT JOIN users_user o ON o.id = a.owner_id "
        "LEFT JOIN accounts_accountrevenueyear ly ON ly.account_id = a.id AND ly.year = %s "
        "LEFT JOIN accounts_accountrevenueyear ty ON ty.account_id = a.id AND ty.year = %s "
        f"WHERE {where} ORDER BY {order_by} LIMIT {PAGE_SIZE}"
    )
    owners = (
        "SELECT id, username, first_name, last_name FROM users_user "
        "WHERE role IN ('kam', 'head_of_kam') AND is_active ORDER BY last_name, first_name, username"
    )
    return [
        *who_is_asking(viewer, now),
        (f"SELECT COUNT(*) FROM accounts_account a WHERE {where}", params),
        (page, [year - 1, year, *params]),
        (owners, []),
    ]


def _group_tree(account_id: int, parent_id: int | None) -> list[Statement]:
    ancestors = (
        "WITH RECURSIVE up(id, parent_id, name, depth) AS ("
        "SELECT id, parent_id, name, 0 FROM accounts_account WHERE id = %s "
        "UNION ALL SELECT a.id, a.parent_id, a.name, up.depth + 1 FROM accounts_account a "
        "JOIN up ON a.id = up.parent_id WHERE up.depth < 20) SELECT id, name FROM up ORDER BY depth"
    )
    subsidiaries = (
        "WITH RECURSIVE down(id) AS (SELECT id FROM accounts_account WHERE parent_id = %s "
        "UNION SELECT a.id FROM accounts_account a JOIN down ON a.parent_id = down.id) "
        "SELECT a.id, a.name, a.parent_id, a.tier, a.city FROM accounts_account a JOIN down ON down.id = a.id"
    )
    revenue = (
        "WITH RECURSIVE grp(id) AS (SELECT id FROM accounts_account WHERE id = %s "
        "UNION SELECT a.id FROM accounts_account a JOIN grp ON a.parent_id = grp.id) "
        "SELECT r.year, SUM(CASE WHEN r.account_id = %s THEN r.net_revenue END), "
        "SUM(CASE WHEN r.account_id = %s THEN r.margin END), SUM(r.net_revenue) "
        "FROM accounts_accountrevenueyear r WHERE r.account_id IN (SELECT id FROM grp) GROUP BY r.year ORDER BY r.year"
    )
    statements = [(subsidiaries, [account_id]), (revenue, [account_id, account_id, account_id])]
    if parent_id is not None:
        statements.insert(0, (ancestors, [parent_id]))
    return statements


def _people(account_id: int) -> list[Statement]:
    contacts = (
        "SELECT id, first_name, last_name, function, buying_role, attitude, influence, last_contact_date, email, phone "
        "FROM contacts_contact WHERE account_id = %s ORDER BY last_name, first_name, id"
    )
    team = (
        "SELECT t.id, t.department, u.id, u.username, u.first_name, u.last_name FROM accounts_accountteammember t "
        "JOIN users_user u ON u.id = t.user_id WHERE t.account_id = %s ORDER BY t.department, u.last_name, u.first_name"
    )
    return [(contacts, [account_id]), (team, [account_id])]


def _revenue_facts(account_id: int, year: int) -> list[Statement]:
    lines = (
        f"SELECT pl.name, {_year_of('o.date')}, SUM(o.net_revenue) FROM orders_orderline o "
        "JOIN products_product p ON p.id = o.product_id JOIN products_productline pl ON pl.id = p.product_line_id "
        f"WHERE o.account_id = %s AND o.date >= %s AND o.date <= %s GROUP BY pl.name, {_year_of('o.date')}"
    )
    top = (
        "SELECT p.id, p.sku, p.name, pl.name, SUM(o.net_revenue) AS revenue, SUM(o.margin), SUM(o.quantity) "
        "FROM orders_orderline o JOIN products_product p ON p.id = o.product_id "
        "JOIN products_productline pl ON pl.id = p.product_line_id "
        "WHERE o.account_id = %s AND o.date >= %s GROUP BY p.id, p.sku, p.name, pl.name ORDER BY revenue DESC LIMIT 10"
    )
    first, last = datetime.date(year - 2, 1, 1), datetime.date(year, 12, 31)
    return [(lines, [account_id, first, last]), (top, [account_id, datetime.date(year - 1, 1, 1)])]


def _latest_changes(table: str, match: str, names: list[tuple[str, str, str]], linked: bool = False) -> str:
    """The 11 latest versions (10 shown, one more tells whether there are more) with who saved them,
    the version before each (to show what changed) and the names behind changed references:
    ``names`` are (column, table, name columns) of the foreign keys; ``linked``: whether each
    contact is still on the account (its entries link to it)."""
    previous = (
        f"(SELECT q.history_id FROM {table} q WHERE q.id = h.id AND q.history_date < h.history_date "
        "ORDER BY q.history_date DESC, q.history_id DESC LIMIT 1)"
    )
    columns, joins = ["h.*", "u.username", "u.first_name", "u.last_name", "p.*"], []
    for n, (column, other, shown) in enumerate(names):
        for version in ("h", "p"):
            alias = f"{version}{n}"
            columns += [f"{alias}.{name}" for name in shown.split()]
            joins.append(f"LEFT JOIN {other} {alias} ON {alias}.id = {version}.{column}")
    if linked:
        columns.append("c.id")
        joins.append("LEFT JOIN contacts_contact c ON c.id = h.id AND c.account_id = h.account_id")
    return (
        f"SELECT {', '.join(columns)} FROM (SELECT * FROM {table} WHERE {match} = %s "
        "ORDER BY history_date DESC, history_id DESC LIMIT 11) h "
        f"LEFT JOIN users_user u ON u.id = h.history_user_id LEFT JOIN {table} p ON p.history_id = {previous} "
        f"{' '.join(joins)} ORDER BY h.history_date DESC, h.history_id DESC"
    )


def account_history_section(viewer: Viewer, *, account_id: int, now: datetime.datetime) -> list[Statement]:
    """The 360° page's history section (loaded by the browser after the page): the account (access
    checked) and the latest changes of the account and of its contacts, each with the version before
    it and the names of changed references; contacts still on the account are linked."""
    where, params = _visible(viewer)
    owner = ("owner_id", "users_user", "first_name last_name username")
    parent = ("parent_id", "accounts_account", "name")
    account = ("account_id", "accounts_account", "name")
    reports_to = ("reports_to_id", "contacts_contact", "first_name last_name")
    return [
        *who_is_asking(viewer, now),
        (f"SELECT a.id FROM accounts_account a WHERE a.id = %s AND {where}", [account_id, *params]),
        (_latest_changes("accounts_historicalaccount", "id", [owner, parent]), [account_id]),
        (_latest_changes("contacts_historicalcontact", "account_id", [account, reports_to], True), [account_id]),
    ]


def account_360(
    viewer: Viewer, *, account_id: int, parent_id: int | None, year: int, now: datetime.datetime
) -> list[Statement]:
    """The 360° page: the account with owner and parent (access checked), its group, yearly revenue,
    contacts, team, revenue per product line and year and top products (the history section comes
    after the page: :func:`account_history_section`)."""
    where, params = _visible(viewer)
    account = (
        "SELECT a.*, o.username, o.first_name, o.last_name, p.name FROM accounts_account a "
        "LEFT JOIN users_user o ON o.id = a.owner_id LEFT JOIN accounts_account p ON p.id = a.parent_id "
        f"WHERE a.id = %s AND {where}"
    )
    return [
        *who_is_asking(viewer, now),
        (account, [account_id, *params]),
        *_group_tree(account_id, parent_id),
        *_people(account_id),
        *_revenue_facts(account_id, year),
    ]


def _month_of(column: str) -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS DATE)"
    return f"strftime('%%Y-%%m-01', {column})"


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class PlanFacts:
    """What the plan page's raw SQL needs to know beforehand: the plan, its account and parent, its
    period and the due dates of its goals on measured metrics (they widen the months read)."""

    plan_id: int
    account_id: int
    parent_id: int | None
    period_start: datetime.date
    period_end: datetime.date
    measured_goal_dues: tuple[datetime.date, ...]


def _plan_months(plan: PlanFacts, today: datetime.date) -> tuple[datetime.date, datetime.date, datetime.date]:
    """First month of the order lines read (four years of revenue, every measured goal's 12 months,
    24 months of whitespace), and the months of the forecast's monthly revenue (36 to the last complete)."""
    first = datetime.date(min(plan.period_start.year, today.year) - 3, 1, 1)
    for due in plan.measured_goal_dues:
        first = min(first, _add_months(min(today, due), -11))
    first = min(first, _add_months(today, -23))
    last_complete = _add_months(today, -1)
    return first, min(_add_months(last_complete, -35), plan.period_start.replace(day=1)), last_complete


def _units(viewer: Viewer) -> tuple[str, list[Any]]:
    """CTEs of the plan's units: ``grp`` the account and its subsidiaries at any depth, ``shown`` those
    the viewer may see (the page shows only these; figures count every unit)."""
    where, params = _visible(viewer)
    return (
        "WITH RECURSIVE grp(id) AS (SELECT a.id FROM accounts_account a WHERE a.id = %s "
        "UNION SELECT a.id FROM accounts_account a JOIN grp ON a.parent_id = grp.id), "
        f"shown AS (SELECT a.id, a.name, a.city, a.country FROM accounts_account a WHERE a.id IN (SELECT id FROM grp) "
        f"AND {where}) ",
        params,
    )


def _plan_people(viewer: Viewer, plan: PlanFacts) -> dict[str, Statement]:
    """The plan (access checked) with its account, their owners and the plan it started from; the
    group above, the units, the team and the contacts of the shown units with their relationship owner."""
    where, params = _visible(viewer)
    units, unit_params = _units(viewer)
    head = (
        "SELECT pl.*, a.name, a.owner_id, ao.first_name, ao.last_name, ao.username, "
        "po.first_name, po.last_name, po.username, b.period_start, b.period_end FROM plans_accountplan pl "
        "JOIN accounts_account a ON a.id = pl.account_id LEFT JOIN users_user ao ON ao.id = a.owner_id "
        "LEFT JOIN users_user po ON po.id = pl.owner_id LEFT JOIN plans_accountplan b ON b.id = pl.based_on_id "
        f"WHERE pl.id = %s AND {where}"
    )
    contacts = (
        "SELECT c.id, c.account_id, c.first_name, c.last_name, c.function, c.department, c.reports_to_id, "
        "c.buying_role, c.attitude, c.influence, c.relationship_owner_id, c.relationship_strength, "
        "c.last_contact_date, u.first_name, u.last_name, u.username FROM contacts_contact c "
        "LEFT JOIN users_user u ON u.id = c.relationship_owner_id WHERE c.account_id IN (SELECT id FROM shown) "
        "ORDER BY c.last_name, c.first_name, c.id"
    )
    team = (
        "SELECT t.id, t.department, u.first_name, u.last_name, u.username FROM accounts_accountteammember t "
        "JOIN users_user u ON u.id = t.user_id WHERE t.account_id = %s ORDER BY t.department, u.last_name"
    )
    parts = {
        "plan": (head, [plan.plan_id, *params]),
        "units": (units + "SELECT id, name, city, country FROM shown ORDER BY name", [plan.account_id, *unit_params]),
        "team": (team, [plan.account_id]),
        "contacts": (units + contacts, [plan.account_id, *unit_params]),
    }
    if plan.parent_id is not None:
        parts["ancestors"] = _group_tree(plan.account_id, plan.parent_id)[0]
    return parts


def _plan_figures(viewer: Viewer, plan: PlanFacts, today: datetime.date) -> dict[str, Statement]:
    """Revenue per unit, product line and month from the order lines of every unit; wallet estimates,
    product lines, whitespace entries of the shown units, monthly revenue for the forecast."""
    units, unit_params = _units(viewer)
    first, forecast_first, last_complete = _plan_months(plan, today)
    month = _month_of("o.date")
    cube = (
        f"SELECT o.account_id, p.product_line_id, {month}, SUM(o.net_revenue) FROM orders_orderline o "
        "JOIN products_product p ON p.id = o.product_id WHERE o.account_id IN (SELECT id FROM grp) "
        f"AND o.date >= %s AND o.date <= %s GROUP BY o.account_id, p.product_line_id, {month}"
    )
    monthly = (
        "SELECT m.month, SUM(m.net_revenue) FROM accounts_accountrevenuemonth m "
        "WHERE m.account_id IN (SELECT id FROM grp) AND m.month >= %s AND m.month <= %s GROUP BY m.month"
    )
    whitespace = (
        "SELECT w.account_id, w.product_line_id, w.status, w.competitor FROM plans_whitespaceentry w "
        "WHERE w.account_id IN (SELECT id FROM shown)"
    )
    return {
        "cube": (units + cube, [plan.account_id, *unit_params, first, today]),
        "wallet": (
            "SELECT product_line_id, year, estimated_spend FROM plans_walletestimate WHERE account_id = %s",
            [plan.account_id],
        ),
        "lines": ("SELECT id, code, name FROM products_productline ORDER BY name", []),
        "whitespace": (units + whitespace, [plan.account_id, *unit_params]),
        "monthly": (units + monthly, [plan.account_id, *unit_params, forecast_first, last_complete]),
    }


def _plan_content(plan: PlanFacts) -> dict[str, Statement]:
    """Goals, measures, risks and SWOT of the plan with the names they show; its review log and the
    approved versions of every plan of the account."""
    names = "u.first_name, u.last_name, u.username"
    return {
        "goals": (
            "SELECT g.*, l.name FROM plans_goal g LEFT JOIN products_productline l ON l.id = g.product_line_id "
            "WHERE g.plan_id = %s ORDER BY g.due_date, g.id",
            [plan.plan_id],
        ),
        "measures": (
            f"SELECT m.id, m.title, m.description, m.department, m.due_date, m.status, g.title, {names} "
            "FROM plans_measure m LEFT JOIN plans_goal g ON g.id = m.goal_id "
            "LEFT JOIN users_user u ON u.id = m.assignee_id WHERE m.plan_id = %s ORDER BY m.due_date, m.id",
            [plan.plan_id],
        ),
        "risks": (
            f"SELECT r.id, r.description, r.probability, r.impact, r.mitigation, {names} FROM plans_risk r "
            "LEFT JOIN users_user u ON u.id = r.owner_id WHERE r.plan_id = %s "
            "ORDER BY r.probability DESC, r.impact DESC, r.id",
            [plan.plan_id],
        ),
        "swot": ("SELECT id, kind, text FROM plans_swotitem WHERE plan_id = %s ORDER BY id", [plan.plan_id]),
        "reviews": (
            f"SELECT r.id, r.action, r.comment, r.created_at, r.reviewer_id, {names} FROM plans_planreview r "
            "LEFT JOIN users_user u ON u.id = r.reviewer_id WHERE r.plan_id = %s ORDER BY r.created_at DESC, r.id DESC",
            [plan.plan_id],
        ),
        "versions": (
            f"SELECT v.id, v.number, v.approved_at, p.id, p.period_start, p.period_end, {names} "
            "FROM plans_planversion v JOIN plans_accountplan p ON p.id = v.plan_id "
            "LEFT JOIN users_user u ON u.id = v.approved_by_id WHERE p.account_id = %s "
            "ORDER BY v.approved_at DESC, v.id DESC",
            [plan.account_id],
        ),
    }


def plan_page_parts(viewer: Viewer, plan: PlanFacts, *, today: datetime.date) -> dict[str, Statement]:
    """The plan page's statements by what they read (see :func:`plan_page`)."""
    return {**_plan_people(viewer, plan), **_plan_figures(viewer, plan, today), **_plan_content(plan)}


def plan_page(viewer: Viewer, plan: PlanFacts, *, today: datetime.date, now: datetime.datetime) -> list[Statement]:
    """The account plan page: the plan (access checked) with account, owners and the plan before; the
    group above, the units the viewer may see, team and contacts; revenue per unit, product line and
    month from the units' order lines, wallet estimates, product lines, whitespace entries, monthly
    revenue for the forecast; goals, measures, risks, SWOT, review log and versions."""
    return [*who_is_asking(viewer, now), *plan_page_parts(viewer, plan, today=today).values()]


def run(statements: list[Statement]) -> int:
    """Execute the statements with a plain cursor and fetch every row; returns the rows fetched."""
    from django.db import connection

    fetched = 0
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            fetched += len(cursor.fetchall())
    return fetched
