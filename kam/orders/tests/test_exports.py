"""Order line export: only lines of accounts the user may see, filtered like the list."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.orders.tests.factories import OrderLineFactory
from kam.products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = reverse("orders:export", args=["csv"])


@pytest.fixture
def lines(kam_user, member_user):
    owned = AccountFactory(external_id="A1", owner=kam_user)
    team = AccountFactory(external_id="A2")
    AccountTeamMemberFactory(account=team, user=member_user)
    other = AccountFactory(external_id="A3")
    product = ProductFactory(sku="P1")
    OrderLineFactory(external_id="L1", account=owned, product=product, date=datetime.date(2024, 5, 1))
    OrderLineFactory(external_id="L2", account=owned, product=product, date=datetime.date(2025, 5, 1))
    OrderLineFactory(external_id="L3", account=team, product=product)
    OrderLineFactory(external_id="L4", account=other, product=product)


def keys(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return sorted(r["external_id"] for r in csv.DictReader(io.StringIO(text)))


def test_anonymous_is_sent_to_login(client, lines):
    assert client.get(URL).status_code == 302


def test_kam_exports_lines_of_their_accounts(client, kam_user, lines):
    client.force_login(kam_user)
    assert keys(client.get(URL)) == ["L1", "L2"]
    assert keys(client.get(URL, {"date_from": "2025-01-01"})) == ["L2"]


def test_member_exports_lines_of_their_accounts(client, member_user, lines):
    client.force_login(member_user)
    assert keys(client.get(URL)) == ["L3"]


def test_head_exports_all_and_bad_date_filter_is_400(client, head_user, lines):
    client.force_login(head_user)
    assert keys(client.get(URL)) == ["L1", "L2", "L3", "L4"]
    assert client.get(URL, {"date_from": "soon"}).status_code == 400


def test_row_layout_and_xlsx(client, kam_user, lines):
    client.force_login(kam_user)
    text = b"".join(client.get(URL, {"ordering": "date"}).streaming_content).decode("utf-8-sig")
    first = next(csv.DictReader(io.StringIO(text)))
    assert first == {
        "external_id": "L1",
        "account_external_id": "A1",
        "product_sku": "P1",
        "date": "2024-05-01",
        "quantity": "1.000",
        "net_revenue": "100.00",
        "margin": "30.00",
        "document_number": first["document_number"],
    }
    response = client.get(reverse("orders:export", args=["xlsx"]), {"ordering": "date"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["L1", "L2"]
