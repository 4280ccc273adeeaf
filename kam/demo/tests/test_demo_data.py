"""The ``kam demo-data`` command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kam.accounts.models import Account, AccountRevenueYear
from kam.accounts.tests.factories import AccountFactory
from kam.cli import main as kam_main
from kam.orders.models import OrderLine
from kam.products.models import Product
from kam.products.tests.factories import ProductFactory
from kam.users.models import User

SMALL = ("--customers", "50", "--order-lines", "2000", "--today", "2026-05-20")


def run(*args: str) -> str:
    out = StringIO()
    call_command("demo_data", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_loads_a_small_company_and_prints_the_logins():
    output = run(*SMALL, "--seed", "3")

    assert Account.objects.count() == 50
    assert OrderLine.objects.count() == 2_000
    assert AccountRevenueYear.objects.exists()
    assert User.objects.count() == 10
    assert "Demo logins:" in output
    assert "klara.kessler" in output
    assert "demo-kam-2026" in output
    assert "Administrator" in output
    assert "order lines: 2,000 / 2,000 (100%)" in output


@pytest.mark.django_db
def test_if_empty_keeps_existing_data():
    run(*SMALL, "--seed", "3")
    names = set(Account.objects.values_list("name", flat=True))

    output = run("--if-empty", "--seed", "4", "--customers", "80", "--order-lines", "100")

    assert "the demo data is not loaded" in output
    assert "klara.kessler" in output
    assert set(Account.objects.values_list("name", flat=True)) == names
    assert OrderLine.objects.count() == 2_000


@pytest.mark.django_db
def test_if_empty_loads_into_an_empty_database():
    run("--if-empty", *SMALL)

    assert Account.objects.count() == 50


@pytest.mark.django_db
def test_if_empty_keeps_accounts_from_elsewhere():
    AccountFactory(name="Imported customer")

    output = run("--if-empty", *SMALL)

    assert list(Account.objects.values_list("name", flat=True)) == ["Imported customer"]
    assert "No demo users found." in output


@pytest.mark.django_db
def test_if_empty_keeps_products_without_accounts():
    ProductFactory(sku="OWN-1")

    output = run("--if-empty", *SMALL)

    assert "1 products" in output
    assert list(Product.objects.values_list("sku", flat=True)) == ["OWN-1"]
    assert Account.objects.count() == 0


@pytest.mark.django_db
def test_refuses_to_load_over_existing_data():
    AccountFactory()

    with pytest.raises(CommandError, match="--flush"):
        run(*SMALL)
    assert Account.objects.count() == 1
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_flush_without_input_replaces_the_data():
    run(*SMALL, "--seed", "3")

    output = run("--flush", "--no-input", "--seed", "5", "--customers", "20", "--order-lines", "300")

    assert "Deleted 50 accounts" in output
    assert Account.objects.count() == 20
    assert OrderLine.objects.count() == 300
    assert User.objects.count() == 10


@pytest.mark.django_db
def test_flush_asks_and_a_no_changes_nothing(monkeypatch):
    AccountFactory()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="cancelled"):
        run("--flush", *SMALL)
    assert Account.objects.count() == 1


@pytest.mark.django_db
def test_flush_asks_and_yes_goes_ahead(monkeypatch):
    AccountFactory()
    prompts: list[str] = []

    def answer(prompt: str) -> str:
        prompts.append(prompt)
        return "yes"

    monkeypatch.setattr("builtins.input", answer)

    run("--flush", *SMALL)

    assert "1 accounts" in prompts[0]
    assert Account.objects.count() == 50


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--today", "31.12.2025"), "--today must be a date"),
        (("--users", "3"), "users must be at least 4"),
        (("--customers", "0"), "customers must be between"),
        (("--order-lines", "-5"), "order lines must be between"),
        (("--batch-size", "0"), "--batch-size"),
    ],
)
def test_bad_options_are_refused_clearly(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert Account.objects.count() == 0


@pytest.mark.django_db
def test_quiet_run_prints_no_progress_but_the_logins():
    output = run(*SMALL, "-v", "0")

    assert "order lines:" not in output
    assert "klara.kessler" in output


def test_kam_demo_data_help_explains_the_options(capsys):
    with pytest.raises(SystemExit) as exit_info:
        kam_main(["kam", "demo-data", "--help"])

    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for option in ("--seed", "--customers", "--order-lines", "--users", "--today", "--if-empty", "--flush"):
        assert option in text
