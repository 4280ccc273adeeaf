import datetime
from decimal import Decimal
from typing import cast

import numpy as np
import pytest
from django.core.exceptions import ValidationError

from kam.accounts.models import Account, AccountRevenueMonth, AccountRevenueSeries, AccountRevenueYear
from kam.accounts.services import account_create, account_update, revenue_summary_refresh
from kam.accounts.tests.factories import AccountFactory
from kam.orders.models import OrderLine
from kam.orders.tests.factories import OrderLineFactory
from kam.products.models import Product
from kam.products.services import product_update
from kam.products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def stored(account):
    return {
        r.year: (r.net_revenue, r.margin, r.order_lines) for r in AccountRevenueYear.objects.filter(account=account)
    }


def test_refresh_sums_per_account_and_year_including_credit_notes():
    a, b = AccountFactory(), AccountFactory()
    OrderLineFactory(account=a, date=datetime.date(2024, 12, 31), net_revenue=Decimal("100.00"), margin=Decimal("10"))
    OrderLineFactory(account=a, date=datetime.date(2025, 1, 1), net_revenue=Decimal("250.50"), margin=Decimal("50"))
    OrderLineFactory(account=a, date=datetime.date(2025, 6, 1), net_revenue=Decimal("-50.25"), margin=Decimal("-5"))
    OrderLineFactory(account=b, date=datetime.date(2025, 6, 1), net_revenue=Decimal("7.00"), margin=Decimal("1"))
    assert revenue_summary_refresh() == 3
    assert stored(a) == {
        2024: (Decimal("100.00"), Decimal("10.00"), 1),
        2025: (Decimal("200.25"), Decimal("45.00"), 2),
    }
    assert stored(b) == {2025: (Decimal("7.00"), Decimal("1.00"), 1)}


def test_partial_refresh_touches_only_the_given_accounts():
    a = cast(Account, AccountFactory())
    b = cast(Account, AccountFactory())
    line = cast(OrderLine, OrderLineFactory(account=a, date=datetime.date(2025, 3, 1), net_revenue=Decimal("100.00")))
    OrderLineFactory(account=b, date=datetime.date(2025, 3, 1), net_revenue=Decimal("10.00"))
    revenue_summary_refresh()
    OrderLine.objects.filter(pk=line.pk).update(account=b)
    revenue_summary_refresh(account_ids=[a.pk])
    assert stored(a) == {}
    assert stored(b)[2025][0] == Decimal("10.00")  # b not refreshed yet
    revenue_summary_refresh(account_ids=[b.pk, b.pk])
    assert stored(b)[2025][0] == Decimal("110.00")


def test_parent_cycle_is_refused():
    top = account_create(name="Holding AG")
    child = account_create(name="Werk GmbH", parent=top)
    with pytest.raises(ValidationError) as info:
        account_update(account=top, parent=child)
    assert "parent" in info.value.message_dict
    top.refresh_from_db()
    assert top.parent is None


def test_unknown_field_is_a_programming_error():
    with pytest.raises(TypeError):
        account_create(name="X", colour="blue")


def stored_months(account):
    return {
        r.month: (r.net_revenue, r.margin, r.order_lines) for r in AccountRevenueMonth.objects.filter(account=account)
    }


def test_refresh_sums_per_account_and_month_and_the_years_from_the_months():
    a, b = AccountFactory(), AccountFactory()
    OrderLineFactory(account=a, date=datetime.date(2024, 12, 31), net_revenue=Decimal("100.00"), margin=Decimal("10"))
    OrderLineFactory(account=a, date=datetime.date(2025, 1, 1), net_revenue=Decimal("250.50"), margin=Decimal("50"))
    OrderLineFactory(account=a, date=datetime.date(2025, 1, 31), net_revenue=Decimal("-50.25"), margin=Decimal("-5"))
    OrderLineFactory(account=a, date=datetime.date(2025, 2, 1), net_revenue=Decimal("9.75"), margin=Decimal("1"))
    OrderLineFactory(account=b, date=datetime.date(2025, 6, 30), net_revenue=Decimal("7.00"), margin=Decimal("1"))
    revenue_summary_refresh()
    assert stored_months(a) == {
        datetime.date(2024, 12, 1): (Decimal("100.00"), Decimal("10.00"), 1),
        datetime.date(2025, 1, 1): (Decimal("200.25"), Decimal("45.00"), 2),
        datetime.date(2025, 2, 1): (Decimal("9.75"), Decimal("1.00"), 1),
    }
    assert stored_months(b) == {datetime.date(2025, 6, 1): (Decimal("7.00"), Decimal("1.00"), 1)}
    assert stored(a) == {
        2024: (Decimal("100.00"), Decimal("10.00"), 1),
        2025: (Decimal("210.00"), Decimal("46.00"), 3),
    }


