"""The account 360° page's reads, written as SQL and read through ``Model.objects.raw`` or a cursor.

The page needs some seven reads of a few rows each (the account with its owner and parent,
contacts, team, yearly revenue, the product sales). Through the query builder each cost
0.5–1.5 ms of Python (building, compiling, ``select_related``, ``only``) for well under a
millisecond of SQL, more than the SQL the page needs. Here each is one hand-written
statement; ``raw()`` gives model instances with their fields converted as the ORM does,
the aggregates are converted as the ORM converts a ``Sum`` of a decimal column on each
database. Tests compare every read with the query builder's result.

Access: :func:`account` reads the account by id only; the caller applies the access rule
(``access.can_view_account``) to it. The other reads take the id of an account the caller
has checked.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.db import connection

from kam.accounts.models import Account, AccountRevenueYear, AccountTeamMember
from kam.contacts.models import Contact
from kam.core.raw_reads import instance, named_user, orm_decimal


def _sum(value: Any) -> decimal.Decimal | None:
    """A ``SUM`` of a decimal column as the ORM returns it (PostgreSQL: as read; SQLite: a float or int made exact)."""
    return None if value is None else orm_decimal(value)


ACCOUNT_COLUMNS = (
    "external_id, name, legal_form, parent_id, industry, employees, street, postal_code, city, country, "
    "website, tier, owner_id"
)


def account(pk: int) -> Account | None:
    """The account with what its 360° page shows of it: its editable fields, its owner's names, its parent's
    name and parent, and whether it has subsidiaries (``has_subsidiaries``, as ``account_get(flag_subsidiaries=True)``
    sets it); None if there is no such account. The caller applies the access rule."""
    columns = ", ".join(f"a.{name}" for name in ["id", *ACCOUNT_COLUMNS.split(", ")])
    sql = (
        f"SELECT {columns}, o.first_name AS o_first, o.last_name AS o_last, o.username AS o_user, "
        "p.name AS p_name, p.parent_id AS p_parent, "
        "EXISTS (SELECT 1 FROM accounts_account s WHERE s.parent_id = a.id) AS has_subsidiaries "
        "FROM accounts_account a LEFT JOIN users_user o ON o.id = a.owner_id "
        "LEFT JOIN accounts_account p ON p.id = a.parent_id WHERE a.id = %s"
    )
    found = list(Account.objects.raw(sql, [pk]))
    if not found:
        return None
    row: Any = found[0]
    row.owner = named_user(row.owner_id, row.o_first, row.o_last, row.o_user)
    row.parent = (
        None
        if row.parent_id is None
        else instance(Account, {"id": row.parent_id, "name": row.p_name, "parent_id": row.p_parent})
    )
    row.has_subsidiaries = bool(row.has_subsidiaries)
    for extra in ("o_first", "o_last", "o_user", "p_name", "p_parent"):
        delattr(row, extra)
    return row  # type: ignore[no-any-return]


def account_for_access(pk: int) -> Account | None:
    """The account with its id and owner only (what access and a history section need); None if missing."""
    found = list(Account.objects.raw("SELECT id, owner_id FROM accounts_account WHERE id = %s", [pk]))
    return found[0] if found else None


def contacts(account_id: int) -> list[Contact]:
    """The account's contacts by name, with what the 360° page's contact table shows."""
    sql = (
        "SELECT id, first_name, last_name, function, buying_role, attitude, influence, last_contact_date, email, "
        "phone, account_id FROM contacts_contact WHERE account_id = %s ORDER BY last_name, first_name, id"
    )
    return list(Contact.objects.raw(sql, [account_id]))


def team(account_id: int) -> list[AccountTeamMember]:
    """The account team by department and the members' names, each member's ``user`` holding the names only."""
    sql = (
        "SELECT t.id, t.account_id, t.department, t.user_id, u.first_name AS u_first, u.last_name AS u_last, "
        "u.username AS u_user FROM accounts_accountteammember t JOIN users_user u ON u.id = t.user_id "
        "WHERE t.account_id = %s ORDER BY t.department, u.last_name, u.first_name"
    )
    members: list[Any] = list(AccountTeamMember.objects.raw(sql, [account_id]))
    for member in members:
        member.user = named_user(member.user_id, member.u_first, member.u_last, member.u_user)
        del member.u_first, member.u_last, member.u_user
    return members


def revenue_years(account_ids: list[int]) -> list[dict[str, Any]]:
    """The stored yearly revenue of the accounts: account id, year, net revenue and margin."""
    marks = ", ".join(["%s"] * len(account_ids))
    sql = (
        "SELECT id, account_id, year, net_revenue, margin FROM accounts_accountrevenueyear "
        f"WHERE account_id IN ({marks})"
    )
    return [
        {"account_id": r.account_id, "year": r.year, "net_revenue": r.net_revenue, "margin": r.margin}
        for r in AccountRevenueYear.objects.raw(sql, account_ids)
    ]


def _year_of(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"EXTRACT(YEAR FROM {column})"
    return f"CAST(django_date_extract('year', {column}) AS INTEGER)"


def product_sales(account_id: int, since: datetime.date) -> list[dict[str, Any]]:
    """The account's revenue, margin and quantity per product and calendar year since ``since``
    (what ``selectors.account_product_sales`` reads)."""
    year = _year_of("o.date")
    sql = (
        f"SELECT o.product_id, p.sku, p.name, pl.name, {year}, SUM(o.net_revenue), SUM(o.margin), SUM(o.quantity) "
        "FROM orders_orderline o JOIN products_product p ON p.id = o.product_id "
        "JOIN products_productline pl ON pl.id = p.product_line_id "
        f"WHERE o.account_id = %s AND o.date >= %s GROUP BY o.product_id, p.sku, p.name, pl.name, {year}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [account_id, since])
        rows = cursor.fetchall()
    return [
        {
            "product_id": product_id,
            "product__sku": sku,
            "product__name": name,
            "product__product_line__name": line,
            "year": int(year_value),
            "revenue": _sum(revenue),
            "margin": _sum(margin),
            "quantity": _sum(quantity),
        }
        for product_id, sku, name, line, year_value, revenue, margin, quantity in rows
    ]
