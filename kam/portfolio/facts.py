"""What the portfolio analysis needs to know about every account or group, read by aggregates.

A handful of grouped queries, none per account, all inside one transaction (so they see
the same data): money per account from the stored monthly revenue
(:class:`~kam.accounts.models.AccountRevenueMonth`), product lines bought from the order
lines of the period, buying-centre roles and contact recency from the contacts, ratings
and the account master data.

At group level every account counts for its top parent. Sums (revenue, margin, the
window's monthly total, earlier periods) are added up per group in Python from the
per-account sums; the sum of squares of monthly revenue is not additive, so it is
summed per (group, month) in SQL, for the accounts of groups with subsidiaries only,
through a temporary table mapping each of them to its group.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from kam.accounts.models import Account, AccountRevenueMonth
from kam.contacts.choices import BuyingRole
from kam.contacts.models import Contact
from kam.core.importing.staging import staging_table, staging_writer
from kam.orders.models import OrderLine
from kam.portfolio.analysis import AccountFacts
from kam.portfolio.choices import Basis, Level
from kam.portfolio.models import CriterionRating
from kam.products.models import Product, ProductLine

ROLE_BITS = {role.value: 1 << i for i, role in enumerate(BuyingRole)}
UNIT_TABLE = "kam_portfolio_unit"
# Grouped aggregates over some hundred thousand rows: enough memory to hash them (PostgreSQL).
WORK_MEM = "128MB"
MONEY_COLUMNS = ("revenue", "margin", "total", "squares", "previous", "three_years")


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


def _date(day: dt.date) -> Any:
    return connection.ops.adapt_datefield_value(day)


def _rows(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def _between(column: str, pair: tuple[dt.date, dt.date]) -> tuple[str, list[Any]]:
    return f"{column} BETWEEN %s AND %s", [_date(pair[0]), _date(pair[1])]


# -- the queries -----------------------------------------------------------------------------------


def _range_sums(pair: tuple[dt.date, dt.date], sums: Sequence[str]) -> list[tuple[Any, ...]]:
    """(account, sums...) over one range of months (on SQLite read from the index by month alone)."""
    condition, params = _between("month", pair)
    columns = ", ".join(f"SUM({expression})" for expression in sums)
    return _rows(
        f"SELECT account_id, {columns} FROM {AccountRevenueMonth._meta.db_table} WHERE {condition} GROUP BY account_id",
        params,
    )


def _filtered_sums(windows: Windows, revenue: str, margin: str, square: str) -> list[tuple[Any, ...]]:
    """(account, the six sums of :data:`MONEY_COLUMNS`) in one pass over the months of all ranges."""
    wanted = [
        (windows.period, revenue),
        (windows.period, margin),
        (windows.window, revenue),
        (windows.window, square),
        (windows.previous, revenue),
        (windows.three_years, revenue),
    ]
    columns, params = [], []
    for pair, value in wanted:
        condition, values = _between("month", pair)
        columns.append(f"SUM({value}) FILTER (WHERE {condition})")
        params += values
    ranges = list(dict.fromkeys(pair for pair, _value in wanted))
    where = " OR ".join(_between("month", pair)[0] for pair in ranges)
    params += [_date(day) for pair in ranges for day in pair]
    return _rows(
        f"SELECT account_id, {', '.join(columns)} FROM {AccountRevenueMonth._meta.db_table} "
        f"WHERE {where} GROUP BY account_id",
        params,
    )


def money_per_account(windows: Windows) -> dict[int, list[float | None]]:
    """[revenue, margin, window total, window squares, previous, three years before] per account.

    On SQLite one grouped query per range of months (each a range scan of the index by
    month that covers the sums; filtered sums cost SQLite far more), on PostgreSQL one
    pass with filtered sums. A sum is None when the account has no month in its range.
    Summed as floating point numbers: the analysis takes floats, and exact decimal sums
    cost several times as much.
    """
    revenue, margin = "CAST(net_revenue AS DOUBLE PRECISION)", "CAST(margin AS DOUBLE PRECISION)"
    square = f"{revenue} * {revenue}"
    money: dict[int, list[float | None]] = {}

    def put(rows: list[tuple[Any, ...]], first: int) -> None:
        for account, *sums in rows:
            slots = money.get(account)
            if slots is None:
                slots = money[account] = [None] * len(MONEY_COLUMNS)
            slots[first : first + len(sums)] = sums

    if connection.vendor == "postgresql":
        # One pass with a filter per sum: PostgreSQL hashes it fast and returns one row per account.
        for account, *sums in _filtered_sums(windows, revenue, margin, square):
            money[account] = sums
        return money
    if windows.window == windows.period:
        put(_range_sums(windows.period, [revenue, margin, revenue, square]), 0)
    else:
        put(_range_sums(windows.period, [revenue, margin]), 0)
        put(_range_sums(windows.window, [revenue, square]), 2)
    put(_range_sums(windows.previous, [revenue]), 4)
    put(_range_sums(windows.three_years, [revenue]), 5)
    return money


def group_squares(windows: Windows) -> list[tuple[Any, ...]]:
    """(group, sum of squares of its monthly revenue in the window) for the groups in the unit table."""
    condition, params = _between("r.month", windows.window)
    return _rows(
        "SELECT unit, SUM(revenue * revenue) FROM ("
        "SELECT u.unit AS unit, r.month AS month, SUM(CAST(r.net_revenue AS DOUBLE PRECISION)) AS revenue "
        f"FROM {AccountRevenueMonth._meta.db_table} r JOIN {UNIT_TABLE} u ON u.id = r.account_id "
        f"WHERE {condition} GROUP BY u.unit, r.month) AS per_month GROUP BY unit",
        params,
    )


def lines_bought(windows: Windows, *, grouped: bool) -> list[tuple[Any, ...]]:
    """(account or group, product lines bought in the period); groups only for those in the unit table.

    The one fact read from the order lines of the period (with their products): a stored
    aggregate per account, product line and month would hold more rows than the months
    themselves, and rebuilding it after every large import costs far more than this query.
    """
    lines, products = OrderLine._meta.db_table, Product._meta.db_table
    start, end = windows.period[0], month_end(windows.period[1])
    params = [_date(start), _date(end)]
    if not grouped:
        return _rows(
            f"SELECT o.account_id, COUNT(DISTINCT p.product_line_id) FROM {lines} o "
            f"JOIN {products} p ON p.id = o.product_id WHERE o.date BETWEEN %s AND %s GROUP BY o.account_id",
            params,
        )
    # The few accounts of groups first, each one's lines by the (account, date) index: CROSS JOIN
    # fixes that order on SQLite (which otherwise reads every line of the period); PostgreSQL plans freely.
    return _rows(
        f"SELECT u.unit, COUNT(DISTINCT p.product_line_id) FROM {UNIT_TABLE} u CROSS JOIN {lines} o "
        f"JOIN {products} p ON p.id = o.product_id WHERE o.account_id = u.id AND o.date BETWEEN %s AND %s "
        "GROUP BY u.unit",
        params,
    )


def line_pairs(windows: Windows) -> list[tuple[Any, ...]]:
    """The distinct (account, product line) pairs of the order lines of the period."""
    start, end = windows.period[0], month_end(windows.period[1])
    return _rows(
        f"SELECT o.account_id, p.product_line_id FROM {OrderLine._meta.db_table} o "
        f"JOIN {Product._meta.db_table} p ON p.id = o.product_id WHERE o.date BETWEEN %s AND %s "
        "GROUP BY o.account_id, p.product_line_id",
        [_date(start), _date(end)],
    )


def contacts_per_account() -> list[tuple[Any, ...]]:
    """(account, buying-centre roles as a bit mask, latest contact date) per account with contacts."""
    bits = " ".join(f"WHEN '{role}' THEN {bit}" for role, bit in ROLE_BITS.items())
    combine = "BIT_OR" if connection.vendor == "postgresql" else "SUM(DISTINCT"
    close = ")" if connection.vendor == "postgresql" else "))"
    return _rows(
        f"SELECT account_id, {combine}(CASE buying_role {bits} ELSE 0 END{close}, MAX(last_contact_date) "
        f"FROM {Contact._meta.db_table} GROUP BY account_id"
    )


# -- units -----------------------------------------------------------------------------------------


@dataclass
class Units:
    """The analysed units: each account's unit (itself, or its group's top parent) and each unit's master data."""

    unit_of: dict[int, int]
    tier: dict[int, str]
    employees: dict[int, int | None]

    def grouped_members(self) -> list[tuple[int, int]]:
        """(account, group) for every account of a group with subsidiaries."""
        sizes: dict[int, int] = {}
        for unit in self.unit_of.values():
            sizes[unit] = sizes.get(unit, 0) + 1
        return [(pk, unit) for pk, unit in self.unit_of.items() if sizes[unit] > 1]


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
    """The accounts' units and the master data of every unit (at group level the top parent's tier,
    the employees of all its accounts added up)."""
    rows = _rows(f"SELECT id, parent_id, tier, employees FROM {Account._meta.db_table}")
    if level == Level.GROUP:
        unit_of = _top_parents({pk: parent for pk, parent, _tier, _employees in rows})
    else:
        unit_of = {pk: pk for pk, *_rest in rows}
    tier = {pk: account_tier for pk, _parent, account_tier, _employees in rows if unit_of[pk] == pk}
    employees: dict[int, int | None] = dict.fromkeys(tier)
    for pk, _parent, _tier, count in rows:
        if count is not None:
            unit = unit_of[pk]
            employees[unit] = (employees[unit] or 0) + count
    return Units(unit_of=unit_of, tier=tier, employees=employees)


