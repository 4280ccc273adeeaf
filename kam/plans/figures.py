"""The revenue figures of a plan, read from the database with grouped queries.

Callers have checked access (see :mod:`kam.plans.selectors`). A plan covers its account and
all of its subsidiaries (the *units*). Two reads serve the whole plan page:

* :func:`sales_cube` — revenue per unit, product line and month from the units' order lines
  (``WHERE account_id IN (units) AND date BETWEEN …`` grouped in the database: the
  (account, date) index, never the order lines of other accounts);
* :func:`monthly_revenue` — the units' revenue per month from the stored monthly aggregate.

Both are hand-written SQL for SQLite and PostgreSQL (the month of a date is the only part that
differs); the amounts come back as the ORM would give them (Decimals, on SQLite with its 15
significant digits).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection

from kam.accounts.models import Account
from kam.accounts.selectors import account_descendant_ids
from kam.core.raw_reads import orm_decimal
from kam.core.sql import month_start_sql

ZERO = Decimal("0.00")
#: Months of order lines that decide whether a unit "bought" a product line (whitespace grid).
WHITESPACE_MONTHS = 24


def month_start(day: datetime.date) -> datetime.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` after ``day``'s month (negative: before)."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(day: datetime.date) -> datetime.date:
    """The last day of ``day``'s month."""
    return add_months(day, 1) - datetime.timedelta(days=1)


def next_period(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period right after ``start``…``end``, of the same number of months (from the day after ``end``)."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    following = end + datetime.timedelta(days=1)
    return following, add_months(following, months) - datetime.timedelta(days=1)


def unit_ids(account: Account) -> list[int]:
    """The account and all of its subsidiaries at any depth."""
    return [account.pk, *account_descendant_ids(account=account)]


@dataclass
class SalesCube:
    """Revenue per (unit, product line, first day of month) between ``start`` and ``end``."""

    start: datetime.date
    end: datetime.date
    cells: dict[tuple[int, int, datetime.date], Decimal] = field(default_factory=dict)

    def covers(self, start: datetime.date, end: datetime.date) -> bool:
        return self.start <= start and end <= self.end

    def total(
        self,
        start: datetime.date,
        end: datetime.date,
        *,
        product_line: int | None = None,
        lines: Iterable[int] | None = None,
    ) -> Decimal:
        """Revenue of the months from ``start`` to ``end`` (month granularity), one line, some or all."""
        first, last = month_start(start), month_start(end)
        wanted = None if lines is None else set(lines)
        total = ZERO
        for (_unit, line, month), value in self.cells.items():
            in_window = first <= month <= last
            if in_window and (product_line is None or line == product_line) and (wanted is None or line in wanted):
                total += value
        return total

    def by_line_and_year(self) -> dict[tuple[int, int], Decimal]:
        out: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
        for (_unit, line, month), value in self.cells.items():
            out[line, month.year] += value
        return dict(out)

    def by_unit_and_line(self, start: datetime.date, end: datetime.date) -> dict[tuple[int, int], Decimal]:
        first, last = month_start(start), month_start(end)
        out: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
        for (unit, line, month), value in self.cells.items():
            if first <= month <= last:
                out[unit, line] += value
        return dict(out)


def _date(value: Any) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])


def _in(values: list[int]) -> str:
    return ", ".join(["%s"] * len(values))


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# The plan pages read the cube and the monthly revenue on every request: two grouped statements
# written by hand (the query builder cost more than the SQL for the small accounts).


def sales_cube(units: list[int], start: datetime.date, end: datetime.date) -> SalesCube:
    """One grouped read of the units' order lines from ``start``'s month to ``end``."""
    cube = SalesCube(month_start(start), month_start(end))
    if not units:
        return cube
    sql = (
        f"SELECT o.account_id, p.product_line_id, {month_start_sql('o.date')}, "
        f"{'CAST(SUM(o.net_revenue) AS NUMERIC)' if connection.vendor == 'sqlite' else 'SUM(o.net_revenue)'} "
        "FROM orders_orderline o JOIN products_product p ON p.id = o.product_id "
        f"WHERE o.account_id IN ({_in(units)}) AND o.date >= %s AND o.date <= %s GROUP BY 1, 2, 3"
    )
    for unit, line, month, revenue in _rows(sql, [*units, month_start(start), end]):
        key = (unit, line, _date(month))
        cube.cells[key] = cube.cells.get(key, ZERO) + orm_decimal(revenue)
    return cube


def monthly_revenue(units: list[int], first: datetime.date, last: datetime.date) -> dict[datetime.date, Decimal]:
    """The units' revenue per month (first day) from ``first``'s month to ``last``'s, from the stored aggregate."""
    if not units:
        return {}
    total = "CAST(SUM(net_revenue) AS NUMERIC)" if connection.vendor == "sqlite" else "SUM(net_revenue)"
    sql = (
        f"SELECT month, {total} FROM accounts_accountrevenuemonth "
        f"WHERE account_id IN ({_in(units)}) AND month >= %s AND month <= %s GROUP BY month"
    )
    return {_date(month): orm_decimal(revenue) for month, revenue in _rows(sql, [*units, month_start(first), last])}
