"""Writes on accounts, their team and their stored revenue aggregates."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from kam.accounts import series
from kam.accounts.choices import Tier, TierChangeSource
from kam.accounts.models import (
    Account,
    AccountRevenueMonth,
    AccountRevenueSeries,
    AccountRevenueYear,
    AccountTeamMember,
    TierChange,
)
from kam.core.sql import month_number_sql, month_start_sql
from kam.users.choices import Department
from kam.users.models import User

ACCOUNT_EDITABLE_FIELDS = (
    "external_id",
    "name",
    "legal_form",
    "parent",
    "industry",
    "employees",
    "street",
    "postal_code",
    "city",
    "country",
    "website",
    "tier",
    "owner",
)


def _check_parent(account: Account, parent: Account | None) -> None:
    """Refuse a parent that would make the group structure a cycle."""
    seen: set[int] = set()
    node = parent
    while node is not None:
        if account.pk is not None and node.pk == account.pk:
            raise ValidationError({"parent": _("An account cannot be its own parent or ancestor.")})
        if node.pk in seen:
            break
        seen.add(node.pk)
        node = node.parent


@transaction.atomic
def account_create(*, name: str, **fields: Any) -> Account:
    """Create an account; fields are validated as in the form."""
    unknown = set(fields) - set(ACCOUNT_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown account fields: {sorted(unknown)}")
    account = Account(name=name, **fields)
    account.full_clean()
    account.save()
    return account


@transaction.atomic
def account_update(*, account: Account, changed_by: User | None = None, **fields: Any) -> Account:
    """Change an account's master data; a history record is written for the change.

    A changed tier is also logged as a :class:`TierChange` by ``changed_by``.
    """
    unknown = set(fields) - set(ACCOUNT_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown account fields: {sorted(unknown)}")
    if "parent" in fields:
        _check_parent(account, fields["parent"])
    old_tier = account.tier
    for key, value in fields.items():
        setattr(account, key, value)
    _save_logging_tier(account=account, old_tier=old_tier, changed_by=changed_by, source=TierChangeSource.MANUAL)
    return account


def _save_logging_tier(
    *, account: Account, old_tier: str, changed_by: User | None, source: TierChangeSource | str, comment: str = ""
) -> TierChange | None:
    """Validate and save the account; log a :class:`TierChange` when its tier is no longer ``old_tier``."""
    account.full_clean()
    account.save()
    if account.tier == old_tier:
        return None
    return TierChange.objects.create(
        account=account,
        old_tier=old_tier,
        new_tier=account.tier,
        changed_by=changed_by,
        source=source,
        comment=comment,
    )


@transaction.atomic
def account_tier_change(
    *,
    account: Account,
    tier: Tier | str,
    changed_by: User | None,
    source: TierChangeSource | str,
    comment: str = "",
    owner: User | None = None,
) -> TierChange | None:
    """Set an account's tier (and optionally its owner) and log the change with its reason.

    Returns the logged change, or None when the tier stays the same (an owner given is
    still assigned).
    """
    if tier not in Tier.values:
        raise ValidationError({"tier": _("Unknown tier.")})
    old_tier = account.tier
    account.tier = tier
    if owner is not None:
        account.owner = owner
    return _save_logging_tier(account=account, old_tier=old_tier, changed_by=changed_by, source=source, comment=comment)


@transaction.atomic
def account_delete(*, account: Account) -> None:
    """Delete an account without order lines or subsidiaries (those are protected)."""
    account.delete()


@transaction.atomic
def account_team_member_add(*, account: Account, user: User, department: Department | str) -> AccountTeamMember:
    """Put ``user`` on the account team in a department role (or change their role)."""
    member, _created = AccountTeamMember.objects.update_or_create(
        account=account, user=user, defaults={"department": department}
    )
    member.full_clean()
    return member


@transaction.atomic
def account_team_member_remove(*, account: Account, user: User) -> None:
    """Take ``user`` off the account team."""
    AccountTeamMember.objects.filter(account=account, user=user).delete()


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _summary_statements(*, everything: bool) -> list[tuple[str, str]]:
    """(DELETE, INSERT … SELECT) pairs: the months from the order lines (the one pass over
    them), the years from the months. Each has a ``{where}`` slot for the accounts' condition
    (empty for all); rows go in in key order, so that the indexes take them in order.
    """
    months, years = AccountRevenueMonth._meta.db_table, AccountRevenueYear._meta.db_table
    month = month_start_sql("date")
    if connection.vendor == "sqlite":
        year = "CAST(substr(month, 1, 4) AS INTEGER)"
    else:
        year = "CAST(EXTRACT(YEAR FROM month) AS INTEGER)"
    # All months go: TRUNCATE on PostgreSQL, which also empties the primary key index (a DELETE
    # would leave every old key in it for the new rows' uniqueness checks to wade through).
    # It locks the table until the commit; only the portfolio refresh reads it.
    clear_all = f"TRUNCATE {months}" if connection.vendor == "postgresql" else f"DELETE FROM {months}"
    return [
        (
            clear_all if everything else f"DELETE FROM {months} {{where}}",
            f"INSERT INTO {months} (account_id, month, net_revenue, margin, order_lines) "
            f"SELECT account_id, {month}, SUM(net_revenue), SUM(margin), COUNT(*) "
            f"FROM orders_orderline {{where}} GROUP BY account_id, {month} ORDER BY account_id, {month}",
        ),
        (
            f"DELETE FROM {years} {{where}}",
            f"INSERT INTO {years} (account_id, year, net_revenue, margin, order_lines) "
            f"SELECT account_id, {year}, SUM(net_revenue), SUM(margin), SUM(order_lines) "
            f"FROM {months} {{where}} GROUP BY account_id, {year} ORDER BY account_id, {year}",
        ),
    ]


@contextmanager
def _room_to_aggregate() -> Iterator[None]:
    """Memory for grouping millions of order lines: PostgreSQL's ``work_mem`` for this transaction,
    SQLite's page cache (both restored afterwards)."""
    setting = {
        "postgresql": ("SHOW work_mem", "SET LOCAL work_mem = %s", "'256MB'"),
        "sqlite": ("PRAGMA cache_size", "PRAGMA cache_size = %s", "-262144"),
    }.get(connection.vendor)
    if setting is None:
        yield
        return
    show, assign, wanted = setting
    with connection.cursor() as cursor:
        cursor.execute(show)
        (before,) = cursor.fetchone()
        cursor.execute(assign % wanted)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            restored = f"'{before}'" if connection.vendor == "postgresql" else str(int(before))
            cursor.execute(assign % restored)


