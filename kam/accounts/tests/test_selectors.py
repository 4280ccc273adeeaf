"""The 360° selectors apply the access rule to the account they are given, without re-reading it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.http import Http404

from kam.accounts import selectors
from kam.accounts.models import Account
from kam.accounts.services import revenue_summary_refresh
from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.orders.tests.factories import OrderLineFactory
from kam.users.choices import Role
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SINCE = datetime.date(2025, 1, 1)


def _revenue_reads(user, account):
    return (
        selectors.account_revenue_by_year(user=user, account=account),
        selectors.account_revenue_by_product_line(user=user, account=account, years=[2025]),
        selectors.account_top_products(user=user, account=account, since=SINCE),
    )


@pytest.fixture
def account() -> Account:
    account: Account = AccountFactory()  # type: ignore[assignment]
    OrderLineFactory(account=account, net_revenue=Decimal("250.00"))
    revenue_summary_refresh(account_ids=[account.pk])
    return account


def test_owner_reads_revenue_of_own_account(kam_user, account):
    account.owner = kam_user
    account.save()
    by_year, by_line, top = _revenue_reads(kam_user, account)
    assert by_year.own == {2025: Decimal("250.00")}
    assert sum(by_line[name][2025] for name in by_line) == Decimal("250.00")
    assert [row["revenue"] for row in top] == [Decimal("250.00")]


def test_team_member_reads_revenue_of_team_account(member_user, account):
    AccountTeamMemberFactory(account=account, user=member_user)
    by_year, _by_line, top = _revenue_reads(member_user, account)
    assert by_year.own[2025] == Decimal("250.00")
    assert len(top) == 1


@pytest.mark.parametrize(
    "read",
    [
        lambda user, account: selectors.account_revenue_by_year(user=user, account=account),
        lambda user, account: selectors.account_revenue_by_product_line(user=user, account=account, years=[2025]),
        lambda user, account: selectors.account_top_products(user=user, account=account, since=SINCE),
    ],
)
def test_kam_and_team_member_get_404_on_someone_elses_account(read, kam_user, member_user, account):
    account.owner = UserFactory(role=Role.KAM, username="other-kam")
    account.save()
    for user in (kam_user, member_user):
        with pytest.raises(Http404):
            read(user, account)


def test_anonymous_gets_404(account):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Http404):
        selectors.account_top_products(user=AnonymousUser(), account=account, since=SINCE)


def test_head_of_kam_pays_no_query_for_the_access_check(head_user, account, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.account_top_products(user=head_user, account=account, since=SINCE)


@pytest.mark.parametrize("sorted_by_revenue", [False, True])
def test_account_list_revenue_either_way(kam_user, head_user, sorted_by_revenue):
    today = datetime.date(2026, 6, 1)
    rich = AccountFactory.create(name="Rich", owner=kam_user)
    AccountFactory.create(name="Poor", owner=kam_user)
    on_team = AccountFactory.create(name="Team")
    AccountTeamMemberFactory.create(account=on_team, user=kam_user)
    hidden = AccountFactory.create(name="Hidden")
    for acc, amount in ((rich, "900"), (on_team, "300"), (hidden, "5000")):
        OrderLineFactory.create(account=acc, date=datetime.date(2025, 3, 1), net_revenue=Decimal(amount))
        OrderLineFactory.create(account=acc, date=datetime.date(2026, 2, 1), net_revenue=Decimal("10"))
    OrderLineFactory.create(account=rich, date=datetime.date(2024, 3, 1), net_revenue=Decimal("77"))
    revenue_summary_refresh()

    def rows(user):
        qs: Any = selectors.account_list(user=user, today=today, sorted_by_revenue=sorted_by_revenue)  # annotated
        return [(a.name, a.revenue_last_year, a.revenue_this_year) for a in qs.order_by("-revenue_last_year", "pk")]

    assert rows(kam_user) == [
        ("Rich", Decimal("900.00"), Decimal("10.00")),
        ("Team", Decimal("300.00"), Decimal("10.00")),
        ("Poor", Decimal("0.00"), Decimal("0.00")),
    ]
    assert [name for name, _ly, _ty in rows(head_user)] == ["Hidden", "Rich", "Team", "Poor"]
    assert selectors.account_list(user=kam_user, today=today, sorted_by_revenue=sorted_by_revenue).count() == 3


def test_product_sales_per_product_and_year_since_a_date(head_user, kam_user):
    """One read gives the numbers of both the product line chart and the top products table."""
    from kam.products.tests.factories import ProductFactory, ProductLineFactory

    account = AccountFactory.create(owner=kam_user)
    pump = ProductFactory.create(name="Pump", product_line=ProductLineFactory.create(name="Hydraulics"))
    valve = ProductFactory.create(name="Valve", product_line=ProductLineFactory.create(name="Fittings"))
    for day, product, revenue, quantity in [
        (datetime.date(2024, 12, 31), pump, "999.00", 9),  # before ``since``: not read
        (datetime.date(2025, 1, 1), pump, "100.00", 1),
        (datetime.date(2025, 6, 30), pump, "50.50", 2),
        (datetime.date(2026, 2, 1), pump, "10.00", 3),
        (datetime.date(2026, 3, 1), valve, "7.25", 4),
    ]:
        OrderLineFactory.create(
            account=account, product=product, date=day, net_revenue=Decimal(revenue), quantity=quantity
        )
    OrderLineFactory.create(product=pump, date=datetime.date(2025, 5, 5))  # another account's line
    rows = selectors.account_product_sales(user=kam_user, account=account, since=SINCE)
    got = sorted((row["product__name"], row["year"], row["revenue"], row["quantity"]) for row in rows)
    assert got == [
        ("Pump", 2025, Decimal("150.50"), 3),
        ("Pump", 2026, Decimal("10.00"), 3),
        ("Valve", 2026, Decimal("7.25"), 4),
    ]
    assert {row["product__product_line__name"] for row in rows} == {"Hydraulics", "Fittings"}
    with pytest.raises(Http404):
        selectors.account_product_sales(user=UserFactory.create(role=Role.KAM), account=account, since=SINCE)


def test_subsidiary_flag_spares_the_subsidiary_query_of_a_leaf_account(head_user, django_assert_num_queries):
    parent = AccountFactory.create(name="Parent")
    child = AccountFactory.create(name="Child", parent=parent)
    grandchild = AccountFactory.create(name="Grandchild", parent=child)
    leaf = selectors.account_get(user=head_user, pk=grandchild.pk, flag_subsidiaries=True)
    with django_assert_num_queries(0):
        assert selectors.account_descendant_ids(account=leaf) == []
    top = selectors.account_get(user=head_user, pk=parent.pk, flag_subsidiaries=True)
    assert getattr(top, "has_subsidiaries") is True  # noqa: B009 - an annotation, unknown to the type checker
    assert sorted(selectors.account_descendant_ids(account=top)) == sorted([child.pk, grandchild.pk])
    unflagged = selectors.account_get(user=head_user, pk=grandchild.pk)
    with django_assert_num_queries(1):
        assert selectors.account_descendant_ids(account=unflagged) == []
