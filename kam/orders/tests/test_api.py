import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kam.accounts.models import AccountRevenueYear
from kam.orders.models import OrderLine
from kam.orders.tests.factories import OrderLineFactory
from kam.products.tests.factories import ProductFactory
from tests.api.support import assert_error, make_portfolio, token_client

pytestmark = pytest.mark.django_db

LIST = "/api/v1/order-lines/"


def detail(line):
    return f"/api/v1/order-lines/{line.pk}/"


@pytest.fixture
def portfolio(kam_user, member_user):
    accounts = make_portfolio(kam_user, member_user)
    lines = {
        key: OrderLineFactory.create(account=account, external_id=f"OL-{key}") for key, account in accounts.items()
    }
    return {**accounts, "lines": lines}


def external_ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["external_id"] for row in response.json()["results"])


def test_anonymous_is_401(portfolio):
    assert_error(token_client(None).get(LIST), 401)


@pytest.mark.parametrize("role_user", ["admin_user", "head_user"])
def test_head_and_admin_read_every_order_line(request, role_user, portfolio):
    assert len(external_ids(token_client(request.getfixturevalue(role_user)).get(LIST))) == 4


def test_kam_reads_order_lines_of_own_and_team_accounts(kam_user, portfolio):
    assert external_ids(token_client(kam_user).get(LIST)) == ["OL-on_team", "OL-owned"]
    assert_error(token_client(kam_user).get(detail(portfolio["lines"]["other"])), 404)


def test_member_reads_order_lines_of_team_accounts(member_user, portfolio):
    assert external_ids(token_client(member_user).get(LIST)) == ["OL-member_of"]
    body = token_client(member_user).get(detail(portfolio["lines"]["member_of"])).json()
    assert body["account"] == portfolio["member_of"].pk
    assert body["account_name"] == "MemberOf"
    assert body["net_revenue"] == "100.00"
    assert body["quantity"] == "1.000"
    assert_error(token_client(member_user).get(detail(portfolio["lines"]["owned"])), 404)


def test_filters(head_user, portfolio):
    client = token_client(head_user)
    early = OrderLineFactory.create(account=portfolio["other"], external_id="OL-early", date=datetime.date(2020, 1, 2))
    assert external_ids(client.get(LIST, {"date_to": "2020-12-31"})) == ["OL-early"]
    assert "OL-early" not in external_ids(client.get(LIST, {"date_from": "2021-01-01"}))
    assert external_ids(client.get(LIST, {"account": portfolio["other"].pk})) == ["OL-early", "OL-other"]
    assert external_ids(client.get(LIST, {"product": early.product_id})) == ["OL-early"]
    assert external_ids(client.get(LIST, {"product_line": early.product.product_line_id})) == ["OL-early"]
    assert external_ids(client.get(LIST, {"document_number": early.document_number})) == ["OL-early"]
    assert client.get(LIST, {"ordering": "date"}).json()["results"][0]["external_id"] == "OL-early"


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "notadate"},
        {"date_to": "2025-13-01"},
        {"account": "abc"},
        {"account": "NaN"},
        {"product": "1x"},
        {"product_line": "Infinity"},
        {"ordering": "quantity"},
    ],
)
def test_bad_filter_values_are_400(head_user, params):
    assert_error(token_client(head_user).get(LIST, params), 400, next(iter(params)))


@pytest.mark.parametrize("name", ["account", "product", "product_line"])
def test_huge_id_filters_find_nothing_or_are_400(head_user, portfolio, name):
    response = token_client(head_user).get(LIST, {name: "9" * 30})
    if response.status_code == 200:
        assert response.json()["results"] == []
    else:
        assert_error(response, 400)


def payload(account, product, **extra):
    return {
        "external_id": "OL-new",
        "account": account.pk,
        "product": product.pk,
        "date": "2025-06-30",
        "quantity": "2.5",
        "net_revenue": "-40.00",
        "margin": "-10.00",
        **extra,
    }


@pytest.mark.parametrize("role_user", ["admin_user", "head_user"])
def test_head_and_admin_write_order_lines_and_revenue_is_refreshed(request, role_user, portfolio):
    client = token_client(request.getfixturevalue(role_user))
    product = ProductFactory.create()
    account = portfolio["other"]
    response = client.post(LIST, payload(account, product))
    assert response.status_code == 201, response.content
    line = OrderLine.objects.get(external_id="OL-new")
    assert line.net_revenue == Decimal("-40.00")
    assert AccountRevenueYear.objects.get(account=account, year=2025).net_revenue == Decimal("60.00")
    response = client.patch(detail(line), {"account": portfolio["owned"].pk, "net_revenue": "10"})
    assert response.status_code == 200, response.content
    assert AccountRevenueYear.objects.get(account=account, year=2025).net_revenue == Decimal("100.00")
    assert AccountRevenueYear.objects.get(account=portfolio["owned"], year=2025).net_revenue == Decimal("110.00")
    assert client.delete(detail(line)).status_code == 204
    assert AccountRevenueYear.objects.get(account=portfolio["owned"], year=2025).net_revenue == Decimal("100.00")


@pytest.mark.parametrize("role_user", ["kam_user", "member_user"])
def test_kam_and_member_may_not_write_order_lines(request, role_user, portfolio):
    client = token_client(request.getfixturevalue(role_user))
    own = portfolio["owned"] if role_user == "kam_user" else portfolio["member_of"]
    own_line = portfolio["lines"]["owned" if role_user == "kam_user" else "member_of"]
    assert_error(client.post(LIST, payload(own, ProductFactory.create())), 403)
    assert_error(client.patch(detail(own_line), {"net_revenue": "1"}), 403)
    assert_error(client.delete(detail(own_line)), 403)
    assert_error(client.patch(detail(portfolio["lines"]["other"]), {"net_revenue": "1"}), 404)
    assert_error(client.delete(detail(portfolio["lines"]["other"])), 404)
    assert OrderLine.objects.count() == 4
    assert not OrderLine.objects.filter(net_revenue=1).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"quantity": "-1"}, "quantity"),
        ({"quantity": "1.0001"}, "quantity"),
        ({"net_revenue": "1" * 15}, "net_revenue"),
        ({"date": "30.06.2025"}, "date"),
        ({"product": 999999}, "product"),
        ({"account": 999999}, "account"),
        ({"account": [1]}, "account"),
        ({"external_id": "OL-owned"}, "external_id"),
        ({"external_id": ""}, "external_id"),
    ],
)
def test_bad_order_line_payloads_are_400(head_user, portfolio, change, field):
    body = {**payload(portfolio["other"], ProductFactory.create()), **change}
    assert_error(token_client(head_user).post(LIST, body, format="json"), 400, field)
    assert OrderLine.objects.count() == 4


def test_pages_of_order_lines_are_never_counted(head_user, portfolio):
    client = token_client(head_user)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(LIST, {"page_size": 3}).json()
    assert not [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert set(first) == {"next", "previous", "results"}
    assert len(first["results"]) == 3
    assert first["previous"] is None
    assert "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert [row["external_id"] for row in second["results"]] != [row["external_id"] for row in first["results"]]
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert "page=" not in second["previous"]
    seen = {row["id"] for row in first["results"] + second["results"]}
    assert len(seen) == 4


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "1.5", str(10**12)])
def test_bad_order_line_pages_are_404(head_user, portfolio, page):
    assert_error(token_client(head_user).get(LIST, {"page_size": 2, "page": page}), 404)


def test_an_empty_first_page_is_fine(kam_user):
    body = token_client(kam_user).get(LIST).json()
    assert body == {"next": None, "previous": None, "results": []}