def _account_batches(account_ids: Iterable[int] | None) -> list[tuple[str, list[Any]]]:
    """(WHERE clause on account_id, parameters) batches covering the accounts (one empty clause for all)."""
    if account_ids is None:
        return [("", [])]
    if connection.vendor == "postgresql":
        # One array parameter: a single index-driven pass however many accounts changed.
        return [("WHERE account_id = ANY(%s)", [sorted(set(account_ids))])]
    return [
        (f"WHERE account_id IN ({', '.join(['%s'] * len(chunk))})", chunk)
        for chunk in _chunks(sorted(set(account_ids)))
    ]


@transaction.atomic
def revenue_summary_refresh(*, account_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored monthly and yearly revenue of the given accounts (all when None).

    Runs as SQL in the database: the months are summed from the order lines (one grouped
    INSERT … SELECT), the years from the months (far fewer rows than order lines). Then
    the packed series the portfolio analysis reads are rebuilt from the months. Returns
    the yearly rows written.
    """
    batches = _account_batches(account_ids)
    written = 0
    with _room_to_aggregate(), connection.cursor() as cursor:
        for where, params in batches:
            for delete, insert in _summary_statements(everything=account_ids is None):
                cursor.execute(delete.format(where=where), params)
                cursor.execute(insert.format(where=where), params)
            written += cursor.rowcount
        for where, params in batches:
            _series_rebuild(cursor, where, params, everything=account_ids is None)
    return written


@transaction.atomic
def revenue_series_refresh(*, account_ids: Iterable[int] | None = None) -> None:
    """Rebuild the packed monthly series of the given accounts (all when None) from the stored
    months and the order lines: after products moved to another product line."""
    with _room_to_aggregate(), connection.cursor() as cursor:
        for where, params in _account_batches(account_ids):
            _series_rebuild(cursor, where, params, everything=account_ids is None)


def _series_rebuild(cursor: Any, where: str, params: list[Any], *, everything: bool) -> None:
    """Pack the months just summed and the product lines bought per month into one row per account."""
    table = AccountRevenueSeries._meta.db_table
    cursor.execute(
        f"SELECT account_id, {month_number_sql('month')}, CAST(net_revenue AS DOUBLE PRECISION), "
        f"CAST(margin AS DOUBLE PRECISION) FROM {AccountRevenueMonth._meta.db_table} {where}",
        params,
    )
    months = tuple(zip(*cursor.fetchall(), strict=True)) or ((), (), (), ())
    condition = where.replace("account_id", "o.account_id").replace("WHERE", "AND")
    month = month_number_sql("o.date")
    cursor.execute(
        f"SELECT o.account_id, p.product_line_id, {month} FROM orders_orderline o "
        f"JOIN products_product p ON p.id = o.product_id WHERE p.product_line_id IS NOT NULL {condition} "
        f"GROUP BY o.account_id, p.product_line_id, {month}",
        params,
    )
    lines = tuple(zip(*cursor.fetchall(), strict=True)) or ((), (), ())
    packed = series.pack_series(months, lines)  # type: ignore[arg-type]
    cursor.execute(f"DELETE FROM {table}" if everything else f"DELETE FROM {table} {where}", params)
    rows = [
        (
            p.account,
            connection.ops.adapt_datefield_value(series.month_date(p.first_month)),
            p.revenue,
            p.margin,
            p.lines,
        )
        for p in packed
    ]
    for start in range(0, len(rows), 5000):
        cursor.executemany(
            f"INSERT INTO {table} (account_id, first_month, revenue, margin, lines) VALUES (%s, %s, %s, %s, %s)",
            rows[start : start + 5000],
        )
