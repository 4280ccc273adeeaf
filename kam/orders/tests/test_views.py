import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.orders.tests.factories import OrderLineFactory
from kam.products.tests.factories import ProductFactory, ProductLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines(kam_user, member_user):
    own = AccountFactory.create(name="Own GmbH", owner=kam_user)
    team = AccountFactory.create(name="Team GmbH")
    AccountTeamMemberFactory.create(account=team, user=member_user)
    other = AccountFactory.create(name="Other GmbH")
    pumps = ProductLineFactory.create(code="PU", name="Pumps")
    pump = ProductFactory.create(name="Pump", product_line=pumps)
    valve = ProductFactory.create(name="Valve")
    return {
        "own": OrderLineFactory.create(
            account=own, product=pump, document_number="INV-OWN", date=datetime.date(2025, 1, 5)
        ),
        "team": OrderLineFactory.create(
            account=team, product=valve, document_number="INV-TEAM", date=datetime.date(2025, 2, 5)
        ),
        "other": OrderLineFactory.create(
            account=other, product=pump, document_number="INV-OTHER", net_revenue=Decimal("-50.00")
        ),
        "pumps": pumps,
        "own_account": own,
        "pump": pump,
    }


def html(response):
    return response.content.decode()


def test_anonymous_is_sent_to_login(client, lines):
    response = client.get(reverse("orders:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("who", "visible", "hidden"),
    [
        ("kam_user", ["INV-OWN"], ["INV-TEAM", "INV-OTHER"]),
        ("member_user", ["INV-TEAM"], ["INV-OWN", "INV-OTHER"]),
        ("head_user", ["INV-OWN", "INV-TEAM", "INV-OTHER"], []),
        ("admin_user", ["INV-OWN", "INV-TEAM", "INV-OTHER"], []),
    ],
)
def test_list_shows_only_lines_of_visible_accounts(client, request, lines, who, visible, hidden):
    client.force_login(request.getfixturevalue(who))
    page = html(client.get(reverse("orders:list")))
    for number in visible:
        assert number in page
    for number in hidden:
        assert number not in page


def test_list_is_read_only(client, head_user, lines):
    client.force_login(head_user)
    assert client.post(reverse("orders:list")).status_code == 405


def test_list_filters(client, head_user, lines):
    client.force_login(head_user)
    page = html(client.get(reverse("orders:list"), {"product_line": lines["pumps"].pk}))
    assert "INV-OWN" in page
    assert "INV-TEAM" not in page
    page = html(client.get(reverse("orders:list"), {"date_from": "2025-02-01", "date_to": "2025-02-28"}))
    assert "INV-TEAM" in page
    assert "INV-OWN" not in page
    page = html(client.get(reverse("orders:list"), {"account": lines["own_account"].pk}))
    assert "INV-OWN" in page
    assert "INV-OTHER" not in page
    assert "Own GmbH</a>" in page  # the account chip
    page = html(client.get(reverse("orders:list"), {"product": lines["pump"].pk, "ordering": "net_revenue"}))
    assert page.index("INV-OTHER") < page.index("INV-OWN")
    assert "-€50.00" in page


def test_list_never_counts_and_pages_with_next(client, head_user, lines):
    account = AccountFactory.create()
    product = ProductFactory.create()
    for i in range(60):
        OrderLineFactory.create(
            account=account, product=product, date=datetime.date(2024, 1, 1) + datetime.timedelta(days=i)
        )
    client.force_login(head_user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("orders:list"))
    assert not [q for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    page = response.context["page"]
    assert len(page.object_list) == 50
    assert page.has_next
    assert "?page=2" in html(response)
    second = client.get(reverse("orders:list"), {"page": 2})
    assert len(second.context["page"].object_list) == 13
    assert not second.context["page"].has_next
    assert "page=1" in html(second)
    beyond = client.get(reverse("orders:list"), {"page": 9})
    assert "No more order lines." in html(beyond)


def test_list_query_count_does_not_grow(client, kam_user, lines):
    client.force_login(kam_user)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("orders:list"))
    for _ in range(20):
        OrderLineFactory.create(account=lines["own_account"])
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("orders:list"))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_list_htmx_fragment(client, head_user, lines):
    client.force_login(head_user)
    page = html(client.get(reverse("orders:list"), {"document_number": "INV-TEAM"}, HTTP_HX_REQUEST="true"))
    assert "<html" not in page
    assert "INV-TEAM" in page
    assert "INV-OWN" not in page
    assert reverse("orders:export", args=["xlsx"]) + "?document_number=INV-TEAM" in page
