"""The unfiltered account list's hand-written reads return what the filter set's path returns."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory
from django.utils import translation

from kam.accounts import list_reads, selectors
from kam.accounts.access import visible_accounts, visible_ids_sql
from kam.accounts.account_rows import ROW_VALUES
from kam.accounts.filters import AccountFilter
from kam.accounts.models import Account, AccountRevenueYear
from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.core.filter_bar import filter_bar
from kam.users.choices import Role
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

YEAR = datetime.date.today().year
FIELDS = "q tier owner industry country"


@pytest.fixture
def portfolio(kam_user, member_user):
    """Accounts owned, on a team, both, of others, without owner; parents, revenue in some years, equal names."""
    parent = AccountFactory.create(name="Zeta Holding", owner=None)
    owned = AccountFactory.create(name="Alpha & <Co>", owner=kam_user, parent=parent, city="Köln", country="DE")
    both = AccountFactory.create(name="Beta", owner=kam_user)
    AccountTeamMemberFactory(account=both, user=kam_user)
    on_team = AccountFactory.create(name="Beta", owner=UserFactory(role=Role.KAM, first_name="", last_name=""))
    AccountTeamMemberFactory(account=on_team, user=kam_user)
    AccountTeamMemberFactory(account=on_team, user=member_user)
    owned_by_member = AccountFactory.create(name="Gamma", owner=member_user)  # a team member does not see what they own
    AccountFactory.create_batch(3, owner=None)
    for account, year, revenue in [
        (owned, YEAR - 1, Decimal("1234.50")),
        (owned, YEAR, Decimal("99.99")),
        (on_team, YEAR - 1, Decimal("0.10")),
        (parent, YEAR - 2, Decimal("5.00")),
        (owned_by_member, YEAR, Decimal("1000000.01")),
    ]:
        AccountRevenueYear.objects.create(
            account=account, year=year, net_revenue=revenue, margin=revenue / 2, order_lines=1
        )
    return {"owned": owned, "both": both, "on_team": on_team}


def _every_role(kam_user, member_user, head_user, admin_user):
    outsider = UserFactory(role=Role.TEAM_MEMBER)
    lone_kam = UserFactory(role=Role.KAM)
    superuser = UserFactory(role=Role.TEAM_MEMBER, is_superuser=True)
    inactive = UserFactory(role=Role.KAM, is_active=False)
    return [admin_user, head_user, kam_user, member_user, outsider, lone_kam, superuser, inactive]


def _ids_by_sql(user):
    access = visible_ids_sql(user, "a.id")
    where, params = ("", []) if access is None else (f" WHERE {access[0]}", access[1])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT a.id FROM accounts_account a{where}", params)
        return sorted(row[0] for row in cursor.fetchall())


def test_access_rule_as_sql_selects_what_visible_accounts_does_for_every_role(
    portfolio, kam_user, member_user, head_user, admin_user
):
    users = _every_role(kam_user, member_user, head_user, admin_user)
    seen = [_ids_by_sql(user) for user in users]
    assert seen == [sorted(visible_accounts(user).values_list("pk", flat=True)) for user in users]
    assert seen[0] == seen[1] == sorted(Account.objects.values_list("pk", flat=True))  # admin, head: all
    assert seen[2] == sorted(a.pk for a in portfolio.values())  # the KAM: owned and on team, once each
    assert seen[3] == [portfolio["on_team"].pk]  # the team member: only the team, not what they own
    assert seen[4] == seen[5] == seen[7] == []  # outsider, KAM without accounts, inactive


def _orm_rows(user):
    return list(selectors.account_list(user=user).order_by("name", "pk").values(*ROW_VALUES))


def _strict(rows):
    """Rows with the revenue's digits spelt out: 0 and 0.00 compare equal but print differently."""
    return [
        {**row, "revenue_last_year": str(row["revenue_last_year"]), "revenue_this_year": str(row["revenue_this_year"])}
        for row in rows
    ]


def test_count_and_page_read_what_the_filter_sets_path_reads_for_every_role(
    portfolio, kam_user, member_user, head_user, admin_user
):
    for user in _every_role(kam_user, member_user, head_user, admin_user):
        reads = list_reads.VisibleAccountRows(user, YEAR)
        orm = _orm_rows(user)
        assert reads.count() == len(orm)
        assert _strict(reads[0 : len(orm) + 5]) == _strict(orm)
        assert _strict(reads[1:3]) == _strict(orm[1:3])
        assert reads[3:3] == []


def test_pages_match_the_filter_sets_paginator(client, kam_user, head_user, portfolio):
    AccountFactory.create_batch(95, name="Same name", owner=kam_user)  # 103 accounts, 98 for the KAM: 3 and 2 pages
    for user, count in [(head_user, 103), (kam_user, 98)]:
        client.force_login(user)
        for number in ["1", "2", "3", "99", "x", "-1", ""]:
            fast = client.get("/accounts/", {"page": number})
            orm = client.get("/accounts/", {"page": number, "q": ""})  # an empty search takes the filter set's path
            assert isinstance(fast.context["page"].paginator.object_list, list_reads.VisibleAccountRows)
            assert not isinstance(orm.context["page"].paginator.object_list, list_reads.VisibleAccountRows)
            assert fast.context["page"].number == orm.context["page"].number
            assert fast.context["page"].paginator.count == orm.context["page"].paginator.count == count
            assert fast.context["rows"] == orm.context["rows"]


def _orm_bar(path):
    request = RequestFactory().get(path)
    filterset = AccountFilter(request.GET, queryset=Account.objects.none(), request=request)
    return filter_bar(request, filterset, FIELDS)


def test_filter_bar_is_the_filter_sets_bar_in_each_language_and_follows_owner_changes(kam_user, head_user):
    UserFactory(role=Role.KAM, first_name="", last_name="", username="nameless <kam>")
    UserFactory(role=Role.KAM, is_active=False, last_name="Gone")
    UserFactory(role=Role.TEAM_MEMBER, last_name="Member")
    for language in ["en", "de"]:
        with translation.override(language):
            request = RequestFactory().get("/accounts/")
            assert list_reads.unfiltered_filter_bar(request, FIELDS) == _orm_bar("/accounts/")
    kam_user.last_name = "Renamed"
    kam_user.save()
    UserFactory(role=Role.HEAD_OF_KAM, last_name="Newcomer")
    bar = list_reads.unfiltered_filter_bar(RequestFactory().get("/accounts/"), FIELDS)
    assert "Renamed" in bar
    assert "Newcomer" in bar
    assert bar == _orm_bar("/accounts/")


def test_unfiltered_means_no_parameter_but_the_page():
    factory = RequestFactory()
    assert list_reads.unfiltered(factory.get("/accounts/"))
    assert list_reads.unfiltered(factory.get("/accounts/", {"page": "2"}))
    assert not list_reads.unfiltered(factory.get("/accounts/", {"q": ""}))
    assert not list_reads.unfiltered(factory.get("/accounts/", {"ordering": "name"}))
