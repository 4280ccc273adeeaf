"""What the portfolio analysis needs to know about every account or group, read by aggregates.

A handful of grouped queries, none per account: money from the stored monthly revenue
(:class:`~kam.accounts.models.AccountRevenueMonth`), product lines bought from the order
lines of the period, buying-centre roles and contact recency from the contacts, ratings
and the account master data. At group level every account counts for its top parent:
the money is summed per (group, month) in SQL through a recursive CTE before the
monthly squares are taken; the small per-account facts are rolled up in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from kam.accounts.models import Account, AccountRevenueMonth
from kam.contacts.choices import BuyingRole
from kam.contacts.models import Contact
from kam.orders.models import OrderLine
from kam.portfolio.analysis import AccountFacts
from kam.portfolio.choices import Basis, Level
from kam.portfolio.models import CriterionRating
from kam.products.models import Product, ProductLine

ROLE_BITS = {role.value: 1 << i for i, role in enumerate(BuyingRole)}


def month_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after (negative: before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    return add_months(day, 1) - dt.timedelta(days=1)


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class Windows:
    """The month ranges a run reads: the period, the XYZ window, one and three years before."""

    period: tuple[dt.date, dt.date]
    window: tuple[dt.date, dt.date]
    previous: tuple[dt.date, dt.date]
    three_years: tuple[dt.date, dt.date]

    @classmethod
    def of(cls, period_start: dt.date, period_end: dt.date, months: int) -> Windows:
        """Month ranges (first days of months) for a period of whole months."""
        start, end = month_start(period_start), month_start(period_end)
        return cls(
            period=(start, end),
            window=(add_months(end, 1 - months), end),
            previous=(add_months(start, -12), add_months(end, -12)),
            three_years=(add_months(start, -36), add_months(end, -36)),
        )

    def ranges(self) -> list[tuple[dt.date, dt.date]]:
        return [self.period, self.window, self.previous, self.three_years]


@dataclass
class _Unit:
    """The facts of one unit while they are gathered."""

    tier: str
    employees: int | None = None
    money: tuple[Any, ...] = ()
    lines_bought: int = 0
    ratings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    root_ratings: dict[str, int] = field(default_factory=dict)
    roles: int = 0
    last_contact: dt.date | None = None


def _tree_cte() -> str:
    """``tree(id, root)``: every account with the top parent of its group."""
    table = Account._meta.db_table
    return (
        f"tree(id, root) AS (SELECT id, id FROM {table} WHERE parent_id IS NULL "
        f"UNION ALL SELECT a.id, tree.root FROM {table} a JOIN tree ON a.parent_id = tree.id)"
    )


def _date(day: dt.date) -> Any:
    return connection.ops.adapt_datefield_value(day)


def _money_sql(level: str, windows: Windows) -> tuple[str, list[Any]]:
    """Period revenue and margin, monthly sum and squares of the window, previous periods, per unit."""
    table = AccountRevenueMonth._meta.db_table
    ranges = windows.ranges()
    where = " OR ".join("month BETWEEN %s AND %s" for _ in ranges)
    where_params = [_date(day) for pair in ranges for day in pair]
    if level == Level.GROUP:
        monthly = (
            f"WITH RECURSIVE {_tree_cte()}, m AS (SELECT tree.root AS unit, r.month, "
            "SUM(r.net_revenue) AS rev, SUM(r.margin) AS mar "
            f"FROM {table} r JOIN tree ON tree.id = r.account_id WHERE {where.replace('month', 'r.month')} "
            "GROUP BY tree.root, r.month) "
        )
    else:
        monthly = (
            "WITH m AS (SELECT account_id AS unit, month, net_revenue AS rev, margin AS mar "
            f"FROM {table} WHERE {where}) "
        )
    inside = "CASE WHEN month BETWEEN %s AND %s THEN {value} END"
    columns = [
        inside.format(value="rev"),
        inside.format(value="mar"),
        inside.format(value="rev"),
        inside.format(value="rev * rev"),
        inside.format(value="rev"),
        inside.format(value="rev"),
    ]
    pairs = [windows.period, windows.period, windows.window, windows.window, windows.previous, windows.three_years]
    select = ", ".join(f"SUM({column})" for column in columns)
    params = [_date(day) for pair in pairs for day in pair]
    return monthly + f"SELECT unit, {select} FROM m GROUP BY unit", where_params + params


def _lines_sql(level: str, windows: Windows) -> tuple[str, list[Any]]:
    """Distinct product lines bought in the period, per unit (from the order lines)."""
    lines, products = OrderLine._meta.db_table, Product._meta.db_table
    start, end = windows.period[0], month_end(windows.period[1])
    if level == Level.GROUP:
        return (
            f"WITH RECURSIVE {_tree_cte()} SELECT tree.root, COUNT(DISTINCT p.product_line_id) "
            f"FROM {lines} o JOIN {products} p ON p.id = o.product_id JOIN tree ON tree.id = o.account_id "
            "WHERE o.date BETWEEN %s AND %s GROUP BY tree.root",
            [_date(start), _date(end)],
        )
    return (
        f"SELECT o.account_id, COUNT(DISTINCT p.product_line_id) "
        f"FROM {lines} o JOIN {products} p ON p.id = o.product_id "
        "WHERE o.date BETWEEN %s AND %s GROUP BY o.account_id",
        [_date(start), _date(end)],
    )


def _contacts_sql() -> str:
    """Buying-centre roles (as a bit mask) and the latest contact date, per account."""
    bits = " ".join(f"WHEN '{role}' THEN {bit}" for role, bit in ROLE_BITS.items())
    return (
        f"SELECT account_id, SUM(DISTINCT CASE buying_role {bits} ELSE 0 END), MAX(last_contact_date) "
        f"FROM {Contact._meta.db_table} GROUP BY account_id"
    )


def _rows(sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def _units(level: str) -> tuple[dict[int, _Unit], dict[int, int]]:
    """The analysed units (keyed by account id of the unit) and each account's unit."""
    accounts = list(Account.objects.order_by().values_list("pk", "parent_id", "tier", "employees"))
    parent = {pk: parent_id for pk, parent_id, _tier, _employees in accounts}
    unit_of: dict[int, int] = {}
    for pk in parent:
        if level != Level.GROUP:
            unit_of[pk] = pk
            continue
        chain, node = [], pk
        while node not in unit_of:
            up = parent.get(node)
            if up is None or node in chain:
                break
            chain.append(node)
            node = up
        root = unit_of.get(node, node)
        for member in [*chain, node]:
            unit_of.setdefault(member, root)
    units = {pk: _Unit(tier=tier) for pk, parent_id, tier, _e in accounts if unit_of[pk] == pk}
    for pk, _parent_id, _tier, employees in accounts:
        unit = units.get(unit_of[pk])
        if unit is not None and employees is not None:
            unit.employees = (unit.employees or 0) + employees
    return units, unit_of


