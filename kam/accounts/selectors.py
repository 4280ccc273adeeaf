"""Reads on accounts; every function takes the user first and applies the access rule."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.db.models import DecimalField, Exists, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404

from kam.accounts import page_reads
from kam.accounts.access import can_view_account, visible_accounts
from kam.accounts.models import Account, AccountRevenueYear

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User

ZERO = Decimal("0.00")


def _revenue_of_year(year: int) -> Coalesce:
    sub = AccountRevenueYear.objects.filter(account=OuterRef("pk"), year=year).values("net_revenue")[:1]
    return Coalesce(Subquery(sub), Value(ZERO), output_field=DecimalField(max_digits=16, decimal_places=2))


def _revenue_joined(qs: QuerySet[Account], year: int) -> QuerySet[Account]:
    """Last and this year's revenue through LEFT JOINs of the stored aggregate."""
    money = DecimalField(max_digits=16, decimal_places=2)
    return qs.annotate(
        _revenue_ly=FilteredRelation("revenue_years", condition=Q(revenue_years__year=year - 1)),
        _revenue_ty=FilteredRelation("revenue_years", condition=Q(revenue_years__year=year)),
    ).annotate(
        revenue_last_year=Coalesce(F("_revenue_ly__net_revenue"), Value(ZERO), output_field=money),
        revenue_this_year=Coalesce(F("_revenue_ty__net_revenue"), Value(ZERO), output_field=money),
    )


def account_list(
    *, user: User | AnonymousUser, today: datetime.date | None = None, sorted_by_revenue: bool = False
) -> QuerySet[Account]:
    """Accounts the user may see, with owner and last/this year's revenue annotated.

    ``sorted_by_revenue``: the caller sorts by a revenue column. The revenue is then read
    with LEFT JOINs, which lets the database sort all accounts in one pass (a per-row
    subquery costs one index probe per account); for other orders the subqueries are
    cheaper, as they run only for the rows of the page.
    """
    year = (today or datetime.date.today()).year
    qs = visible_accounts(user).select_related("owner", "parent")
    if sorted_by_revenue:
        return _revenue_joined(qs, year)
    return qs.annotate(revenue_last_year=_revenue_of_year(year - 1), revenue_this_year=_revenue_of_year(year))


def account_get(
    *, user: User | AnonymousUser, pk: int, fields: tuple[str, ...] = (), flag_subsidiaries: bool = False
) -> Account:
    """One account the user may see, or 404 (the same answer as for a missing one).

    With owner and parent; ``fields``: read only these columns (``owner__…`` and ``parent__…``
    ones joined in), for a page that shows only some of them. ``flag_subsidiaries``: annotate
    ``has_subsidiaries`` in the same query (``account_descendant_ids`` then costs nothing for
    an account without any).
    """
    qs = visible_accounts(user)
    if fields:
        related = sorted({name.split("__")[0] for name in fields if "__" in name})
        qs = (qs.select_related(*related) if related else qs).only(*fields)
    else:
        qs = qs.select_related("owner", "parent")
    if flag_subsidiaries:
        qs = qs.annotate(has_subsidiaries=Exists(Account.objects.filter(parent=OuterRef("pk"))))
    try:
        return qs.get(pk=pk)
    except Account.DoesNotExist as exc:
        raise Http404("No such account.") from exc


def account_for_page(*, user: User | AnonymousUser, pk: int, full: bool = True) -> Account:
    """One account the user may see, or 404 (the same answer as for a missing one), read with one
    hand-written statement (``page_reads``) and checked with the access rule (``can_view_account``).

    ``full``: what the 360° page shows (its fields, owner, parent, ``has_subsidiaries``: the same
    as ``account_get(fields=ACCOUNT_FIELDS, flag_subsidiaries=True)``); otherwise only its id and owner.
    """
    account = page_reads.account(pk) if full else page_reads.account_for_access(pk)
    if account is None or not can_view_account(user, account):
        raise Http404("No such account.")
    return account


def _ensure_visible(user: User | AnonymousUser, account: Account) -> None:
    """404 unless ``user`` may see ``account`` (the answer for a missing one too).

    Uses the access rule on the account already loaded: no query for those who see every
    account or own it, one small EXISTS for team members.
    """
    if not can_view_account(user, account):
        raise Http404("No such account.")


def account_descendant_ids(*, account: Account) -> list[int]:
    """Ids of all subsidiaries of ``account``, at any depth (not the account itself)."""
    if getattr(account, "has_subsidiaries", True) is False:  # read with account_get(flag_subsidiaries=True)
        return []
    found: list[int] = []
    frontier = [account.pk]
    seen = {account.pk}
    while frontier:
        children = list(Account.objects.filter(parent_id__in=frontier).order_by().values_list("pk", flat=True))
        frontier = [c for c in children if c not in seen]
        seen.update(frontier)
        found.extend(frontier)
    return found