@contextmanager
def unit_table(members: list[tuple[int, int]]) -> Iterator[None]:
    """A temporary table (id, unit) of the accounts of groups with subsidiaries."""
    with staging_table(UNIT_TABLE, (("id", "bigint PRIMARY KEY"), ("unit", "bigint"))):
        with staging_writer(UNIT_TABLE, ("id", "unit")) as writer:
            for row in members:
                writer.add(row)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {UNIT_TABLE}")
        yield


@contextmanager
def _enough_memory() -> Iterator[None]:
    """PostgreSQL: raise ``work_mem`` for the aggregates of this transaction, then restore it."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        (before,) = cursor.fetchone()
        cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('work_mem', %s, true)", [before])


# -- assembly --------------------------------------------------------------------------------------


@dataclass
class _Gathered:
    """Everything read, keyed by unit."""

    money: dict[int, list[float | None]]
    squares: dict[int, float]
    lines: dict[int, int]
    roles: dict[int, int]
    last_contact: dict[int, dt.date]
    ratings: dict[int, dict[str, int]]
    lines_total: int


def _money_by_unit(
    units: Units, per_account: dict[int, list[float | None]]
) -> tuple[dict[int, list[float | None]], dict[int, float]]:
    """Per-account sums added up per unit (the window's squares of single accounts as they are)."""
    if all(unit == account for account, unit in units.unit_of.items()):
        return per_account, {account: sums[3] or 0.0 for account, sums in per_account.items()}
    money: dict[int, list[float | None]] = {}
    squares: dict[int, float] = {}
    unit_of = units.unit_of
    for account, values in per_account.items():
        unit = unit_of.get(account)
        if unit is None:
            continue
        if unit == account:
            squares[unit] = values[3] or 0.0
        sums = money.get(unit)
        if sums is None:
            money[unit] = list(values)
        else:
            for i, value in enumerate(values):
                if value is not None:
                    total = sums[i]
                    sums[i] = value if total is None else total + value
    return money, squares


def _contacts_by_unit(units: Units, rows: list[tuple[Any, ...]]) -> tuple[dict[int, int], dict[int, dt.date]]:
    roles: dict[int, int] = {}
    last_contact: dict[int, dt.date] = {}
    unit_of = units.unit_of
    for account, mask, last in rows:
        unit = unit_of.get(account)
        if unit is None:
            continue
        roles[unit] = roles.get(unit, 0) | int(mask or 0)
        if last is not None:
            day = dt.date.fromisoformat(last) if isinstance(last, str) else last
            if unit not in last_contact or day > last_contact[unit]:
                last_contact[unit] = day
    return roles, last_contact


def _ratings_by_unit(units: Units) -> dict[int, dict[str, int]]:
    """A unit's rating of a criterion: its own; for a group whose top parent is unrated, the
    average of its rated accounts, rounded half up."""
    own: dict[int, dict[str, int]] = {}
    members: dict[tuple[int, str], list[int]] = {}
    for account, criterion, score in CriterionRating.objects.order_by().values_list("account_id", "criterion", "score"):
        unit = units.unit_of.get(account)
        if unit is None:
            continue
        if unit == account:
            own.setdefault(unit, {})[criterion] = score
        members.setdefault((unit, criterion), []).append(score)
    for (unit, criterion), scores in members.items():
        rated = own.setdefault(unit, {})
        if criterion not in rated:
            rated[criterion] = int(sum(scores) / len(scores) + 0.5)
    return own


def _lines_by_unit(units: Units, windows: Windows, grouped: bool) -> dict[int, int]:
    """Product lines bought in the period per unit.

    PostgreSQL hashes the distinct (account, product line) pairs of the period in one pass
    and they are counted per unit here; SQLite counts per account (and per group through
    the unit table, which the caller has filled) in SQL, as it would sort the pairs.
    """
    if connection.vendor != "postgresql":
        lines = {unit: int(count) for unit, count in lines_bought(windows, grouped=False)}
        if grouped:
            lines.update((unit, int(count)) for unit, count in lines_bought(windows, grouped=True))
        return lines
    bought: dict[int, set[int]] = {}
    unit_of = units.unit_of
    for account, line in line_pairs(windows):
        unit = unit_of.get(account)
        if unit is not None:
            bought.setdefault(unit, set()).add(line)
    return {unit: len(found) for unit, found in bought.items()}


def _gather(units: Units, windows: Windows, level: str) -> _Gathered:
    money, squares = _money_by_unit(units, money_per_account(windows))
    members = units.grouped_members() if level == Level.GROUP else []
    if members:
        with unit_table(members):
            squares.update((unit, float(value or 0)) for unit, value in group_squares(windows))
            lines = _lines_by_unit(units, windows, grouped=True)
    else:
        lines = _lines_by_unit(units, windows, grouped=False)
    roles, last_contact = _contacts_by_unit(units, contacts_per_account())
    return _Gathered(
        money=money,
        squares=squares,
        lines=lines,
        roles=roles,
        last_contact=last_contact,
        ratings=_ratings_by_unit(units),
        lines_total=ProductLine.objects.count(),
    )


def _assemble(units: Units, got: _Gathered, basis: str, as_of: dt.date) -> list[AccountFacts]:
    nothing: list[float | None] = [None] * len(MONEY_COLUMNS)
    role_sets: dict[int, frozenset[str]] = {}
    facts = []
    for key in sorted(units.tier):
        revenue, margin, total, _squares, previous, three_years = got.money.get(key, nothing)
        mask = got.roles.get(key, 0)
        roles = role_sets.get(mask)
        if roles is None:
            roles = role_sets[mask] = frozenset(role for role, bit in ROLE_BITS.items() if mask & bit)
        last = got.last_contact.get(key)
        facts.append(
            AccountFacts(
                key=key,
                tier=units.tier[key],
                value=(margin if basis == Basis.MARGIN else revenue) or 0.0,
                revenue=revenue or 0.0,
                margin=margin or 0.0,
                month_total=total or 0.0,
                month_squares=got.squares.get(key, 0.0),
                revenue_previous=previous,
                revenue_3y_ago=three_years,
                lines_bought=got.lines.get(key, 0),
                lines_total=got.lines_total,
                employees=units.employees[key],
                ratings=got.ratings.get(key, {}),
                roles_covered=roles,
                days_since_contact=None if last is None else max(0, (as_of - last).days),
            )
        )
    return facts


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
    to (default: the period's last day); a contact after it counts as on that day. Units
    come in account id order.
    """
    windows = Windows.of(period_start, period_end, months)
    with transaction.atomic(), _enough_memory():
        units = load_units(level)
        got = _gather(units, windows, level)
    return _assemble(units, got, basis, as_of or month_end(windows.period[1]))