def _fill_contacts(units: dict[int, _Unit], unit_of: dict[int, int]) -> None:
    for account_id, roles, last in _rows(_contacts_sql()):
        unit = units.get(unit_of.get(account_id, -1))
        if unit is None:
            continue
        unit.roles |= int(roles or 0)
        if isinstance(last, str):
            last = dt.date.fromisoformat(last)
        if last is not None and (unit.last_contact is None or last > unit.last_contact):
            unit.last_contact = last


def _fill_ratings(units: dict[int, _Unit], unit_of: dict[int, int]) -> None:
    """A unit's rating: its own; for a group whose top parent is unrated, the members' average."""
    for account_id, criterion, score in CriterionRating.objects.order_by().values_list(
        "account_id", "criterion", "score"
    ):
        unit_id = unit_of.get(account_id)
        unit = units.get(unit_id) if unit_id is not None else None
        if unit is None:
            continue
        if account_id == unit_id:
            unit.root_ratings[criterion] = score
        unit.ratings[criterion].append(score)


def _ratings(unit: _Unit) -> dict[str, int]:
    result = dict(unit.root_ratings)
    for criterion, scores in unit.ratings.items():
        if criterion not in result:
            result[criterion] = int(sum(scores) / len(scores) + 0.5)
    return result


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _facts(key: int, unit: _Unit, basis: str, lines_total: int, as_of: dt.date) -> AccountFacts:
    revenue, margin, month_total, month_squares, previous, three_years = unit.money or (None,) * 6
    roles = frozenset(role for role, bit in ROLE_BITS.items() if unit.roles & bit)
    return AccountFacts(
        key=key,
        tier=unit.tier,
        value=float((margin if basis == Basis.MARGIN else revenue) or 0),
        revenue=float(revenue or 0),
        margin=float(margin or 0),
        month_total=float(month_total or 0),
        month_squares=float(month_squares or 0),
        revenue_previous=_number(previous),
        revenue_3y_ago=_number(three_years),
        lines_bought=unit.lines_bought,
        lines_total=lines_total,
        employees=unit.employees,
        ratings=_ratings(unit),
        roles_covered=roles,
        days_since_contact=None if unit.last_contact is None else max(0, (as_of - unit.last_contact).days),
    )


def collect_facts(
    *,
    period_start: dt.date,
    period_end: dt.date,
    basis: str,
    level: str,
    months: int = 12,
    as_of: dt.date | None = None,
) -> list[AccountFacts]:
    """One :class:`AccountFacts` per account (entity level) or per corporate group (group level).

    The period is taken in whole months. ``as_of`` is the day contact recency is counted
    to (default: the period's end). Units come in account id order.
    """
    windows = Windows.of(period_start, period_end, months)
    units, unit_of = _units(level)
    for key, *money in _rows(*_money_sql(level, windows)):
        if key in units:
            units[key].money = tuple(money)
    for key, count in _rows(*_lines_sql(level, windows)):
        if key in units:
            units[key].lines_bought = int(count)
    _fill_contacts(units, unit_of)
    _fill_ratings(units, unit_of)
    lines_total = ProductLine.objects.count()
    day = as_of or month_end(windows.period[1])
    return [_facts(key, units[key], basis, lines_total, day) for key in sorted(units)]
