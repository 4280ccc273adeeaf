"""Reads on products: the catalogue is visible to every signed-in user."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404

from kam.accounts.access import restrict_to_accounts
from kam.orders.models import OrderLine
from kam.products.models import Product, ProductLine

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User


def product_list(*, user: User | AnonymousUser) -> QuerySet[Product]:
    """All products, for signed-in users."""
    if not user.is_authenticated or not user.is_active:
        return Product.objects.none()
    return Product.objects.select_related("product_line")


def product_get(*, user: User | AnonymousUser, pk: int) -> Product:
    """One product, or 404."""
    try:
        return product_list(user=user).get(pk=pk)
    except Product.DoesNotExist as exc:
        raise Http404("No such product.") from exc


def product_line_list(*, user: User | AnonymousUser) -> QuerySet[ProductLine]:
    """All product lines, for signed-in users."""
    if not user.is_authenticated or not user.is_active:
        return ProductLine.objects.none()
    return ProductLine.objects.all()


def product_revenue_by_year(*, user: User | AnonymousUser, product: Product, years: list[int]) -> list[dict[str, Any]]:
    """Revenue, margin, quantity and buying accounts of ``product`` per year, over the accounts
    the user may see; aggregated in the database over the (product, date) index."""
    if not years:
        return []
    lines = OrderLine.objects.filter(
        product=product, date__gte=datetime.date(min(years), 1, 1), date__lte=datetime.date(max(years), 12, 31)
    )
    return [
        dict(row)
        for row in restrict_to_accounts(lines, user)
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(
            revenue=Sum("net_revenue"),
            margin=Sum("margin"),
            quantity=Sum("quantity"),
            accounts=Count("account_id", distinct=True),
        )
        .order_by("year")
    ]


def product_top_accounts(
    *, user: User | AnonymousUser, product: Product, since: datetime.date, limit: int = 10
) -> list[dict[str, Any]]:
    """The visible accounts that bought most of ``product`` since ``since``, by net revenue."""
    lines = restrict_to_accounts(OrderLine.objects.filter(product=product, date__gte=since), user)
    return [
        dict(row)
        for row in lines.values("account_id", "account__name")
        .annotate(revenue=Sum("net_revenue"), quantity=Sum("quantity"))
        .order_by("-revenue")[:limit]
    ]
