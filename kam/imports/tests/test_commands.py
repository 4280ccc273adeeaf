"""The ``kam import`` and ``kam export`` commands."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from kam.accounts.models import Account
from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.cli import main
from kam.orders.tests.factories import OrderLineFactory
from kam.products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

ACCOUNTS = "external_id,name,tier,owner_username\nC1,Acme,key,kam-user\nC2,Beta,growth,\n"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_help_names_the_format_document(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["kam", "import", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "docs/import-format.md" in out
    assert "--dry-run" in out


def test_import_twice_then_nothing_changes(tmp_path, kam_user):
    path = tmp_path / "accounts.csv"
    path.write_text(ACCOUNTS, encoding="utf-8")
    out, _err = run("import", "accounts", str(path), "--user", "kam-user")
    assert "2 rows: 2 created, 0 changed, 0 unchanged." in out
    assert "rows/s" in out
    assert Account.objects.get(external_id="C1").owner == kam_user
    assert Account.history.filter(history_user=kam_user).count() == 2
    out, _err = run("import", "accounts", str(path))
    assert "2 rows: 0 created, 0 changed, 2 unchanged." in out


def test_dry_run_writes_nothing(tmp_path, kam_user):
    path = tmp_path / "accounts.csv"
    path.write_text(ACCOUNTS, encoding="utf-8")
    out, _err = run("import", "accounts", str(path), "--dry-run")
    assert "Dry run, nothing was written: 2 rows would give 2 created" in out
    assert not Account.objects.exists()


def test_refused_file_prints_errors_and_exits_non_zero(tmp_path):
    path = tmp_path / "accounts.csv"
    path.write_text("external_id,name,tier,colour\nC1,Acme,premium,red\nC1,Beta,key,blue\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("import", "accounts", str(path), stderr=err)
    assert info.value.returncode == 1  # ``kam import`` exits with this code
    assert str(info.value) == "2 errors"
    text = err.getvalue()
    assert "The file was refused; nothing was written. 2 errors:" in text
    assert 'row 2, column "tier", value "premium": Unknown value; allowed are: key, growth, standard.' in text
    assert 'row 3, column "external_id", value "C1": Duplicate key: the same external_id is already in row 2.' in text
    assert 'row 1, column "colour"' in text  # the warning
    assert not Account.objects.exists()


def test_import_missing_file_and_unknown_user(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run("import", "accounts", str(tmp_path / "nope.csv"))
    path = tmp_path / "a.csv"
    path.write_text(ACCOUNTS, encoding="utf-8")
    with pytest.raises(CommandError, match="No user with username ghost"):
        run("import", "accounts", str(path), "--user", "ghost")


def test_import_xlsx_orders(tmp_path):
    AccountFactory(external_id="A1")
    ProductFactory(sku="P1")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["external_id", "account_external_id", "product_sku", "date", "quantity", "net_revenue", "margin"])
    sheet.append(["L1", "A1", "P1", "2025-03-15", 1, 99.5, 10])
    path = tmp_path / "lines.xlsx"
    workbook.save(path)
    out, _err = run("import", "orders", str(path))
    assert "1 rows: 1 created" in out


@pytest.fixture
def portfolio(kam_user, member_user):
    owned = AccountFactory(external_id="A1", owner=kam_user, tier="key")
    AccountFactory(external_id="A2", owner=kam_user, tier="standard")
    team = AccountFactory(external_id="A3", tier="key")
    AccountTeamMemberFactory(account=team, user=member_user)
    AccountFactory(external_id="A4", tier="key")
    product = ProductFactory(sku="P1")
    OrderLineFactory(external_id="L1", account=owned, product=product)
    OrderLineFactory(external_id="L2", account=team, product=product)


def keys(text):
    return sorted(row["external_id"] for row in csv.DictReader(io.StringIO(text)))


def test_export_applies_the_users_access(portfolio):
    assert keys(run("export", "accounts", "--user", "kam-user")[0]) == ["A1", "A2"]
    assert keys(run("export", "accounts", "--user", "member-user")[0]) == ["A3"]
    assert keys(run("export", "orders", "--user", "kam-user")[0]) == ["L1"]
    assert keys(run("export", "orders", "--user", "member-user")[0]) == ["L2"]


def test_export_filters(portfolio, head_user):
    assert keys(run("export", "accounts", "--user", "kam-user", "--tier", "key")[0]) == ["A1"]
    assert keys(run("export", "accounts", "--user", "head-user", "--tier", "key", "--tier", "standard")[0]) == [
        "A1",
        "A2",
        "A3",
        "A4",
    ]
    assert keys(run("export", "accounts", "--user", "head-user", "--owner", "kam-user")[0]) == ["A1", "A2"]
    with pytest.raises(CommandError, match="--tier does not apply to products"):
        run("export", "products", "--user", "head-user", "--tier", "key")
    with pytest.raises(CommandError, match="Invalid filter"):
        run("export", "accounts", "--user", "head-user", "--tier", "premium")
    with pytest.raises(CommandError, match="No user with username ghost"):
        run("export", "accounts", "--user", "ghost")


def test_export_to_xlsx_and_csv_files(portfolio, tmp_path):
    target = tmp_path / "accounts.xlsx"
    _out, err = run("export", "accounts", "--user", "kam-user", "--output", str(target))
    assert "Written to" in err
    sheet = openpyxl.load_workbook(target).worksheets[0]
    assert sorted(str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)) == ["A1", "A2"]
    target = tmp_path / "accounts.csv"
    run("export", "accounts", "--user", "kam-user", "--output", str(target), "--bom")
    assert target.read_bytes().startswith(b"\xef\xbb\xbfexternal_id,name,")
    with pytest.raises(CommandError, match="needs --output"):
        run("export", "accounts", "--user", "kam-user", "--format", "xlsx")
