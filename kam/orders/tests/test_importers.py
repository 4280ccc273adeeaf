"""Order line import: the fast path, the careful path, the merge, and all-or-nothing.

Runs on SQLite and, with KAM_DATABASE_URL, on PostgreSQL (COPY into the staging table).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from kam.accounts.models import AccountRevenueYear
from kam.accounts.tests.factories import AccountFactory
from kam.core.importing.issues import MAX_REPORTED_ERRORS, ImportRefused
from kam.core.tests.files import csv_file, raw_file, snapshot, xlsx_file
from kam.orders.importers import import_order_lines
from kam.orders.models import OrderLine
from kam.orders.tests.factories import OrderLineFactory
from kam.products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "external_id",
    "account_external_id",
    "product_sku",
    "date",
    "quantity",
    "net_revenue",
    "margin",
    "document_number",
]


@pytest.fixture
def master():
    return (
        AccountFactory(external_id="A1"),
        AccountFactory(external_id="A2"),
        ProductFactory(sku="P1"),
        ProductFactory(sku="P2"),
    )


def line(external_id, account="A1", product="P1", date="2025-03-15", quantity="2", revenue="100.50", margin="30.10",
         document="INV-1"):  # fmt: skip
    return [external_id, account, product, date, quantity, revenue, margin, document]


def revenue(account):
    return {r.year: r.net_revenue for r in AccountRevenueYear.objects.filter(account=account)}


def refused(stream):
    with pytest.raises(ImportRefused) as info:
        import_order_lines(stream)
    return info.value.errors


def only_error(stream):
    errors = refused(stream)
    assert errors.total == 1, [e.as_text() for e in errors.items]
    issue = errors.items[0]
    return issue.row, issue.column, issue.value, issue.message


def test_good_file_creates_lines_and_refreshes_revenue(master):
    a1, a2, p1, _p2 = master
    stream = csv_file(
        HEADER,
        [
            line("L1"),
            line("L2", account="A2", product="P2", date="2024-12-31", revenue="-20.00", margin="-5"),
            line("L3", date="01.02.2024", quantity="1,5", revenue="1.234,56", margin="12,3", document=""),
        ],
    )
    result = import_order_lines(stream)
    assert (result.rows, result.created, result.updated, result.unchanged) == (3, 3, 0, 0)
    l3 = OrderLine.objects.get(external_id="L3")
    assert (l3.account, l3.product, l3.date) == (a1, p1, datetime.date(2024, 2, 1))
    assert (l3.quantity, l3.net_revenue, l3.margin, l3.document_number) == (
        Decimal("1.5"),
        Decimal("1234.56"),
        Decimal("12.3"),
        "",
    )
    assert OrderLine.objects.get(external_id="L2").net_revenue == Decimal("-20")
    assert revenue(a1) == {2024: Decimal("1234.56"), 2025: Decimal("100.50")}
    assert revenue(a2) == {2024: Decimal("-20.00")}
    assert [s["action"] for s in result.sample] == ["create", "create", "create"]


def test_reimport_changes_nothing(master):
    stream = csv_file(HEADER, [line("L1"), line("L2", date="15.03.2025", quantity="2,000")])
    import_order_lines(stream)
    stream.seek(0)
    result = import_order_lines(stream)
    assert (result.rows, result.created, result.updated, result.unchanged) == (2, 0, 0, 2)
    assert [s["action"] for s in result.sample] == ["unchanged", "unchanged"]


def test_changes_are_counted_and_revenue_follows_a_moved_line(master):
    a1, a2, _p1, _p2 = master
    import_order_lines(csv_file(HEADER, [line("L1"), line("L2"), line("L3")]))
    assert revenue(a1) == {2025: Decimal("301.50")}
    stream = csv_file(HEADER, [line("L1"), line("L2", account="A2"), line("L3", revenue="0.50"), line("L4")])
    result = import_order_lines(stream)
    assert (result.created, result.updated, result.unchanged) == (1, 2, 1)
    assert [s["action"] for s in result.sample] == ["unchanged", "update", "update", "create"]
    assert revenue(a1) == {2025: Decimal("201.50")}
    assert revenue(a2) == {2025: Decimal("100.50")}


def test_without_document_column_stored_numbers_are_kept(master):
    OrderLineFactory(
        external_id="L1",
        account=master[0],
        product=master[2],
        document_number="INV-9",
        date=datetime.date(2025, 3, 15),
        quantity=2,
        net_revenue=Decimal("100.50"),
        margin=Decimal("30.10"),
    )
    stream = csv_file(HEADER[:-1], [line("L1")[:-1], line("L2")[:-1]])
    result = import_order_lines(stream)
    assert (result.created, result.updated, result.unchanged) == (1, 0, 1)
    assert OrderLine.objects.get(external_id="L1").document_number == "INV-9"
    assert OrderLine.objects.get(external_id="L2").document_number == ""


def test_dry_run_writes_nothing(master):
    OrderLineFactory(external_id="L1", account=master[0], product=master[2])
    before = snapshot(OrderLine, AccountRevenueYear)
    result = import_order_lines(csv_file(HEADER, [line("L1", revenue="5"), line("L2")]), dry_run=True)
    assert (result.dry_run, result.created, result.updated, result.unchanged) == (True, 1, 1, 0)
    assert snapshot(OrderLine, AccountRevenueYear) == before


def test_xlsx_import(master):
    stream = xlsx_file(HEADER, [["L1", "A1", "P1", datetime.date(2025, 3, 15), 2, 100.5, 30.1, "INV-1"]])
    result = import_order_lines(stream)
    assert result.created == 1
    stored = OrderLine.objects.get()
    assert (stored.date, stored.net_revenue) == (datetime.date(2025, 3, 15), Decimal("100.50"))
    result = import_order_lines(
        xlsx_file(HEADER, [["L1", "A1", "P1", datetime.date(2025, 3, 15), 2, 100.5, 30.1, "INV-1"]])
    )
    assert (result.created, result.updated) == (0, 0)


def test_unusual_text_is_stored_exactly(master):
    keys = ["L\\1", "L\t2", "L \u00a03", "'=L4"]
    stream = csv_file(HEADER, [line(key, document=f"D{key}") for key in keys])
    assert import_order_lines(stream).created == 4
    assert sorted(OrderLine.objects.values_list("external_id", flat=True)) == sorted(
        ["L\\1", "L\t2", "L \u00a03", "=L4"]
    )
    assert OrderLine.objects.get(external_id="L\t2").document_number == "DL\t2"
    stream.seek(0)
    assert import_order_lines(stream).unchanged == 4


# --- refused files ----------------------------------------------------------------------------


@pytest.fixture
def stored(master):
    OrderLineFactory(external_id="L0", account=master[0], product=master[2])
    from kam.accounts.services import revenue_summary_refresh

    revenue_summary_refresh()
    return snapshot(OrderLine, AccountRevenueYear)


def test_unknown_account_and_product(stored):
    errors = refused(csv_file(HEADER, [line("L1"), line("L2", account="AX"), line("L3", product="PX")]))
    assert [(e.row, e.column, e.value, e.message) for e in errors.items] == [
        (3, "account_external_id", "AX", "Unknown account: no account has this external id."),
        (4, "product_sku", "PX", "Unknown product: no product has this SKU."),
    ]
    assert snapshot(OrderLine, AccountRevenueYear) == stored


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("date", "2025-02-29", "Not a valid date: there is no such day."),
        ("date", "3/15/2025", "Not a valid date (write it as YYYY-MM-DD or DD.MM.YYYY)."),
        ("date", "", "A value is required."),
        ("quantity", "-1", "The quantity may not be negative (a credit note has a negative net revenue)."),
        ("quantity", "1.2345", "At most 3 decimal places are allowed."),
        ("net_revenue", "12,34.5", "Not a number (write it like 1234.56 or 1.234,56)."),
        (
            "net_revenue",
            "1,234.50",
            "Thousands separators are only accepted in the German form 1.234,56; write 1234.56.",
        ),
        ("net_revenue", "1.005", "At most 2 decimal places are allowed."),
        ("margin", "1e3", "Not a number (write it like 1234.56 or 1.234,56)."),
        ("margin", "1000000000000", "The number is too large (at most 12 digits before the decimal point)."),
        ("external_id", "", "A value is required."),
        ("external_id", "L" * 65, "Too long: at most 64 characters are allowed."),
        ("document_number", "D\x00", "The value contains a NUL character."),
    ],
)
def test_bad_values(stored, column, value, message):
    values = dict(zip(HEADER, line("L1"), strict=True))
    values[column] = value
    assert only_error(csv_file(HEADER, [line("L2"), [values[c] for c in HEADER]])) == (3, column, value, message)
    assert snapshot(OrderLine, AccountRevenueYear) == stored


def test_several_errors_in_one_row_are_all_reported(stored):
    errors = refused(csv_file(HEADER, [line("L1", account="AX", date="x", quantity="-1", margin="m")]))
    assert [e.column for e in errors.items] == ["account_external_id", "date", "quantity", "margin"]
    assert {e.row for e in errors.items} == {2}


def test_duplicate_keys(stored):
    errors = refused(csv_file(HEADER, [line("L1"), line("L2"), line("L1"), line("L1"), line("L2")]))
    assert [(e.row, e.column, e.value, e.message) for e in errors.items] == [
        (4, "external_id", "L1", "Duplicate key: the same external_id is already in row 2."),
        (5, "external_id", "L1", "Duplicate key: the same external_id is already in row 2."),
        (6, "external_id", "L2", "Duplicate key: the same external_id is already in row 3."),
    ]
    assert snapshot(OrderLine, AccountRevenueYear) == stored


def test_error_list_is_capped_but_counted(stored):
    rows = [line(f"L{n}", account="AX") for n in range(MAX_REPORTED_ERRORS + 200)]
    errors = refused(csv_file(HEADER, rows))
    assert errors.total == MAX_REPORTED_ERRORS + 200
    assert len(errors.items) == MAX_REPORTED_ERRORS
    assert errors.truncated
    assert "1200 errors (the first 1000 are listed)" in errors.summary()


def test_missing_columns_are_named(stored):
    errors = refused(
        csv_file(["external_id", "account_external_id", "date", "net_revenue"], [["L1", "A1", "2025-01-01", "1"]])
    )
    assert [(e.row, e.column) for e in errors.items] == [(1, "product_sku"), (1, "quantity"), (1, "margin")]
    assert snapshot(OrderLine, AccountRevenueYear) == stored


def test_unknown_column_is_a_warning(master):
    result = import_order_lines(csv_file([*HEADER, "currency"], [[*line("L1"), "EUR"]]))
    assert result.created == 1
    assert [(w.row, w.column, w.value) for w in result.warnings] == [(1, "currency", "currency")]


def test_wrong_encoding_names_byte_and_line(stored):
    text = ",".join(HEADER) + "\n" + ",".join(line("L1")) + "\n" + ",".join(line("L2", document="Rückgabe")) + "\n"
    errors = refused(raw_file(text, encoding="cp1252"))
    assert errors.total == 1
    assert errors.items[0].row is None
    assert "byte 0xFC" in errors.items[0].message
    assert "line 3" in errors.items[0].message
    assert snapshot(OrderLine, AccountRevenueYear) == stored


def test_empty_file_header_only_and_short_rows(stored):
    assert only_error(raw_file("")) == (None, "", "", "The file is empty.")
    assert only_error(raw_file(",".join(HEADER) + "\n")) == (None, "", "", "The file has no data rows.")
    issue = only_error(raw_file(",".join(HEADER) + "\nL1,A1,P1\n"))
    assert issue[0] == 2
    assert "3 values, but the header has 8 columns" in issue[3]
    assert snapshot(OrderLine, AccountRevenueYear) == stored


def test_blank_rows_are_skipped_but_counted(master):
    stream = raw_file(",".join(HEADER) + "\n\n,,,,,,,\n" + ",".join(line("L1", account="AX")) + "\n")
    assert only_error(stream)[:2] == (4, "account_external_id")


def test_many_affected_accounts_refresh_all_revenue_at_once(master, monkeypatch):
    from kam.orders import importers

    calls = []
    monkeypatch.setattr(importers, "revenue_summary_refresh", lambda account_ids: calls.append(account_ids))
    import_order_lines(csv_file(HEADER, [line("L1")]))
    assert calls == [{master[0].pk}]
    monkeypatch.setattr(importers, "REFRESH_ALL_ABOVE", 1)
    import_order_lines(csv_file(HEADER, [line("L2"), line("L3", account="A2")]))
    assert calls[-1] is None
