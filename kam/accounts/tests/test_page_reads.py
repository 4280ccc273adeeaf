"""The 360° page's hand-written reads return what the ORM returns for the same rows."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Exists, OuterRef
from django.http import Http404

from kam.accounts import page_reads, selectors
from kam.accounts.account_page import ACCOUNT_FIELDS
from kam.accounts.models import Account, AccountRevenueYear
from kam.accounts.services import revenue_summary_refresh
from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.contacts.models import Contact
from kam.contacts.tests.factories import ContactFactory
from kam.orders.tests.factories import OrderLineFactory
from kam.products.tests.factories import ProductFactory, ProductLineFactory
from kam.users.choices import Department, Role
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SHOWN = [
    "pk",
    "external_id",
    "name",
    "legal_form",
    "parent_id",
    "industry",
    "employees",
    "street",
    "postal_code",
    "city",
    "country",
    "website",
    "tier",
    "owner_id",
]


@pytest.fixture
def group(kam_user):
    top = AccountFactory.create(name="Top Holding")
    parent = AccountFactory.create(name="Parent AG", parent=top)
    account = AccountFactory.create(
        name="Müller & Söhne <GmbH>",
        parent=parent,
        owner=kam_user,
        employees=1200,
        street="Hauptstraße 1",
        postal_code="70173",
        website="https://mueller.example",
        legal_form="gmbh",
    )
    AccountFactory.create(name="Child", parent=account)
    return account


def _orm_account(pk):
    return (
        Account.objects.select_related("owner", "parent")
        .only(*ACCOUNT_FIELDS)
        .annotate(has_subsidiaries=Exists(Account.objects.filter(parent=OuterRef("pk"))))
        .get(pk=pk)
    )


@pytest.mark.parametrize("which", ["group", "plain"])
def test_account_as_the_orm_reads_it(group, which):
    pk = group.pk if which == "group" else AccountFactory.create(owner=None, parent=None, country="").pk
    ours, theirs = page_reads.account(pk), _orm_account(pk)
    assert ours is not None
    assert [getattr(ours, name) for name in SHOWN] == [getattr(theirs, name) for name in SHOWN]
    assert ours.country == theirs.country
    assert type(ours.country) is type(theirs.country)
    assert ours.has_subsidiaries is bool(theirs.has_subsidiaries)  # type: ignore[attr-defined]
    assert str(ours.owner) == str(theirs.owner)
    assert ours.parent_id == theirs.parent_id
    if which == "group":
        assert ours.parent is not None
        assert theirs.parent is not None
        assert (ours.parent.name, ours.parent.parent_id) == (theirs.parent.name, theirs.parent.parent_id)
        assert [a.name for a in selectors.account_ancestors(account=ours)] == ["Parent AG", "Top Holding"]
    else:
        assert ours.parent is None
        assert ours.owner is None


def test_missing_account_is_none():
    assert page_reads.account(987654) is None
    assert page_reads.account_for_access(987654) is None


def test_account_for_page_applies_the_access_rule(group, kam_user, member_user, head_user):
    other = UserFactory.create(role=Role.KAM)
    assert selectors.account_for_page(user=kam_user, pk=group.pk).pk == group.pk
    assert selectors.account_for_page(user=head_user, pk=group.pk).pk == group.pk
    for denied in (other, member_user):
        with pytest.raises(Http404):
            selectors.account_for_page(user=denied, pk=group.pk)
        with pytest.raises(Http404):
            selectors.account_for_page(user=denied, pk=group.pk, full=False)
    AccountTeamMemberFactory.create(account=group, user=member_user)
    assert selectors.account_for_page(user=member_user, pk=group.pk, full=False).pk == group.pk
    with pytest.raises(Http404):
        selectors.account_for_page(user=head_user, pk=987654)


def test_contacts_as_the_orm_reads_them(group):
    ContactFactory.create(account=group, last_name="Zander", influence=4, last_contact_date=datetime.date(2026, 2, 3))
    ContactFactory.create(account=group, last_name="Adler", function="CEO", attitude="supporter")
    ContactFactory.create(account=group, last_name="Adler", first_name="Anna")
    ContactFactory.create()  # another account's
    fields = [
        f.attname
        for f in Contact._meta.concrete_fields
        if f.attname
        in {
            "id",
            "first_name",
            "last_name",
            "function",
            "buying_role",
            "attitude",
            "influence",
            "last_contact_date",
            "email",
            "phone",
            "account_id",
        }
    ]
    orm = group.contacts.only(*fields).order_by("last_name", "first_name", "pk")
    ours = page_reads.contacts(group.pk)
    assert [[getattr(c, f) for f in fields] for c in ours] == [[getattr(c, f) for f in fields] for c in orm]
    assert len(ours) == 3


def test_team_as_the_orm_reads_it(group):
    AccountTeamMemberFactory.create(
        account=group, department=Department.SALES, user=UserFactory.create(first_name="Bea", last_name="Zorn")
    )
    AccountTeamMemberFactory.create(
        account=group, department=Department.SALES, user=UserFactory.create(first_name="", last_name="", username="x")
    )
    AccountTeamMemberFactory.create(account=group, department=Department.CUSTOMER_SERVICE)
    AccountTeamMemberFactory.create()  # another account's
    orm = group.team.select_related("user").order_by("department", "user__last_name", "user__first_name")
    ours = page_reads.team(group.pk)
    assert [(m.pk, m.department, m.user_id, str(m.user)) for m in ours] == [
        (m.pk, m.department, m.user_id, str(m.user)) for m in orm
    ]
    assert [m.user.first_name for m in ours] == [m.user.first_name for m in orm]


def _sales(group):
    line = ProductLineFactory.create(name="Presses")
    products = [ProductFactory.create(product_line=line), ProductFactory.create()]
    for date, product, revenue, margin, qty in [
        (datetime.date(2024, 1, 5), products[0], "100.10", "30.05", "1.500"),
        (datetime.date(2024, 12, 31), products[0], "0.20", "0.10", "2"),
        (datetime.date(2025, 3, 1), products[0], "1000", "-5.25", "0.125"),
        (datetime.date(2025, 3, 1), products[1], "33.33", "3.33", "3"),
        (datetime.date(2023, 12, 31), products[1], "999", "9", "9"),  # before "since"
    ]:
        OrderLineFactory.create(
            account=group,
            product=product,
            date=date,
            net_revenue=Decimal(revenue),
            margin=Decimal(margin),
            quantity=Decimal(qty),
        )
    OrderLineFactory.create(date=datetime.date(2025, 3, 1))  # another account's
    revenue_summary_refresh(account_ids=[group.pk])


def test_product_sales_as_the_orm_reads_them(group, head_user):
    _sales(group)
    since = datetime.date(2024, 1, 1)
    orm = selectors.account_product_sales(user=head_user, account=group, since=since)
    ours = page_reads.product_sales(group.pk, since)

    def key(row):
        return row["product_id"], row["year"]

    assert sorted(ours, key=key) == sorted(orm, key=key)
    assert [[type(v) for v in row.values()] for row in sorted(ours, key=key)] == [
        [type(v) for v in row.values()] for row in sorted(orm, key=key)
    ]
    assert len(ours) == 3
    assert page_reads.product_sales(group.pk, datetime.date(2030, 1, 1)) == []


def test_revenue_years_as_the_orm_reads_them(group, head_user):
    _sales(group)
    child = group.subsidiaries.get()
    OrderLineFactory.create(account=child, date=datetime.date(2025, 6, 1), net_revenue=Decimal("12.34"))
    revenue_summary_refresh(account_ids=[child.pk])
    ids = [group.pk, child.pk]
    orm = AccountRevenueYear.objects.filter(account_id__in=ids).values("account_id", "year", "net_revenue", "margin")

    def key(row):
        return row["account_id"], row["year"]

    assert sorted(page_reads.revenue_years(ids), key=key) == sorted(orm, key=key)
    assert selectors.revenue_by_year_of(group, page_reads.revenue_years(ids)) == selectors.account_revenue_by_year(
        user=head_user, account=group
    )
