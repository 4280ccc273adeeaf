"""Product import: product lines found or created, prices and margins checked."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kam.core.importing.issues import ImportRefused
from kam.core.tests.files import csv_file, snapshot, xlsx_file
from kam.products.importers import import_products
from kam.products.models import Product, ProductLine
from kam.products.tests.factories import ProductFactory, ProductLineFactory

pytestmark = pytest.mark.django_db

HEADER = ["sku", "name", "product_line_code", "product_line_name", "list_price", "margin_percent", "active"]


def only_error(stream):
    with pytest.raises(ImportRefused) as info:
        import_products(stream)
    errors = info.value.errors
    assert errors.total == 1, [e.as_text() for e in errors.items]
    issue = errors.items[0]
    return issue.row, issue.column, issue.value, issue.message


def test_good_file_creates_products_and_lines():
    ProductLineFactory(code="PL1", name="Pumps")
    stream = csv_file(
        HEADER,
        [
            ["S1", "Pump", "PL1", "", "1.234,50", "30", "true"],
            ["S2", "Valve", "PL2", "Valves", "10", "-5.5", "nein"],
            ["S3", "Seal", "PL2", "", "0.99", "12,25", ""],
        ],
    )
    result = import_products(stream)
    assert (result.created, result.updated) == (3, 0)
    pump, valve, seal = Product.objects.order_by("sku")
    assert (pump.product_line.name, pump.list_price, pump.margin_percent, pump.active) == (
        "Pumps",
        Decimal("1234.50"),
        Decimal("30"),
        True,
    )
    assert (valve.product_line.name, valve.margin_percent, valve.active) == ("Valves", Decimal("-5.50"), False)
    assert (seal.product_line, seal.margin_percent, seal.active) == (valve.product_line, Decimal("12.25"), True)


def test_reimport_changes_nothing_and_update_works():
    stream = csv_file(HEADER, [["S1", "Pump", "PL1", "Pumps", "100", "30", "1"]])
    import_products(stream)
    stream.seek(0)
    result = import_products(stream)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    result = import_products(csv_file(HEADER, [["S1", "Pump", "PL2", "Other", "120", "30", "0"]]))
    assert (result.created, result.updated) == (0, 1)
    product = Product.objects.get()
    assert (product.product_line.code, product.list_price, product.active) == ("PL2", Decimal("120"), False)


def test_existing_line_is_renamed():
    ProductLineFactory(code="PL1", name="Old")
    import_products(csv_file(HEADER, [["S1", "Pump", "PL1", "New", "1", "1", ""]]))
    assert ProductLine.objects.get(code="PL1").name == "New"


def test_dry_run_and_xlsx():
    result = import_products(xlsx_file(HEADER, [["S1", "Pump", "PL1", "Pumps", 12.5, 30, True]]), dry_run=True)
    assert result.created == 1
    assert not Product.objects.exists()
    assert not ProductLine.objects.exists()
    import_products(xlsx_file(HEADER, [["S1", "Pump", "PL1", "Pumps", 12.5, 30, True]]))
    assert Product.objects.get().list_price == Decimal("12.50")


@pytest.fixture
def stored():
    ProductFactory(sku="S0")
    return snapshot(Product, ProductLine)


def test_new_line_without_name(stored):
    issue = only_error(csv_file(HEADER, [["S1", "Pump", "NEW", "", "1", "1", ""]]))
    assert issue[:3] == (2, "product_line_code", "NEW")
    assert "product_line_name" in issue[3]
    assert snapshot(Product, ProductLine) == stored


def test_line_named_differently(stored):
    stream = csv_file(
        HEADER, [["S1", "Pump", "PL9", "Pumps", "1", "1", ""], ["S2", "Pump 2", "PL9", "Pump", "1", "1", ""]]
    )
    issue = only_error(stream)
    assert issue[:3] == (3, "product_line_name", "Pump")
    assert "different name in row 2" in issue[3]
    assert snapshot(Product, ProductLine) == stored


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("margin_percent", "100.5", "allowed are -100 to 100"),
        ("margin_percent", "-101", "allowed are -100 to 100"),
        ("list_price", "-1", "at least 0"),
        ("list_price", "1,234.50", "German form"),
        ("list_price", "12.345", "At most 2 decimal places"),
        ("list_price", "", "A value is required."),
        ("active", "perhaps", "yes/no"),
    ],
)
def test_bad_values(stored, column, value, message):
    values = {"sku": "S1", "name": "Pump", "product_line_code": "PL1", "product_line_name": "Pumps"}
    values.update(list_price="1", margin_percent="1", active="")
    values[column] = value
    issue = only_error(csv_file(HEADER, [[values[c] for c in HEADER]]))
    assert issue[:3] == (2, column, value)
    assert message in issue[3]
    assert snapshot(Product, ProductLine) == stored


def test_missing_price_column(stored):
    with pytest.raises(ImportRefused) as info:
        import_products(csv_file(["sku", "name", "product_line_code", "margin_percent"], [["S1", "P", "PL1", "1"]]))
    assert [(e.row, e.column) for e in info.value.errors.items] == [(1, "list_price")]
