"""What the portfolio analysis needs to know about every account or group, read in bulk.

Four reads, none per account, inside one transaction (so they see the same data): the
accounts (parent, tier), their packed monthly revenue, margin and product lines bought
(:class:`~kam.accounts.models.AccountRevenueSeries`, one row per account), the contacts
grouped per account (buying-centre roles, latest contact) and the ratings. Everything
else is numpy: sums over the period, the XYZ window and the earlier periods, squares of
monthly revenue, distinct product lines bought, all per unit (at group level the monthly
series of a group's accounts are added up first, so the squares are those of the group).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection, transaction

from kam.accounts.models import Account, AccountRevenueSeries
from kam.accounts.series import SeriesMatrix, month_number
from kam.contacts.models import Contact
from kam.portfolio.analysis import BUYING_ROLES, RATED_CRITERIA, FactColumns
from kam.portfolio.choices import Basis, Level
from kam.portfolio.models import CriterionRating
from kam.products.models import ProductLine

ROLE_BITS = {role: 1 << i for i, role in enumerate(BUYING_ROLES)}


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


@dataclass(frozen=True)
class Windows:
    """The month ranges a run reads (first days of months): the period, the XYZ window,
    the same months one and three years before."""

    period: tuple[dt.date, dt.date]
    window: tuple[dt.date, dt.date]
    previous: tuple[dt.date, dt.date]
    three_years: tuple[dt.date, dt.date]

    @classmethod
    def of(cls, period_start: dt.date, period_end: dt.date, months: int) -> Windows:
        """Month ranges for a period of whole months; the window is its last ``months`` months."""
        start, end = month_start(period_start), month_start(period_end)
        return cls(
            period=(start, end),
            window=(add_months(end, 1 - months), end),
            previous=(add_months(start, -12), add_months(end, -12)),
            three_years=(add_months(start, -36), add_months(end, -36)),
        )


def _rows(sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall()


def contacts_per_account() -> list[tuple[Any, ...]]:
    """(account, buying-centre roles as a bit mask, latest contact date) per account with contacts."""
    bits = " ".join(f"WHEN '{role}' THEN {bit}" for role, bit in ROLE_BITS.items())
    combine = "BIT_OR" if connection.vendor == "postgresql" else "SUM(DISTINCT"
    close = ")" if connection.vendor == "postgresql" else "))"
    return _rows(
        f"SELECT account_id, {combine}(CASE buying_role {bits} ELSE 0 END{close}, MAX(last_contact_date) "
        f"FROM {Contact._meta.db_table} GROUP BY account_id"
    )


def _binary_rows(sql: str) -> list[tuple[Any, ...]]:
    """Rows of a query without parameters; on PostgreSQL in the binary format, which hands
    ``bytea`` over as it is stored (the text format doubles it as hex, to be decoded again)."""
    if connection.vendor != "postgresql":
        return _rows(sql)
    import psycopg

    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, binary=True)
        return cursor.fetchall()


def _month_of(value: dt.date | str) -> int:
    """The running month number of a date as the database returns it (SQLite: ISO text)."""
    if isinstance(value, str):
        return int(value[:4]) * 12 + int(value[5:7]) - 1
    return month_number(value)


def _day(value: dt.date | str) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


# -- units -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Units:
    """The analysed units: their keys (ascending) and tiers, and each account's unit as an index into them."""

    keys: np.ndarray
    tiers: np.ndarray
    accounts: np.ndarray  # every account id, ascending
    unit_of_account: np.ndarray  # index into keys, per account

    def index(self, account_ids: np.ndarray) -> np.ndarray:
        """The unit index of each account id (−1 for ids that are not accounts)."""
        if not len(self.accounts):
            return np.full(len(account_ids), -1, dtype=np.int64)
        position = np.minimum(np.searchsorted(self.accounts, account_ids), len(self.accounts) - 1)
        return np.where(self.accounts[position] == account_ids, self.unit_of_account[position], -1)


def _top_parents(parent: dict[int, int | None]) -> dict[int, int]:
    """Each account's top parent (itself when it has none); a cycle stops at the account seen twice."""
    top: dict[int, int] = {}
    for pk in parent:
        chain: list[int] = []
        node = pk
        while node not in top:
            up = parent.get(node)
            if up is None or node in chain:
                break
            chain.append(node)
            node = up
        root = top.get(node, node)
        for member in (*chain, node):
            top.setdefault(member, root)
    return top


def load_units(level: str) -> Units:
    """Every account's unit: itself, or at group level its top parent (whose tier the group has)."""
    rows = _rows(f"SELECT id, parent_id, tier FROM {Account._meta.db_table} ORDER BY id")
    accounts = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    if level == Level.GROUP and any(row[1] is not None for row in rows):
        top = _top_parents({pk: parent for pk, parent, _tier in rows})
        tops = np.fromiter((top[pk] for pk, _parent, _tier in rows), dtype=np.int64, count=len(rows))
    else:
        tops = accounts
    is_unit = tops == accounts
    keys = accounts[is_unit]
    tiers = np.array([row[2] for row in rows], dtype=object)[is_unit]
    return Units(keys=keys, tiers=tiers, accounts=accounts, unit_of_account=np.searchsorted(keys, tops))


# -- facts -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Money:
    """Per unit: the monthly revenue and margin (units × months) and the product lines bought in the period."""

    origin: int
    revenue: np.ndarray
    margin: np.ndarray
    lines_bought: np.ndarray