def account_ancestors(*, account: Account) -> list[Account]:
    """The chain of parents from the direct parent up to the group's top."""
    chain: list[Account] = []
    seen = {account.pk}
    node = account.parent
    while node is not None and node.pk not in seen:
        chain.append(node)
        seen.add(node.pk)
        node = node.parent
    return chain


@dataclass
class RevenueByYear:
    """Revenue of an account (and, rolled up, of its group) per calendar year."""

    years: list[int] = field(default_factory=list)
    own: dict[int, Decimal] = field(default_factory=dict)
    group: dict[int, Decimal] = field(default_factory=dict)
    margin_own: dict[int, Decimal] = field(default_factory=dict)


def account_revenue_by_year(
    *, user: User | AnonymousUser, account: Account, descendant_ids: list[int] | None = None
) -> RevenueByYear:
    """Yearly revenue of the account and of its whole group (itself plus all subsidiaries).

    Reads the stored aggregate, so it never scans order lines. ``descendant_ids``: the
    result of ``account_descendant_ids`` when the caller has it already.
    """
    _ensure_visible(user, account)
    if descendant_ids is None:
        descendant_ids = account_descendant_ids(account=account)
    ids = [account.pk, *descendant_ids]
    rows = (
        AccountRevenueYear.objects.filter(account_id__in=ids)
        .order_by()
        .values("account_id", "year", "net_revenue", "margin")
    )
    return revenue_by_year_of(account, rows)


def revenue_by_year_of(account: Account, rows: Iterable[Mapping[str, Any]]) -> RevenueByYear:
    """The yearly revenue of ``account`` and its group from the stored rows of the group's accounts
    (``account_id``, ``year``, ``net_revenue``, ``margin``)."""
    result = RevenueByYear()
    group: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        group[row["year"]] += row["net_revenue"]
        if row["account_id"] == account.pk:
            result.own[row["year"]] = row["net_revenue"]
            result.margin_own[row["year"]] = row["margin"]
    result.group = dict(group)
    result.years = sorted(group)
    return result


def account_revenue_by_product_line(
    *, user: User | AnonymousUser, account: Account, years: list[int]
) -> dict[str, dict[int, Decimal]]:
    """Revenue per product line and year for one account, aggregated in the database.

    Uses the (account, date) index: only this account's order lines are read.
    """
    from kam.orders.models import OrderLine

    _ensure_visible(user, account)
    if not years:
        return {}
    rows = (
        OrderLine.objects.filter(
            account=account, date__gte=datetime.date(min(years), 1, 1), date__lte=datetime.date(max(years), 12, 31)
        )
        .annotate(year=ExtractYear("date"))
        .values("product__product_line__name", "year")
        .annotate(revenue=Sum("net_revenue"))
        .order_by("product__product_line__name", "year")
    )
    out: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for row in rows:
        out[row["product__product_line__name"]][row["year"]] = row["revenue"]
    return dict(out)


def account_top_products(
    *, user: User | AnonymousUser, account: Account, since: datetime.date, limit: int = 10
) -> list[dict[str, Any]]:
    """The account's best-selling products since ``since`` by net revenue."""
    from kam.orders.models import OrderLine

    _ensure_visible(user, account)
    rows = (
        OrderLine.objects.filter(account=account, date__gte=since)
        .values("product_id", "product__sku", "product__name", "product__product_line__name")
        .annotate(revenue=Sum("net_revenue"), margin=Sum("margin"), quantity=Sum("quantity"))
        .order_by("-revenue")[:limit]
    )
    return [dict(row) for row in rows]


def account_product_sales(
    *, user: User | AnonymousUser, account: Account, since: datetime.date
) -> list[dict[str, Any]]:
    """The account's revenue, margin and quantity per product and calendar year since ``since``.

    One read of the account's order lines (the (account, date) index) from which the 360°
    page takes both its revenue by product line and its top products, instead of reading
    those lines once for each.
    """
    from kam.orders.models import OrderLine

    _ensure_visible(user, account)
    rows = (
        OrderLine.objects.filter(account=account, date__gte=since)
        .annotate(year=ExtractYear("date"))
        .values("product_id", "product__sku", "product__name", "product__product_line__name", "year")
        .annotate(revenue=Sum("net_revenue"), margin=Sum("margin"), quantity=Sum("quantity"))
        .order_by()
    )
    return cast("list[dict[str, Any]]", list(rows))
