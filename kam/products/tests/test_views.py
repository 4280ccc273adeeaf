import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.orders.tests.factories import OrderLineFactory
from kam.products.models import Product
from kam.products.tests.factories import ProductFactory, ProductLineFactory

pytestmark = pytest.mark.django_db

THIS_YEAR = datetime.date.today().year


@pytest.fixture
def catalogue():
    pumps = ProductLineFactory.create(code="PU", name="Pumps")
    valves = ProductLineFactory.create(code="VA", name="Valves")
    pump = ProductFactory.create(sku="P-100", name="Pump 100", product_line=pumps, list_price=Decimal("1999.50"))
    valve = ProductFactory.create(sku="V-200", name="Valve 200", product_line=valves, active=False)
    return {"pumps": pumps, "valves": valves, "pump": pump, "valve": valve}


def html(response):
    return response.content.decode()


def form_data(product_line, **changes):
    data = {
        "sku": "N-1",
        "name": "New thing",
        "product_line": product_line.pk,
        "list_price": "10.00",
        "margin_percent": "25",
        "active": "on",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("name", "needs_pk"),
    [
        ("products:list", False),
        ("products:create", False),
        ("products:line_list", False),
        ("products:detail", True),
        ("products:update", True),
    ],
)
def test_anonymous_is_sent_to_login(client, catalogue, name, needs_pk):
    response = client.get(reverse(name, args=[catalogue["pump"].pk] if needs_pk else []))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["member_user", "kam_user", "head_user", "admin_user"])
def test_catalogue_is_readable_for_every_role(client, request, catalogue, who):
    client.force_login(request.getfixturevalue(who))
    page = html(client.get(reverse("products:list")))
    assert "Pump 100" in page
    assert "Valve 200" in page
    assert client.get(reverse("products:detail", args=[catalogue["pump"].pk])).status_code == 200
    assert "Pumps" in html(client.get(reverse("products:line_list")))


def test_list_filters_sorts_and_formats(client, kam_user, catalogue):
    client.force_login(kam_user)
    page = html(client.get(reverse("products:list"), {"product_line": catalogue["valves"].pk}))
    assert "Valve 200" in page
    assert "Pump 100" not in page
    page = html(client.get(reverse("products:list"), {"active": "true"}))
    assert "Pump 100" in page
    assert "Valve 200" not in page
    page = html(client.get(reverse("products:list"), {"active": "false"}))
    assert "Valve 200" in page
    assert "Pump 100" not in page
    page = html(client.get(reverse("products:list"), {"ordering": "-sku"}))
    assert page.index("V-200") < page.index("P-100")
    assert "€1,999.50" in html(client.get(reverse("products:list")))
    assert "1.999,50\u00a0€" in html(client.get(reverse("products:list"), HTTP_ACCEPT_LANGUAGE="de"))


def test_list_htmx_fragment(client, kam_user, catalogue):
    client.force_login(kam_user)
    page = html(client.get(reverse("products:list"), {"q": "valve"}, HTTP_HX_REQUEST="true"))
    assert "<html" not in page
    assert "Valve 200" in page
    assert "Pump 100" not in page


