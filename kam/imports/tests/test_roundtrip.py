"""Export everything, empty the database, import the exports: the same data comes back."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.http import QueryDict

from kam.accounts.models import Account, AccountRevenueYear
from kam.accounts.services import revenue_summary_refresh
from kam.accounts.tests.factories import AccountFactory
from kam.contacts.models import Contact
from kam.contacts.tests.factories import ContactFactory
from kam.core.exporting import export_to_stream
from kam.imports.registry import ENTITIES
from kam.imports.services import import_file
from kam.orders.models import OrderLine
from kam.orders.tests.factories import OrderLineFactory
from kam.products.models import Product, ProductLine
from kam.products.tests.factories import ProductFactory, ProductLineFactory

pytestmark = pytest.mark.django_db

ORDER = ("products", "accounts", "contacts", "orders")


@pytest.fixture
def data(kam_user):
    pumps = ProductLineFactory(code="PUMP", name="Pumps & more")
    valves = ProductLineFactory(code="VALVE", name="Valves")
    p1 = ProductFactory(sku="P-1", name="Pump, small", product_line=pumps, list_price=Decimal("1234.50"))
    p2 = ProductFactory(
        sku="V-1", name='Valve "XL"', product_line=valves, margin_percent=Decimal("-12.25"), active=False
    )
    group = AccountFactory(
        external_id="G",
        name="Group AG",
        legal_form="ag",
        tier="key",
        owner=kam_user,
        country="CH",
        website="https://group.example",
        employees=12000,
        street="Weg 1",
        postal_code="4051",
    )
    sub = AccountFactory(external_id="S", name="Sub GmbH", legal_form="gmbh_co_kg", parent=group, industry="chemicals")
    subsub = AccountFactory(external_id="SS", name="=Formula Ltd", parent=sub, country="", industry="", city="")
    boss = ContactFactory(
        external_id="K1",
        account=sub,
        buying_role="decision_maker",
        attitude="supporter",
        influence=5,
        department="management",
        function="CEO",
        phone="+49 711 1",
        last_contact_date=datetime.date(2025, 1, 31),
    )
    ContactFactory(external_id="K2", account=sub, reports_to=boss, first_name="", email="", influence=None)
    ContactFactory(external_id="K3", account=group, last_name="Ünlü")
    OrderLineFactory(
        external_id="L1",
        account=sub,
        product=p1,
        date=datetime.date(2024, 12, 31),
        quantity=Decimal("1.5"),
        net_revenue=Decimal("1234.56"),
        margin=Decimal("-3.10"),
    )
    OrderLineFactory(external_id="L2", account=subsub, product=p2, net_revenue=Decimal("-99.99"), document_number="")
    OrderLineFactory(external_id="L3", account=group, product=p1, quantity=Decimal("0"))
    revenue_summary_refresh()


def state():
    return {
        "products": sorted(
            Product.objects.values_list(
                "sku", "name", "product_line__code", "product_line__name", "list_price", "margin_percent", "active"
            )
        ),
        "lines": sorted(ProductLine.objects.values_list("code", "name")),
        "accounts": sorted(
            Account.objects.values_list(
                "external_id",
                "name",
                "legal_form",
                "parent__external_id",
                "industry",
                "employees",
                "street",
                "postal_code",
                "city",
                "country",
                "website",
                "tier",
                "owner__username",
            )
        ),
        "contacts": sorted(
            Contact.objects.values_list(
                "external_id",
                "account__external_id",
                "first_name",
                "last_name",
                "function",
                "department",
                "email",
                "phone",
                "reports_to__external_id",
                "buying_role",
                "attitude",
                "influence",
                "last_contact_date",
            )
        ),
        "orders": sorted(
            OrderLine.objects.values_list(
                "external_id",
                "account__external_id",
                "product__sku",
                "date",
                "quantity",
                "net_revenue",
                "margin",
                "document_number",
            )
        ),
        "revenue": sorted(
            AccountRevenueYear.objects.values_list(
                "account__external_id", "year", "net_revenue", "margin", "order_lines"
            )
        ),
    }


def wipe():
    OrderLine.objects.all().delete()
    AccountRevenueYear.objects.all().delete()
    Contact.objects.all().delete()
    Account.objects.update(parent=None)
    Account.objects.all().delete()
    Product.objects.all().delete()
    ProductLine.objects.all().delete()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_database_gives_the_same_data(data, admin_user, fmt):
    before = state()
    assert len(before["orders"]) == 3
    files = {}
    for name in ORDER:
        target = io.BytesIO()
        export_to_stream(ENTITIES[name].export, user=admin_user, params=QueryDict(), fmt=fmt, target=target, bom=True)
        files[name] = target
    wipe()
    assert state()["accounts"] == []
    for name in ORDER:
        files[name].seek(0)
        result = import_file(entity=name, stream=files[name], user=admin_user)
        assert result.created == len(before[name]), name
    assert state() == before
    for name in ORDER:
        files[name].seek(0)
        result = import_file(entity=name, stream=files[name])
        assert (result.created, result.updated) == (0, 0), name
