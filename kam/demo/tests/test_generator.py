"""The generator on its own (no database): reproducible, sized as asked, realistic in shape."""

from __future__ import annotations

import collections
import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest

from kam.accounts.choices import Industry, LegalForm, Tier
from kam.contacts.choices import Attitude, BuyingRole, ContactDepartment
from kam.demo.generator import DemoCompany, generate
from kam.demo.generator.catalog import PRODUCT_LINES
from kam.users.choices import Department, Role

TODAY = dt.date(2026, 5, 20)


@pytest.fixture(scope="module")
def company() -> DemoCompany:
    return generate(seed=11, customers=400, order_lines=20_000, today=TODAY)


@pytest.fixture(scope="module")
def lines(company):
    return list(company.order_lines())


@pytest.fixture(scope="module")
def contacts(company):
    return list(company.contacts())


def test_same_seed_gives_identical_data():
    first = generate(seed=5, customers=60, order_lines=3_000, today=TODAY)
    second = generate(seed=5, customers=60, order_lines=3_000, today=TODAY)
    assert first.accounts == second.accounts
    assert first.users == second.users
    assert first.team_members == second.team_members
    assert list(first.contacts()) == list(second.contacts())
    assert list(first.order_lines()) == list(second.order_lines())


def test_order_lines_can_be_generated_again_identically():
    company = generate(seed=5, customers=30, order_lines=1_000, today=TODAY)
    assert list(company.order_lines()) == list(company.order_lines())


def test_other_seed_gives_other_data():
    first = generate(seed=5, customers=60, order_lines=3_000, today=TODAY)
    second = generate(seed=6, customers=60, order_lines=3_000, today=TODAY)
    assert [a.name for a in first.accounts] != [a.name for a in second.accounts]
    assert list(first.order_lines()) != list(second.order_lines())


@pytest.mark.parametrize(("customers", "order_lines"), [(1, 10), (3, 0), (50, 2_000), (123, 4_567)])
def test_sizes_are_respected(customers, order_lines):
    company = generate(seed=1, customers=customers, order_lines=order_lines, today=TODAY)
    assert len(company.accounts) == customers
    assert sum(1 for _ in company.order_lines()) == order_lines


@pytest.mark.parametrize("users", [4, 7, 10, 25])
def test_users_have_every_role_and_known_passwords(users):
    company = generate(seed=1, customers=20, order_lines=100, today=TODAY, users=users)
    assert len(company.users) == users
    assert len({user.username for user in company.users}) == users
    assert {user.role for user in company.users} >= {Role.ADMIN, Role.HEAD_OF_KAM, Role.KAM, Role.TEAM_MEMBER}
    for user in company.users:
        assert user.email.endswith(("@example.com", "@example.de"))
        assert len(user.password) >= 12
        assert user.department in Department.values or user.department == ""
    assert any(user.first_name == "Klara" and user.role == Role.KAM for user in company.users)


@pytest.mark.parametrize(
    "options",
    [{"customers": 0}, {"order_lines": -1}, {"users": 3}, {"customers": 600_000}],
)
def test_invalid_sizes_are_refused(options):
    with pytest.raises(ValueError, match="must be"):
        generate(**{"seed": 1, "customers": 10, "order_lines": 10, "today": TODAY, **options})


