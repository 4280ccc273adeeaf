from decimal import Decimal

import pytest

from kam.orders.tests.factories import OrderLineFactory
from kam.products.models import Product, ProductLine
from kam.products.tests.factories import ProductFactory, ProductLineFactory
from tests.api.support import assert_error, token_client

pytestmark = pytest.mark.django_db

PRODUCTS = "/api/v1/products/"
LINES = "/api/v1/product-lines/"


@pytest.fixture
def catalogue():
    pumps = ProductLineFactory.create(code="PUMP", name="Pumps")
    valves = ProductLineFactory.create(code="VALVE", name="Valves")
    return {
        "pumps": pumps,
        "valves": valves,
        "p1": ProductFactory.create(sku="P-1", name="Small pump", product_line=pumps),
        "p2": ProductFactory.create(sku="P-2", name="Big pump", product_line=pumps, active=False),
        "v1": ProductFactory.create(sku="V-1", name="Valve", product_line=valves, list_price=Decimal("9.99")),
    }


def skus(response):
    assert response.status_code == 200, response.content
    return [row["sku"] for row in response.json()["results"]]


# --- products ------------------------------------------------------------------------------


@pytest.mark.parametrize("role_user", ["admin_user", "head_user", "kam_user", "member_user"])
def test_every_role_reads_the_catalogue(request, role_user, catalogue):
    client = token_client(request.getfixturevalue(role_user))
    assert skus(client.get(PRODUCTS)) == ["P-1", "P-2", "V-1"]
    body = client.get(f"{PRODUCTS}{catalogue['v1'].pk}/").json()
    assert body == {
        "id": catalogue["v1"].pk,
        "sku": "V-1",
        "name": "Valve",
        "product_line": catalogue["valves"].pk,
        "product_line_name": "Valves",
        "list_price": "9.99",
        "margin_percent": "30.00",
        "active": True,
    }


def test_anonymous_reads_nothing(catalogue):
    assert_error(token_client(None).get(PRODUCTS), 401)
    assert_error(token_client(None).get(f"{PRODUCTS}{catalogue['p1'].pk}/"), 401)
    assert_error(token_client(None).get(LINES), 401)


def test_product_filters(kam_user, catalogue):
    client = token_client(kam_user)
    assert skus(client.get(PRODUCTS, {"product_line": catalogue["pumps"].pk})) == ["P-1", "P-2"]
    assert skus(client.get(PRODUCTS, {"active": "false"})) == ["P-2"]
    assert skus(client.get(PRODUCTS, {"q": "valve"})) == ["V-1"]
    assert skus(client.get(PRODUCTS, {"ordering": "-list_price"}))[-1] == "V-1"


@pytest.mark.parametrize("params", [{"product_line": "abc"}, {"product_line": "999999"}, {"ordering": "price"}])
def test_bad_product_filters_are_400(kam_user, params):
    assert_error(token_client(kam_user).get(PRODUCTS, params), 400, next(iter(params)))


def test_product_pagination(kam_user, catalogue):
    body = token_client(kam_user).get(PRODUCTS, {"page_size": 2, "page": 2}).json()
    assert body["count"] == 3
    assert [row["sku"] for row in body["results"]] == ["V-1"]


@pytest.mark.parametrize("role_user", ["admin_user", "head_user"])
def test_head_and_admin_create_update_delete_products(request, role_user, catalogue):
    client = token_client(request.getfixturevalue(role_user))
    payload = {
        "sku": "N-1",
        "name": "New",
        "product_line": catalogue["valves"].pk,
        "list_price": "12.50",
        "margin_percent": "-5",
    }
    response = client.post(PRODUCTS, payload)
    assert response.status_code == 201, response.content
    product = Product.objects.get(sku="N-1")
    assert (product.list_price, product.margin_percent) == (Decimal("12.50"), Decimal("-5"))
    response = client.patch(f"{PRODUCTS}{product.pk}/", {"active": False, "name": "Renamed"})
    assert response.status_code == 200, response.content
    product.refresh_from_db()
    assert (product.active, product.name) == (False, "Renamed")
    assert client.delete(f"{PRODUCTS}{product.pk}/").status_code == 204
    assert not Product.objects.filter(sku="N-1").exists()


