"""Loading the demo company into the database, and flushing business data."""

from __future__ import annotations

import collections
import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear

from kam.accounts.models import Account, AccountRevenueYear, AccountTeamMember
from kam.accounts.tests.factories import AccountFactory
from kam.contacts.models import Contact
from kam.demo.generator import DemoCompany, generate
from kam.demo.services import (
    DemoDataError,
    business_data_counts,
    demo_data_flush,
    demo_data_load,
    demo_logins,
)
from kam.orders.models import OrderLine
from kam.products.models import Product, ProductLine
from kam.users.choices import Role
from kam.users.models import User
from kam.users.tests.factories import UserFactory

TODAY = dt.date(2026, 5, 20)
CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def company() -> DemoCompany:
    return generate(seed=4, customers=50, order_lines=2_000, today=TODAY)


def test_load_writes_every_record(db, company):
    result = demo_data_load(company=company)

    contacts = list(company.contacts())
    assert Account.objects.count() == len(company.accounts) == 50
    assert OrderLine.objects.count() == 2_000
    assert Contact.objects.count() == len(contacts)
    assert Product.objects.count() == len(company.products)
    assert ProductLine.objects.count() == len(company.product_lines)
    assert AccountTeamMember.objects.count() == len(company.team_members)
    assert User.objects.count() == len(company.users)
    assert result.counts["order_lines"] == 2_000
    assert result.counts["accounts"] == 50


def test_loaded_values_match_the_generated_records(db, company):
    demo_data_load(company=company)

    records = {line.external_id: line for line in company.order_lines()}
    stored = OrderLine.objects.select_related("account", "product").order_by("?")[:200]
    for line in stored:
        record = records[line.external_id]
        assert line.account.external_id == record.account_external_id
        assert line.product.sku == record.product_sku
        assert line.date == record.date
        assert line.quantity == record.quantity
        assert line.net_revenue.quantize(CENT) == record.net_revenue
        assert line.margin.quantize(CENT) == record.margin
        assert line.document_number == record.document_number
    total = OrderLine.objects.aggregate(total=Sum("net_revenue"))["total"]
    assert total.quantize(CENT) == sum(record.net_revenue for record in records.values())


def test_group_structure_owners_and_reporting_lines_are_linked(db, company):
    demo_data_load(company=company)

    accounts = {
        external_id: (parent or "", owner or "", tier)
        for external_id, parent, owner, tier in Account.objects.values_list(
            "external_id", "parent__external_id", "owner__username", "tier"
        )
    }
    assert accounts == {r.external_id: (r.parent_external_id, r.owner_username, r.tier) for r in company.accounts}
    contacts = {
        external_id: (account, boss or "")
        for external_id, account, boss in Contact.objects.values_list(
            "external_id", "account__external_id", "reports_to__external_id"
        )
    }
    assert contacts == {r.external_id: (r.account_external_id, r.reports_to_external_id) for r in company.contacts()}


def test_revenue_summary_equals_the_order_line_sums(db, company):
    demo_data_load(company=company)

    expected = {
        (row["account_id"], row["year"]): (row["revenue"], row["margin"], row["lines"])
        for row in OrderLine.objects.annotate(year=ExtractYear("date"))
        .values("account_id", "year")
        .annotate(revenue=Sum("net_revenue"), margin=Sum("margin"), lines=Count("id"))
    }
    stored = {(row.account_id, row.year): row for row in AccountRevenueYear.objects.all()}
    assert set(stored) == set(expected)
    for key, (revenue, margin, lines) in expected.items():
        assert stored[key].net_revenue.quantize(CENT) == revenue.quantize(CENT)
        assert stored[key].margin.quantize(CENT) == margin.quantize(CENT)
        assert stored[key].order_lines == lines


def test_demo_users_log_in_with_their_demo_passwords(db, company):
    result = demo_data_load(company=company)

    assert {login.username for login in result.logins} == {user.username for user in company.users}
    for record in company.users:
        user = User.objects.get(username=record.username)
        assert user.check_password(record.password)
        assert user.role == record.role
        assert user.email == record.email
    assert all(login.created for login in result.logins)


def test_accounts_and_contacts_get_a_first_history_record(db, company):
    demo_data_load(company=company)

    assert Account.history.filter(history_type="+").count() == len(company.accounts)
    assert Contact.history.filter(history_type="+").count() == Contact.objects.count()


def test_load_refuses_a_database_with_business_data(db, company):
    AccountFactory()

    with pytest.raises(DemoDataError, match="1 accounts"):
        demo_data_load(company=company)
    assert Account.objects.count() == 1
    assert not User.objects.filter(username="klara.kessler").exists()


def test_existing_users_keep_their_password(db, company):
    UserFactory(username="admin", role=Role.ADMIN, password="my-own-secret-password")

    result = demo_data_load(company=company)

    admin = User.objects.get(username="admin")
    assert admin.check_password("my-own-secret-password")
    login = next(login for login in result.logins if login.username == "admin")
    assert not login.created
    assert User.objects.filter(username="admin").count() == 1


def test_demo_logins_lists_only_users_that_exist(db, company):
    UserFactory(username="klara.kessler")

    logins = demo_logins(company.users)

    assert [login.username for login in logins] == ["klara.kessler"]
    assert logins[0].password == "demo-kam-2026"


def test_flush_deletes_business_data_and_keeps_users(db, company):
    demo_data_load(company=company)
    users = User.objects.count()

    deleted = demo_data_flush()

    assert deleted["accounts"] == 50
    assert deleted["order_lines"] == 2_000
    assert set(business_data_counts().values()) == {0}
    assert AccountRevenueYear.objects.count() == 0
    assert AccountTeamMember.objects.count() == 0
    assert Account.history.count() == 0
    assert User.objects.count() == users


def test_load_after_flush_gives_the_new_data(db, company):
    demo_data_load(company=company)
    demo_data_flush()
    other = generate(seed=9, customers=30, order_lines=500, today=TODAY)

    result = demo_data_load(company=other)

    assert Account.objects.count() == 30
    assert OrderLine.objects.count() == 500
    assert not any(login.created for login in result.logins)
    names = collections.Counter(Account.objects.values_list("name", flat=True))
    assert set(names) == {account.name for account in other.accounts}