def test_partial_refresh_of_months_touches_only_the_given_accounts():
    a = cast(Account, AccountFactory())
    b = cast(Account, AccountFactory())
    line = cast(OrderLine, OrderLineFactory(account=a, date=datetime.date(2025, 3, 9), net_revenue=Decimal("100.00")))
    OrderLineFactory(account=b, date=datetime.date(2025, 3, 1), net_revenue=Decimal("10.00"))
    revenue_summary_refresh()
    OrderLine.objects.filter(pk=line.pk).update(account=b, date=datetime.date(2025, 4, 30))
    revenue_summary_refresh(account_ids=[a.pk])
    assert stored_months(a) == {}
    assert stored(a) == {}
    assert set(stored_months(b)) == {datetime.date(2025, 3, 1)}  # b not refreshed yet
    revenue_summary_refresh(account_ids=[b.pk])
    assert stored_months(b) == {
        datetime.date(2025, 3, 1): (Decimal("10.00"), Decimal("30.00"), 1),
        datetime.date(2025, 4, 1): (Decimal("100.00"), Decimal("30.00"), 1),
    }
    assert stored(b) == {2025: (Decimal("110.00"), Decimal("60.00"), 2)}


def test_full_refresh_removes_months_of_deleted_order_lines():
    a = cast(Account, AccountFactory())
    line = cast(OrderLine, OrderLineFactory(account=a, date=datetime.date(2025, 3, 9)))
    revenue_summary_refresh()
    line.delete()
    revenue_summary_refresh()
    assert stored_months(a) == {}
    assert AccountRevenueYear.objects.count() == 0


def series_of(account):
    row = AccountRevenueSeries.objects.filter(account=account).first()
    if row is None:
        return None
    return (
        row.first_month,
        np.frombuffer(bytes(row.revenue), "<f8").tolist(),
        np.frombuffer(bytes(row.lines), "<i4").reshape(-1, 2).tolist(),
    )


def test_refresh_packs_the_months_and_product_lines_of_each_account():
    a, b = cast(Account, AccountFactory()), cast(Account, AccountFactory())
    first, second = cast(Product, ProductFactory()), cast(Product, ProductFactory())
    day = datetime.date
    OrderLineFactory(account=a, product=first, date=day(2024, 11, 5), net_revenue=Decimal("100.00"))
    OrderLineFactory(account=a, product=second, date=day(2025, 1, 31), net_revenue=Decimal("-50.25"))
    OrderLineFactory(account=a, product=first, date=day(2025, 1, 2), net_revenue=Decimal("10.25"))
    OrderLineFactory(account=b, product=first, date=day(2025, 6, 30), net_revenue=Decimal("7.00"))
    revenue_summary_refresh()
    one, two = first.product_line_id, second.product_line_id
    assert series_of(a) == (day(2024, 11, 1), [100.0, 0.0, -40.0], sorted([[one, 0], [one, 2], [two, 2]]))
    assert series_of(b) == (day(2025, 6, 1), [7.0], [[one, 0]])
    # A partial refresh rebuilds only the given accounts; a product moving line rebuilds its buyers.
    OrderLine.objects.filter(account=b).delete()
    revenue_summary_refresh(account_ids=[a.pk])
    assert series_of(b) is not None
    revenue_summary_refresh(account_ids=[b.pk])
    assert series_of(b) is None
    product_update(product=first, product_line=second.product_line)
    assert series_of(a) == (day(2024, 11, 1), [100.0, 0.0, -40.0], [[two, 0], [two, 2]])
