"""Product export: the catalogue for every signed-in user, filtered like the list."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from kam.products.tests.factories import ProductFactory, ProductLineFactory

pytestmark = pytest.mark.django_db

URL = reverse("products:export", args=["csv"])


@pytest.fixture
def catalogue():
    line = ProductLineFactory(code="PL1", name="Pumps")
    ProductFactory(sku="S1", product_line=line)
    ProductFactory(sku="S2", product_line=line, active=False)


def rows(response):
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_anonymous_is_sent_to_login(client, catalogue):
    assert client.get(URL).status_code == 302


def test_member_exports_the_catalogue(client, member_user, catalogue):
    client.force_login(member_user)
    data = rows(client.get(URL))
    assert data[0] == {
        "sku": "S1",
        "name": data[0]["name"],
        "product_line_code": "PL1",
        "product_line_name": "Pumps",
        "list_price": "100.00",
        "margin_percent": "30.00",
        "active": "true",
    }
    assert [r["sku"] for r in rows(client.get(URL, {"active": "false"}))] == ["S2"]