@pytest.mark.parametrize("role_user", ["kam_user", "member_user"])
def test_kam_and_member_may_not_change_products(request, role_user, catalogue):
    client = token_client(request.getfixturevalue(role_user))
    payload = {"sku": "N-1", "name": "New", "product_line": catalogue["pumps"].pk, "list_price": 1, "margin_percent": 1}
    assert_error(client.post(PRODUCTS, payload), 403)
    assert_error(client.patch(f"{PRODUCTS}{catalogue['p1'].pk}/", {"name": "X"}), 403)
    assert_error(client.delete(f"{PRODUCTS}{catalogue['p1'].pk}/"), 403)
    assert not Product.objects.filter(sku="N-1").exists()
    assert Product.objects.get(pk=catalogue["p1"].pk).name == "Small pump"


def test_deleting_a_product_with_order_lines_is_409(head_user, catalogue):
    OrderLineFactory.create(product=catalogue["p1"])
    body = assert_error(token_client(head_user).delete(f"{PRODUCTS}{catalogue['p1'].pk}/"), 409)
    assert "order lines" in body["message"]
    assert Product.objects.filter(pk=catalogue["p1"].pk).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"list_price": "-1"}, "list_price"),
        ({"list_price": "abc"}, "list_price"),
        ({"list_price": "1e400"}, "list_price"),
        ({"list_price": "NaN"}, "list_price"),
        ({"list_price": "1.999"}, "list_price"),
        ({"margin_percent": "200"}, "margin_percent"),
        ({"margin_percent": "-100.01"}, "margin_percent"),
        ({"product_line": 999999}, "product_line"),
        ({"product_line": None}, "product_line"),
        ({"sku": "P-1"}, "sku"),
        ({"sku": ""}, "sku"),
        ({"sku": "S" * 65}, "sku"),
        ({"active": "perhaps"}, "active"),
    ],
)
def test_bad_product_payloads_are_400(head_user, catalogue, change, field):
    payload = {
        "sku": "N-1",
        "name": "New",
        "product_line": catalogue["pumps"].pk,
        "list_price": "1",
        "margin_percent": 1,
    }
    assert_error(token_client(head_user).post(PRODUCTS, {**payload, **change}, format="json"), 400, field)
    assert not Product.objects.filter(sku="N-1").exists()


def test_unknown_product_is_404(kam_user):
    assert_error(token_client(kam_user).get(f"{PRODUCTS}999999/"), 404)
    assert_error(token_client(kam_user).get(f"{PRODUCTS}x/"), 404)


# --- product lines -------------------------------------------------------------------------


def test_product_lines_list_and_filter(member_user, catalogue):
    client = token_client(member_user)
    body = client.get(LINES).json()
    assert [row["code"] for row in body["results"]] == ["PUMP", "VALVE"]
    assert [row["code"] for row in client.get(LINES, {"q": "valv"}).json()["results"]] == ["VALVE"]
    assert [row["code"] for row in client.get(LINES, {"ordering": "-code"}).json()["results"]] == ["VALVE", "PUMP"]
    assert_error(client.get(LINES, {"ordering": "nope"}), 400, "ordering")


def test_head_manages_product_lines(head_user, catalogue):
    client = token_client(head_user)
    response = client.post(LINES, {"code": "SEAL", "name": "Seals"})
    assert response.status_code == 201, response.content
    line = ProductLine.objects.get(code="SEAL")
    assert client.patch(f"{LINES}{line.pk}/", {"name": "Sealing"}).status_code == 200
    line.refresh_from_db()
    assert line.name == "Sealing"
    assert_error(client.post(LINES, {"code": "SEAL", "name": "Again"}), 400, "code")
    assert client.delete(f"{LINES}{line.pk}/").status_code == 204
    assert not ProductLine.objects.filter(code="SEAL").exists()


def test_deleting_a_product_line_with_products_is_409(admin_user, catalogue):
    body = assert_error(token_client(admin_user).delete(f"{LINES}{catalogue['pumps'].pk}/"), 409)
    assert "products" in body["message"]


@pytest.mark.parametrize("role_user", ["kam_user", "member_user"])
def test_kam_and_member_may_not_change_product_lines(request, role_user, catalogue):
    client = token_client(request.getfixturevalue(role_user))
    assert_error(client.post(LINES, {"code": "SEAL", "name": "Seals"}), 403)
    assert_error(client.patch(f"{LINES}{catalogue['pumps'].pk}/", {"name": "X"}), 403)
    assert_error(client.delete(f"{LINES}{catalogue['valves'].pk}/"), 403)
    assert ProductLine.objects.count() == 2