def test_list_query_count_does_not_grow(client, kam_user, catalogue):
    client.force_login(kam_user)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("products:list"))
    ProductFactory.create_batch(40, product_line=catalogue["pumps"])
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("products:list"))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_detail_revenue_counts_only_visible_accounts(client, kam_user, member_user, head_user, catalogue):
    pump = catalogue["pump"]
    own = AccountFactory.create(name="Own GmbH", owner=kam_user)
    AccountTeamMemberFactory.create(account=own, user=member_user)
    other = AccountFactory.create(name="Other GmbH")
    day = datetime.date(THIS_YEAR, 1, 10)
    OrderLineFactory.create(account=own, product=pump, date=day, net_revenue=Decimal("1000"), quantity=Decimal(2))
    OrderLineFactory.create(account=other, product=pump, date=day, net_revenue=Decimal("5000"), quantity=Decimal(3))
    OrderLineFactory.create(account=own, product=catalogue["valve"], date=day, net_revenue=Decimal("777"))
    client.force_login(kam_user)
    response = client.get(reverse("products:detail", args=[pump.pk]))
    current = response.context["revenue"][0]
    assert current["year"] == THIS_YEAR
    assert current["revenue"] == Decimal("1000")
    assert current["accounts"] == 1
    page = html(response)
    assert "Own GmbH" in page
    assert "Other GmbH" not in page
    assert "accounts you can see" in page
    assert reverse("products:update", args=[pump.pk]) not in page
    client.force_login(head_user)
    response = client.get(reverse("products:detail", args=[pump.pk]))
    assert response.context["revenue"][0]["revenue"] == Decimal("6000")
    assert response.context["top_accounts"][0]["account__name"] == "Other GmbH"
    assert reverse("products:update", args=[pump.pk]) in html(response)


def test_detail_revenue_is_aggregated_in_the_database(client, head_user, catalogue):
    pump = catalogue["pump"]
    account = AccountFactory.create()
    for day in range(1, 29):
        OrderLineFactory.create(account=account, product=pump, date=datetime.date(THIS_YEAR, 2, day))
    client.force_login(head_user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("products:detail", args=[pump.pk]))
    assert response.context["revenue"][0]["revenue"] == Decimal("2800.00")
    order_line_queries = [q["sql"] for q in ctx.captured_queries if "orders_orderline" in q["sql"]]
    assert len(order_line_queries) == 2
    assert all("SUM(" in sql for sql in order_line_queries)


def test_detail_unknown_product_is_404(client, kam_user):
    client.force_login(kam_user)
    assert client.get(reverse("products:detail", args=[999])).status_code == 404


@pytest.mark.parametrize("who", ["head_user", "admin_user"])
def test_create_and_update_by_master_data_managers(client, request, catalogue, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("products:create")).status_code == 200
    response = client.post(reverse("products:create"), form_data(catalogue["pumps"]))
    product = Product.objects.get(sku="N-1")
    assert response.status_code == 302
    assert response["Location"] == reverse("products:detail", args=[product.pk])
    response = client.post(
        reverse("products:update", args=[product.pk]), form_data(catalogue["valves"], name="Renamed", active="")
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.name == "Renamed"
    assert product.product_line == catalogue["valves"]
    assert product.active is False


def test_create_shows_inline_errors(client, head_user, catalogue):
    client.force_login(head_user)
    response = client.post(
        reverse("products:create"), form_data(catalogue["pumps"], sku="P-100", margin_percent="150", list_price="-1")
    )
    page = html(response)
    assert response.status_code == 200
    assert "Product with this SKU already exists." in page
    assert "is-invalid" in page
    assert Product.objects.count() == 2


@pytest.mark.parametrize("who", ["kam_user", "member_user"])
def test_create_and_update_denied(client, request, catalogue, who):
    client.force_login(request.getfixturevalue(who))
    pump = catalogue["pump"]
    assert client.get(reverse("products:create")).status_code == 403
    assert client.post(reverse("products:create"), form_data(catalogue["pumps"])).status_code == 403
    assert client.get(reverse("products:update", args=[pump.pk])).status_code == 403
    response = client.post(reverse("products:update", args=[pump.pk]), form_data(catalogue["pumps"], name="Hacked"))
    assert response.status_code == 403
    pump.refresh_from_db()
    assert pump.name == "Pump 100"
    assert not Product.objects.filter(sku="N-1").exists()


def test_product_lines_list_counts_products(client, kam_user, catalogue):
    ProductFactory.create(product_line=catalogue["pumps"], active=False)
    client.force_login(kam_user)
    response = client.get(reverse("products:line_list"))
    lines = {line.code: line for line in response.context["lines"]}
    assert lines["PU"].product_count == 2
    assert lines["PU"].active_count == 1
    assert reverse("products:list") + f"?product_line={catalogue['pumps'].pk}" in html(response)