def _money(units: Units, windows: Windows) -> _Money:
    """The packed series of every account, added up per unit."""
    table = AccountRevenueSeries._meta.db_table
    rows = _binary_rows(f"SELECT account_id, first_month, revenue, margin, lines FROM {table}")
    unit = units.index(np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows)))
    rows = [row for row, u in zip(rows, unit.tolist(), strict=True) if u >= 0]
    unit = unit[unit >= 0]
    matrix = SeriesMatrix.unpack([(_month_of(row[1]), row[2], row[3], row[4]) for row in rows])
    n = len(units.keys)
    first, last = (month_number(day) for day in windows.period)
    lines = matrix.lines_bought(unit, n, first, last)
    revenue, margin = np.zeros((n, matrix.revenue.shape[1])), np.zeros((n, matrix.revenue.shape[1]))
    if len(unit) == len(np.unique(unit)):
        revenue[unit], margin[unit] = matrix.revenue, matrix.margin
    else:
        np.add.at(revenue, unit, matrix.revenue)
        np.add.at(margin, unit, matrix.margin)
    return _Money(matrix.origin, revenue, margin, lines)


def _range(money: _Money, pair: tuple[dt.date, dt.date]) -> slice:
    width = money.revenue.shape[1]
    first, last = (month_number(day) - money.origin for day in pair)
    return slice(min(max(first, 0), width), min(max(last + 1, 0), width))


def _earlier(money: _Money, pair: tuple[dt.date, dt.date]) -> np.ndarray:
    """Revenue in an earlier range of months, NaN for units without revenue or margin in it."""
    columns = _range(money, pair)
    revenue = money.revenue[:, columns]
    seen = (revenue != 0).any(axis=1) | (money.margin[:, columns] != 0).any(axis=1)
    return np.where(seen, revenue.sum(axis=1), np.nan)


def _contacts(units: Units, as_of: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """Per unit: the buying-centre roles held by its contacts (bit mask) and the days since the latest contact."""
    rows = contacts_per_account()
    n = len(units.keys)
    roles = np.zeros(n, dtype=np.int64)
    latest = np.full(n, -1, dtype=np.int64)
    if rows:
        unit = units.index(np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows)))
        mask = np.fromiter((int(row[1] or 0) for row in rows), dtype=np.int64, count=len(rows))
        day = np.fromiter(
            (-1 if row[2] is None else _day(row[2]).toordinal() for row in rows), dtype=np.int64, count=len(rows)
        )
        ok = unit >= 0
        np.bitwise_or.at(roles, unit[ok], mask[ok])
        np.maximum.at(latest, unit[ok], day[ok])
    days = np.where(latest >= 0, np.maximum(as_of.toordinal() - latest, 0), -1).astype(float)
    return roles, np.where(days >= 0, days, np.nan)


def _ratings(units: Units) -> np.ndarray:
    """Per unit and rated criterion: its own rating; for a group whose top parent is unrated, the
    average of its rated accounts, rounded half up (NaN when nobody rated)."""
    rows = list(CriterionRating.objects.order_by().values_list("account_id", "criterion", "score"))
    ratings = np.full((len(units.keys), len(RATED_CRITERIA)), np.nan)
    if not rows:
        return ratings
    unit = units.index(np.array([row[0] for row in rows], dtype=np.int64))
    column = {criterion: i for i, criterion in enumerate(RATED_CRITERIA)}
    members: dict[tuple[int, int], list[int]] = {}
    for (account, criterion, score), u in zip(rows, unit.tolist(), strict=True):
        if u < 0 or criterion not in column:
            continue
        if units.keys[u] == account:
            ratings[u, column[criterion]] = score
        members.setdefault((u, column[criterion]), []).append(score)
    for (u, c), scores in members.items():
        if np.isnan(ratings[u, c]):
            ratings[u, c] = int(sum(scores) / len(scores) + 0.5)
    return ratings


def _columns(units: Units, money: _Money, windows: Windows, basis: str, as_of: dt.date) -> FactColumns:
    period, window = _range(money, windows.period), _range(money, windows.window)
    revenue = money.revenue[:, period].sum(axis=1)
    margin = money.margin[:, period].sum(axis=1)
    in_window = money.revenue[:, window]
    roles, days = _contacts(units, as_of)
    n = len(units.keys)
    unknown = np.full(n, np.nan)
    return FactColumns(
        keys=units.keys,
        tiers=units.tiers,
        value=margin if basis == Basis.MARGIN else revenue,
        revenue=revenue,
        margin=margin,
        month_total=in_window.sum(axis=1),
        month_squares=(in_window * in_window).sum(axis=1),
        revenue_previous=_earlier(money, windows.previous),
        revenue_3y_ago=_earlier(money, windows.three_years),
        lines_bought=money.lines_bought.astype(float),
        lines_total=np.full(n, float(ProductLine.objects.count())),
        ratings=_ratings(units),
        roles=roles,
        days_since_contact=days,
        share_of_wallet=unknown,
        nps=unknown,
    )


def collect_facts(
    *,
    period_start: dt.date,
    period_end: dt.date,
    basis: str,
    level: str,
    months: int = 12,
    as_of: dt.date | None = None,
) -> FactColumns:
    """The facts of every account (entity level) or corporate group (group level), as columns.

    The period is taken in whole months. ``as_of`` is the day contact recency is counted
    to (default: the period's last day); a contact after it counts as on that day. Units
    come in account id order.
    """
    windows = Windows.of(period_start, period_end, months)
    with transaction.atomic():
        units = load_units(level)
        money = _money(units, windows)
        return _columns(units, money, windows, basis, as_of or month_end(windows.period[1]))
