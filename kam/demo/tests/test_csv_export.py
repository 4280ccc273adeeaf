"""Writing the demo company as CSV files in KAM's import layout."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

import pytest

from kam.accounts.importers import import_accounts
from kam.contacts.importers import import_contacts
from kam.demo.csv_export import (
    ACCOUNT_COLUMNS,
    CONTACT_COLUMNS,
    ORDER_LINE_COLUMNS,
    PRODUCT_COLUMNS,
    write_csv,
)
from kam.demo.generator import generate
from kam.orders.importers import import_order_lines
from kam.orders.models import OrderLine
from kam.products.importers import import_products
from kam.users.models import User

TODAY = dt.date(2026, 5, 20)


def read(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_writes_four_files_with_the_documented_columns(tmp_path):
    company = generate(seed=2, customers=40, order_lines=1_500, today=TODAY)

    files = write_csv(tmp_path, company)

    assert set(files) == {"accounts", "products", "contacts", "order_lines"}
    expected = {
        "accounts": ACCOUNT_COLUMNS,
        "products": PRODUCT_COLUMNS,
        "contacts": CONTACT_COLUMNS,
        "order_lines": ORDER_LINE_COLUMNS,
    }
    for name, columns in expected.items():
        rows = read(tmp_path / f"{name}.csv")
        assert tuple(rows[0]) == columns
        assert len(rows) - 1 == files[name].rows
        assert all(len(row) == len(columns) for row in rows)
    assert files["accounts"].rows == 40
    assert files["order_lines"].rows == 1_500
    assert files["products"].rows == len(company.products)
    assert ACCOUNT_COLUMNS == (
        "external_id", "name", "legal_form", "parent_external_id", "industry", "employees", "street",
        "postal_code", "city", "country", "website", "tier", "owner_username",
    )  # fmt: skip


def test_values_round_trip(tmp_path):
    company = generate(seed=2, customers=40, order_lines=1_500, today=TODAY)

    write_csv(tmp_path, company)

    header, *rows = read(tmp_path / "order_lines.csv")
    lines = list(company.order_lines())
    assert [row[0] for row in rows] == [line.external_id for line in lines]
    assert sum(Decimal(row[header.index("net_revenue")]) for row in rows) == sum(line.net_revenue for line in lines)
    assert {dt.date.fromisoformat(row[header.index("date")]) for row in rows} == {line.date for line in lines}
    header, *rows = read(tmp_path / "accounts.csv")
    assert [row[0] for row in rows] == [account.external_id for account in company.accounts]
    header, *rows = read(tmp_path / "products.csv")
    assert {row[header.index("active")] for row in rows} == {"true", "false"}
    assert all(row[header.index("product_line_name")] for row in rows)


def test_generates_from_options_reproducibly(tmp_path):
    first = write_csv(tmp_path / "one", seed=8, customers=25, order_lines=400, today=TODAY)
    second = write_csv(tmp_path / "two", seed=8, customers=25, order_lines=400, today=TODAY)

    for name in first:
        assert first[name].path.read_bytes() == second[name].path.read_bytes()


def test_reports_progress_per_file(tmp_path):
    seen = []

    write_csv(tmp_path, seed=1, customers=10, order_lines=50, today=TODAY, progress=lambda *args: seen.append(args))

    assert [name for name, _rows in seen] == ["accounts.csv", "products.csv", "contacts.csv", "order_lines.csv"]
    assert seen[-1][1] == 50


@pytest.mark.django_db
def test_files_are_accepted_by_the_importers(tmp_path):
    company = generate(seed=2, customers=40, order_lines=1_500, today=TODAY)
    for user in company.users:
        User.objects.create(username=user.username, role=user.role)
    files = write_csv(tmp_path, company)

    for name, importer in (
        ("accounts", import_accounts),
        ("products", import_products),
        ("contacts", import_contacts),
        ("order_lines", import_order_lines),
    ):
        with files[name].path.open("rb") as stream:
            result = importer(stream, source_name=files[name].path.name)
        assert result.created == files[name].rows
    assert OrderLine.objects.count() == 1_500