def test_revenue_is_heavy_tailed(company, lines):
    revenue: collections.Counter[str] = collections.Counter()
    for line in lines:
        revenue[line.account_external_id] += line.net_revenue
    values = sorted((revenue.get(a.external_id, Decimal(0)) for a in company.accounts), reverse=True)
    top_fifth = sum(values[: len(values) // 5])
    assert top_fifth >= Decimal("0.6") * sum(values)


def test_every_order_line_refers_to_an_existing_account_and_product(company, lines):
    accounts = {account.external_id for account in company.accounts}
    products = {product.sku for product in company.products}
    assert {line.account_external_id for line in lines} <= accounts
    assert {line.product_sku for line in lines} <= products


def test_order_lines_are_plausible_facts(company, lines):
    first, last = company.period
    assert first == dt.date(2023, 1, 1)
    assert last == TODAY
    assert len({line.external_id for line in lines}) == len(lines)
    for line in lines:
        assert line.quantity >= 0
        assert first <= line.date <= last
        assert line.date.weekday() < 5
        assert line.net_revenue.as_tuple().exponent == -2
    credit_notes = [line for line in lines if line.net_revenue < 0]
    assert 0 < len(credit_notes) < 0.02 * len(lines)
    assert all(line.document_number.startswith("GS-") for line in credit_notes)


def test_documents_carry_several_lines_of_one_customer_and_date(lines):
    documents = collections.defaultdict(set)
    for line in lines:
        documents[line.document_number].add((line.account_external_id, line.date))
    assert all(len(keys) == 1 for keys in documents.values())
    assert len(documents) < 0.8 * len(lines)


def test_the_last_three_years_and_this_year_are_covered(lines):
    years = collections.Counter(line.date.year for line in lines)
    assert set(years) == {2023, 2024, 2025, 2026}
    assert min(years[2023], years[2024], years[2025]) > years[2026] / 2


def test_august_and_december_are_weaker_than_the_average_month():
    company = generate(seed=3, customers=300, order_lines=40_000, today=dt.date(2026, 1, 10))
    months = collections.Counter(line.date.month for line in company.order_lines())
    average = sum(months.values()) / 12
    assert months[8] < 0.8 * average
    assert months[12] < 0.85 * average


def test_some_customers_stop_buying_and_some_start_later(lines):
    years = collections.defaultdict(set)
    for line in lines:
        years[line.account_external_id].add(line.date.year)
    assert any(max(bought) <= 2024 for bought in years.values())
    assert any(min(bought) >= 2025 for bought in years.values())


def test_a_reference_date_on_a_weekend_gives_business_days_up_to_it():
    sunday = dt.date(2026, 11, 29)
    company = generate(seed=2, customers=80, order_lines=5_000, today=sunday)
    dates = {line.date for line in company.order_lines()}
    assert max(dates) <= sunday
    assert all(date.weekday() < 5 for date in dates)


def test_group_structures_have_no_cycles_and_parents_come_first(company):
    position = {account.external_id: index for index, account in enumerate(company.accounts)}
    parents = {account.external_id: account.parent_external_id for account in company.accounts}
    children = [account for account in company.accounts if account.parent_external_id]
    assert len(children) > 20
    for account in children:
        assert position[account.parent_external_id] < position[account.external_id]
        seen, node = set(), account.external_id
        while node:
            assert node not in seen
            seen.add(node)
            node = parents[node]


def test_accounts_use_valid_codes(company):
    for account in company.accounts:
        assert account.external_id.startswith("C")
        assert len(account.external_id) == 7
        assert account.industry in Industry.values
        assert account.legal_form in LegalForm.values
        assert account.tier in Tier.values
        assert ".example.de" in account.website
    assert {account.industry for account in company.accounts} >= {
        "automotive", "chemicals", "food", "medical", "logistics",
    }  # fmt: skip
    assert len({account.external_id for account in company.accounts}) == len(company.accounts)


def test_tiers_and_owners(company):
    tiers = collections.Counter(account.tier for account in company.accounts)
    assert 0.02 * len(company.accounts) <= tiers["key"] <= 0.06 * len(company.accounts)
    assert tiers["growth"] > 0
    assert tiers["standard"] > 0.8 * len(company.accounts)
    kams = {user.username for user in company.users if user.role == Role.KAM}
    assert all(account.owner_username in kams for account in company.accounts if account.tier == "key")
    assert all(account.owner_username == "" for account in company.accounts if account.tier == "standard")


def test_key_accounts_are_mostly_big_customers(company, lines):
    revenue: collections.Counter[str] = collections.Counter()
    for line in lines:
        revenue[line.account_external_id] += line.net_revenue
    tiers = {account.external_id: account.tier for account in company.accounts}
    average = {
        tier: sum(revenue[a] for a, t in tiers.items() if t == tier)
        / max(1, sum(1 for t in tiers.values() if t == tier))
        for tier in ("key", "standard")
    }
    assert average["key"] > 3 * average["standard"]


def test_account_teams_use_known_users_on_key_and_growth_accounts(company):
    usernames = {user.username for user in company.users}
    tiers = {account.external_id: account.tier for account in company.accounts}
    assert company.team_members
    for member in company.team_members:
        assert member.username in usernames
        assert tiers[member.account_external_id] in ("key", "growth")
        assert member.department in Department.values
    pairs = [(m.account_external_id, m.username) for m in company.team_members]
    assert len(pairs) == len(set(pairs))


def test_contacts_form_a_buying_centre(company, contacts, lines):
    by_id = {contact.external_id: contact for contact in contacts}
    assert len(by_id) == len(contacts)
    accounts = {account.external_id for account in company.accounts}
    for contact in contacts:
        assert contact.account_external_id in accounts
        assert contact.buying_role in BuyingRole.values
        assert contact.attitude in Attitude.values
        assert contact.department in ContactDepartment.values
        assert 1 <= contact.influence <= 5
        assert contact.email.endswith(".example.de")
        assert contact.last_contact_date is None or contact.last_contact_date <= TODAY
        if contact.reports_to_external_id:
            boss = by_id[contact.reports_to_external_id]
            assert boss.account_external_id == contact.account_external_id
            assert boss.external_id < contact.external_id
    buyers = {line.account_external_id for line in lines}
    key_accounts = {a.external_id for a in company.accounts if a.tier == "key" and a.external_id in buyers}
    per_account = collections.Counter(contact.account_external_id for contact in contacts)
    assert all(per_account[account] >= 8 for account in key_accounts)
    assert {contact.buying_role for contact in contacts} >= {"decision_maker", "buyer", "influencer", "user"}


def test_catalogue_has_product_lines_with_margins(company):
    codes = {line.code for line in company.product_lines}
    assert codes == {line.code for line in PRODUCT_LINES}
    assert {"PRESS", "CNC", "AUTO", "PARTS", "SERVICE", "TRAINING", "RETROFIT", "IOT"} <= codes
    skus = [product.sku for product in company.products]
    assert len(skus) == len(set(skus))
    for product in company.products:
        assert product.product_line_code in codes
        assert product.list_price > 0
        assert 0 < product.margin_percent < 100


def test_machines_come_with_aftermarket_purchases(company, lines):
    """Customers who own machines buy spare parts; bigger customers buy more product lines."""
    line_of = {product.sku: product.product_line_code for product in company.products}
    bought = collections.defaultdict(set)
    revenue: collections.Counter[str] = collections.Counter()
    for line in lines:
        bought[line.account_external_id].add(line_of[line.product_sku])
        revenue[line.account_external_id] += line.net_revenue
    machine_buyers = [a for a, codes in bought.items() if codes & {"PRESS", "CNC", "AUTO"}]
    assert sum(1 for a in machine_buyers if "PARTS" in bought[a]) > 0.8 * len(machine_buyers)
    ranked = sorted(bought, key=lambda account: revenue[account], reverse=True)
    top, bottom = ranked[: len(ranked) // 5], ranked[-len(ranked) // 5 :]
    breadth = {
        name: sum(len(bought[a]) for a in group) / len(group) for name, group in (("top", top), ("bottom", bottom))
    }
    assert breadth["top"] > breadth["bottom"] + 1


def test_generator_and_csv_export_do_not_need_django():
    code = "import sys, kam.demo.csv_export; print(any(m.startswith('django') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
