"""The account list's reads when no filter is set, written as SQL and run on a plain cursor.

Without a filter the list is every account the user may see in its default order (name,
then id). Through the query builder the count and the page of 50 cost some 3 ms of Python
(the filter set, the access subquery, annotations, compiling twice) for about as much SQL.
Here the count and the page are one hand-written statement each, the access rule written
as SQL by ``access.visible_ids_sql``; the rows are the dicts
``selectors.account_list(…).values(*ROW_VALUES)`` gives, revenue converted as the ORM
converts it. Filtered or otherwise sorted lists keep the query builder's path. Tests
compare both reads with the query builder's result for every role.

The filter bar of the unfiltered list depends only on the language, the path and the owner
choices: :func:`unfiltered_filter_bar` reads the owner rows with one statement and renders
the bar once per (language, path, owner rows).
"""

from __future__ import annotations

import decimal
import functools
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db import connection
from django.http import HttpRequest, QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from kam.accounts.access import visible_ids_sql
from kam.accounts.account_rows import ROW_VALUES
from kam.accounts.filters import AccountFilter
from kam.accounts.models import Account
from kam.core.filter_bar import filter_bar
from kam.core.pagination import PAGE_SIZE
from kam.core.raw_reads import orm_decimal
from kam.users.choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User

ZERO = decimal.Decimal("0.00")
PAGE_COLUMNS = (
    "a.id, a.name, a.city, a.country, a.industry, a.tier, a.owner_id, o.first_name, o.last_name, o.username, "
    "a.parent_id, p.name"
)


def _revenue(alias: str) -> str:
    """A year's revenue or 0.00; on SQLite cast to NUMERIC as Django casts a decimal ``Coalesce`` there."""
    revenue = f"COALESCE({alias}.net_revenue, %s)"
    return f"CAST({revenue} AS NUMERIC)" if connection.vendor == "sqlite" else revenue


def unfiltered(request: HttpRequest) -> bool:
    """Whether the list request sets no filter and no ordering (only ``page``, if anything)."""
    return all(key == "page" for key in request.GET)


class VisibleAccountRows:
    """The accounts ``user`` may see, by name and id, as Django's ``Paginator`` reads a list:
    ``count()`` and a slice (one page), each one statement."""

    ordered = True

    def __init__(self, user: User | AnonymousUser, year: int) -> None:
        self.year = year
        self.access = visible_ids_sql(user, "a.id")

    def _where(self) -> tuple[str, list[Any]]:
        if self.access is None:
            return "", []
        condition, params = self.access
        return f" WHERE {condition}", params

    def count(self) -> int:
        """How many accounts the user may see."""
        where, params = self._where()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM accounts_account a{where}", params)
            return int(cursor.fetchone()[0])

    def __getitem__(self, rows: slice) -> list[dict[str, Any]]:
        """The rows ``rows.start`` to ``rows.stop`` (exclusive) as ``values(*ROW_VALUES)`` dicts."""
        start, stop = rows.start or 0, rows.stop
        if stop is not None and stop <= start:
            return []
        where, params = self._where()
        limit = "" if stop is None else f" LIMIT {int(stop) - int(start)}"
        sql = (
            f"SELECT {PAGE_COLUMNS}, {_revenue('ly')}, {_revenue('ty')} FROM accounts_account a "
            "LEFT JOIN users_user o ON o.id = a.owner_id LEFT JOIN accounts_account p ON p.id = a.parent_id "
            "LEFT JOIN accounts_accountrevenueyear ly ON ly.account_id = a.id AND ly.year = %s "
            "LEFT JOIN accounts_accountrevenueyear ty ON ty.account_id = a.id AND ty.year = %s"
            f"{where} ORDER BY a.name, a.id{limit} OFFSET {int(start)}"
        )
        if stop is None and connection.vendor == "sqlite":
            sql = sql.replace(" OFFSET", " LIMIT -1 OFFSET")
        with connection.cursor() as cursor:
            cursor.execute(sql, [ZERO, ZERO, self.year - 1, self.year, *params])
            found = cursor.fetchall()
        return [_row(values) for values in found]


def visible_page(request: HttpRequest, year: int) -> Page[dict[str, Any]]:
    """The requested page (``?page=N``, as ``core.pagination.paginate`` reads it) of the accounts
    the user may see, by name."""
    rows: Any = VisibleAccountRows(request.user, year)  # count() and slices: all Paginator uses
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _row(values: tuple[Any, ...]) -> dict[str, Any]:
    row = dict(zip(ROW_VALUES, values, strict=True))
    row["revenue_last_year"] = orm_decimal(row["revenue_last_year"])
    row["revenue_this_year"] = orm_decimal(row["revenue_this_year"])
    return row


OwnerRow = tuple[int, str, str, str]


def owner_rows() -> tuple[OwnerRow, ...]:
    """The owner filter's choices (active KAMs and heads of KAM) as the filter orders them:
    id, first name, last name, username."""
    sql = (
        "SELECT id, first_name, last_name, username FROM users_user "
        "WHERE role IN (%s, %s) AND is_active ORDER BY last_name, first_name, username"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [Role.KAM.value, Role.HEAD_OF_KAM.value])
        return tuple((int(pk), first, last, user) for pk, first, last, user in cursor.fetchall())


@functools.lru_cache(maxsize=32)
def _bar(language: str | None, path: str, fields: str, owners: tuple[OwnerRow, ...]) -> SafeString:
    """The bar without any value set, its owner options made of ``owners``: what ``filter_bar``
    renders for an ``AccountFilter`` on ``path`` with no parameters in ``language``."""
    request = HttpRequest()
    request.path = path
    request.GET = QueryDict()
    filterset = AccountFilter(request.GET, queryset=Account.objects.none(), request=request)
    form = filterset.form
    owner_field = form.fields["owner"]
    label = owner_field.label_from_values  # type: ignore[attr-defined]
    form.fields["owner"] = forms.ChoiceField(
        choices=[(pk, label(first, last, user)) for pk, first, last, user in owners],
        label=owner_field.label,
        required=False,
    )
    return filter_bar(request, filterset, fields)


def unfiltered_filter_bar(request: HttpRequest, fields: str) -> SafeString:
    """The filter bar of a list request without parameters (see :func:`unfiltered`)."""
    return _bar(get_language(), request.path, fields, owner_rows())
