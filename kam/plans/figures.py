"""The revenue figures of a plan, read from the database with grouped queries.

Callers have checked access (see :mod:`kam.plans.selectors`). A plan covers its account and
all of its subsidiaries (the *units*). Two reads serve the whole plan page:

* :func:`sales_cube` — revenue per unit, product line and month from the units' order lines
  (``WHERE account_id IN (units) AND date BETWEEN …`` grouped in the database: the
  (account, date) index, never the order lines of other accounts);
* :func:`monthly_revenue` — the units' revenue per month from the stored monthly aggregate.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from kam.accounts.models import Account, AccountRevenueMonth
from kam.accounts.selectors import account_descendant_ids
from kam.orders.models import OrderLine

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


class MonthStart(TruncMonth):
    """The first day of the month, computed by SQLite itself (``strftime``) instead of by Django's
    Python function for every row (about two thirds of the cube's time on SQLite); elsewhere TruncMonth."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, tuple[Any, ...]]:
        sql, params = compiler.compile(self.lhs)
        return f"strftime('%%Y-%%m-01', {sql})", tuple(params)


def sales_cube(units: list[int], start: datetime.date, end: datetime.date) -> SalesCube:
    """One grouped read of the units' order lines from ``start``'s month to ``end``."""
    cube = SalesCube(month_start(start), month_start(end))
    rows = (
        OrderLine.objects.filter(account_id__in=units, date__gte=month_start(start), date__lte=end)
        .annotate(month=MonthStart("date"))
        .values_list("account_id", "product__product_line_id", "month")
        .annotate(revenue=Sum("net_revenue"))
        .order_by()
    )
    for unit, line, month, revenue in rows:
        key = (unit, line, month if isinstance(month, datetime.date) else datetime.date.fromisoformat(str(month)))
        cube.cells[key] = cube.cells.get(key, ZERO) + revenue
    return cube


def monthly_revenue(units: list[int], first: datetime.date, last: datetime.date) -> dict[datetime.date, Decimal]:
    """The units' revenue per month (first day) from ``first``'s month to ``last``'s, from the stored aggregate."""
    rows = (
        AccountRevenueMonth.objects.filter(account_id__in=units, month__gte=month_start(first), month__lte=last)
        .values_list("month")
        .annotate(revenue=Sum("net_revenue"))
        .order_by()
    )
    return dict(rows)
