import datetime
from decimal import Decimal

import pytest

from kam.accounts.models import Account, AccountRevenueYear, AccountTeamMember
from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.contacts.tests.factories import ContactFactory
from kam.orders.tests.factories import OrderLineFactory
from kam.users.choices import Department, Role
from kam.users.tests.factories import UserFactory
from tests.api.support import assert_error, make_portfolio, token_client

pytestmark = pytest.mark.django_db

LIST = "/api/v1/accounts/"


def detail(account):
    return f"/api/v1/accounts/{account.pk}/"


@pytest.fixture
def portfolio(kam_user, member_user):
    return make_portfolio(kam_user, member_user)


def names(response):
    assert response.status_code == 200, response.content
    return sorted(row["name"] for row in response.json()["results"])


# --- reading -------------------------------------------------------------------------------


def test_anonymous_gets_401_with_token_challenge(portfolio):
    response = token_client(None).get(LIST)
    assert_error(response, 401)
    assert response["WWW-Authenticate"] == "Token"
    assert_error(token_client(None).get(detail(portfolio["owned"])), 401)


def test_bad_token_is_401(portfolio):
    client = token_client(None)
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    assert_error(client.get(LIST), 401)


@pytest.mark.parametrize("role_user", ["admin_user", "head_user"])
def test_head_and_admin_list_every_account(request, role_user, portfolio):
    user = request.getfixturevalue(role_user)
    assert names(token_client(user).get(LIST)) == ["MemberOf", "OnTeam", "Other", "Owned"]


def test_kam_lists_owned_and_team_accounts(kam_user, portfolio):
    assert names(token_client(kam_user).get(LIST)) == ["OnTeam", "Owned"]


def test_member_lists_team_accounts_only(member_user, portfolio):
    assert names(token_client(member_user).get(LIST)) == ["MemberOf"]


def test_detail_shows_owner_parent_tier_and_team(kam_user, member_user, portfolio):
    owned = portfolio["owned"]
    owned.parent = portfolio["on_team"]
    owned.tier = "key"
    owned.save()
    AccountTeamMemberFactory.create(account=owned, user=member_user, department=Department.FINANCE)
    body = token_client(kam_user).get(detail(owned)).json()
    assert body["owner"] == kam_user.pk
    assert body["parent"] == portfolio["on_team"].pk
    assert body["tier"] == "key"
    assert body["country"] == "DE"
    assert body["team"] == [
        {
            "user": member_user.pk,
            "username": member_user.username,
            "full_name": str(member_user),
            "department": "finance",
            "added_at": body["team"][0]["added_at"],
        }
    ]


def test_detail_of_an_invisible_account_is_404(kam_user, member_user, portfolio):
    assert_error(token_client(kam_user).get(detail(portfolio["other"])), 404)
    assert_error(token_client(member_user).get(detail(portfolio["owned"])), 404)
    assert token_client(member_user).get(detail(portfolio["member_of"])).status_code == 200


def test_missing_and_non_numeric_ids_are_404(head_user):
    assert_error(token_client(head_user).get("/api/v1/accounts/999999/"), 404)
    assert_error(token_client(head_user).get("/api/v1/accounts/abc/"), 404)
    assert_error(token_client(head_user).get("/api/v1/accounts/99999999999999999999999/"), 404)


def test_revenue_comes_from_the_stored_aggregate(head_user, portfolio):
    year = datetime.date.today().year
    AccountRevenueYear.objects.create(
        account=portfolio["owned"], year=year - 1, net_revenue=Decimal("1234.50"), margin=0, order_lines=3
    )
    body = token_client(head_user).get(detail(portfolio["owned"])).json()
    assert body["revenue_last_year"] == "1234.50"
    assert body["revenue_this_year"] == "0.00"


# --- filters and pagination ----------------------------------------------------------------


def test_filters_from_the_account_filterset(head_user, kam_user, portfolio):
    portfolio["other"].tier = "key"
    portfolio["other"].save()
    client = token_client(head_user)
    assert names(client.get(LIST, {"tier": "key"})) == ["Other"]
    assert names(client.get(LIST, {"owner": kam_user.pk})) == ["Owned"]
    assert names(client.get(LIST, {"q": "team"})) == ["OnTeam"]
    child = AccountFactory.create(name="Child", parent=portfolio["other"])
    assert names(client.get(LIST, {"parent": portfolio["other"].pk})) == [child.name]
    ordered = client.get(LIST, {"ordering": "-name"}).json()["results"]
    assert [row["name"] for row in ordered][:2] == ["Owned", "Other"]


def test_filters_still_respect_visibility(kam_user, portfolio):
    assert names(token_client(kam_user).get(LIST, {"q": "Other"})) == []


@pytest.mark.parametrize(
    "params",
    [
        {"tier": "nope"},
        {"owner": "abc"},
        {"owner": "999999"},
        {"ordering": "bogus"},
        {"parent": "x"},
        {"country": "ZZ"},
    ],
)
def test_bad_filter_values_are_400(head_user, params):
    body = assert_error(token_client(head_user).get(LIST, params), 400)
    assert next(iter(params)) in body["errors"]


def test_pagination(head_user):
    AccountFactory.create_batch(5)
    client = token_client(head_user)
    first = client.get(LIST, {"page_size": 2}).json()
    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert "page=2" in first["next"]
    assert first["previous"] is None
    third = client.get(LIST, {"page_size": 2, "page": 3}).json()
    assert len(third["results"]) == 1
    assert third["next"] is None
    seen = [
        row["id"] for page in (1, 2, 3) for row in client.get(LIST, {"page_size": 2, "page": page}).json()["results"]
    ]
    assert len(set(seen)) == 5


def test_pages_never_overlap_when_sorting_by_a_non_unique_field(head_user):
    AccountFactory.create_batch(7, tier="key")
    client = token_client(head_user)
    seen = [
        row["id"]
        for page in (1, 2, 3, 4)
        for row in client.get(LIST, {"page_size": 2, "page": page, "ordering": "tier"}).json()["results"]
    ]
    assert len(seen) == len(set(seen)) == 7


@pytest.mark.parametrize("page", ["999999", "abc", "0", "-1", "99999999999999999999999999"])
def test_bad_page_numbers_are_404(head_user, page):
    AccountFactory.create()
    assert_error(token_client(head_user).get(LIST, {"page": page}), 404)


def test_page_size_is_capped(head_user):
    AccountFactory.create_batch(3)
    body = token_client(head_user).get(LIST, {"page_size": "100000"}).json()
    assert len(body["results"]) == 3
    body = token_client(head_user).get(LIST, {"page_size": "-5"}).json()
    assert len(body["results"]) == 3


# --- creating ------------------------------------------------------------------------------


def test_head_creates_an_account_with_history(head_user, kam_user):
    payload = {"name": "New GmbH", "tier": "key", "owner": kam_user.pk, "country": "AT", "employees": 120}
    response = token_client(head_user).post(LIST, payload)
    assert response.status_code == 201, response.content
    body = response.json()
    account = Account.objects.get(pk=body["id"])
    assert (account.name, account.tier, account.owner, str(account.country)) == ("New GmbH", "key", kam_user, "AT")
    assert body["revenue_last_year"] == "0.00"
    assert body["team"] == []
    record = account.history.get()
    assert record.history_type == "+"
    assert record.history_user == head_user


def test_admin_creates_an_account(admin_user):
    assert token_client(admin_user).post(LIST, {"name": "By admin"}).status_code == 201


@pytest.mark.parametrize("role_user", ["kam_user", "member_user"])
def test_kam_and_member_may_not_create_accounts(request, role_user):
    user = request.getfixturevalue(role_user)
    assert_error(token_client(user).post(LIST, {"name": "Nope"}), 403)
    assert not Account.objects.filter(name="Nope").exists()


def test_anonymous_may_not_create(db):
    assert_error(token_client(None).post(LIST, {"name": "Nope"}), 401)
    assert not Account.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": 12}, None),
        ({"name": "A", "tier": "platinum"}, "tier"),
        ({"name": "A", "industry": ["automotive"]}, "industry"),
        ({"name": "A", "employees": -1}, "employees"),
        ({"name": "A", "employees": "many"}, "employees"),
        ({"name": "A", "employees": 10**30}, "employees"),
        ({"name": "A", "owner": 999999}, "owner"),
        ({"name": "A", "owner": "abc"}, "owner"),
        ({"name": "A", "parent": 999999}, "parent"),
        ({"name": "A", "country": "XX"}, "country"),
        ({"name": "A", "website": "not a url"}, "website"),
        ({"name": "A", "external_id": "x" * 65}, "external_id"),
    ],
)
def test_bad_account_payloads_are_400(head_user, payload, field):
    response = token_client(head_user).post(LIST, payload, format="json")
    if field is None:
        assert response.status_code in (201, 400)
        return
    assert_error(response, 400, field)


def test_owner_must_be_a_kam_or_head(head_user, member_user):
    assert_error(token_client(head_user).post(LIST, {"name": "A", "owner": member_user.pk}), 400, "owner")


def test_duplicate_external_id_is_400(head_user, portfolio):
    payload = {"name": "Dup", "external_id": portfolio["owned"].external_id}
    assert_error(token_client(head_user).post(LIST, payload), 400, "external_id")


# --- updating ------------------------------------------------------------------------------


def test_kam_updates_own_account_and_history_names_the_token_user(kam_user, portfolio):
    owned = portfolio["owned"]
    response = token_client(kam_user).patch(detail(owned), {"tier": "growth", "city": "Ulm"})
    assert response.status_code == 200, response.content
    assert response.json()["tier"] == "growth"
    owned.refresh_from_db()
    assert (owned.tier, owned.city) == ("growth", "Ulm")
    latest = owned.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == kam_user


def test_session_requests_record_the_history_user_too(client, kam_user, portfolio):
    client.force_login(kam_user)
    response = client.patch(detail(portfolio["owned"]), {"city": "Köln"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert portfolio["owned"].history.latest().history_user == kam_user


def test_kam_updates_team_account(kam_user, portfolio):
    assert token_client(kam_user).patch(detail(portfolio["on_team"]), {"city": "Ulm"}).status_code == 200


def test_kam_cannot_update_other_account(kam_user, portfolio):
    assert_error(token_client(kam_user).patch(detail(portfolio["other"]), {"city": "Ulm"}), 404)
    portfolio["other"].refresh_from_db()
    assert portfolio["other"].city == "Stuttgart"


def test_member_cannot_update_visible_account(member_user, portfolio):
    assert_error(token_client(member_user).patch(detail(portfolio["member_of"]), {"city": "Ulm"}), 403)
    assert_error(token_client(member_user).put(detail(portfolio["member_of"]), {"name": "X"}), 403)


def test_put_replaces_the_account(head_user, portfolio):
    response = token_client(head_user).put(detail(portfolio["other"]), {"name": "Renamed", "tier": "key"})
    assert response.status_code == 200, response.content
    portfolio["other"].refresh_from_db()
    assert (portfolio["other"].name, portfolio["other"].tier) == ("Renamed", "key")


def test_parent_must_be_visible(kam_user, portfolio):
    body = assert_error(
        token_client(kam_user).patch(detail(portfolio["owned"]), {"parent": portfolio["other"].pk}), 400, "parent"
    )
    missing = assert_error(token_client(kam_user).patch(detail(portfolio["owned"]), {"parent": 999999}), 400)
    assert body["errors"]["parent"] == [
        msg.replace("999999", str(portfolio["other"].pk)) for msg in missing["errors"]["parent"]
    ]


def test_parent_cycle_is_400(head_user, portfolio):
    child = AccountFactory.create(parent=portfolio["other"])
    assert_error(token_client(head_user).patch(detail(portfolio["other"]), {"parent": child.pk}), 400, "parent")


def test_kam_handing_an_account_over_still_gets_an_answer(kam_user, portfolio):
    colleague = UserFactory.create(role=Role.KAM)
    response = token_client(kam_user).patch(detail(portfolio["owned"]), {"owner": colleague.pk})
    assert response.status_code == 200, response.content
    assert response.json()["owner"] == colleague.pk
    assert_error(token_client(kam_user).get(detail(portfolio["owned"])), 404)


# --- deleting ------------------------------------------------------------------------------


def test_head_deletes_an_account_and_history_keeps_it(head_user, portfolio):
    other = portfolio["other"]
    assert token_client(head_user).delete(detail(other)).status_code == 204
    assert not Account.objects.filter(pk=other.pk).exists()
    record = Account.history.filter(id=other.pk).latest()
    assert record.history_type == "-"
    assert record.history_user == head_user


def test_kam_may_not_delete_accounts(kam_user, portfolio):
    assert_error(token_client(kam_user).delete(detail(portfolio["owned"])), 403)
    assert_error(token_client(kam_user).delete(detail(portfolio["other"])), 404)
    assert Account.objects.filter(pk=portfolio["owned"].pk).exists()


def test_member_may_not_delete(member_user, portfolio):
    assert_error(token_client(member_user).delete(detail(portfolio["member_of"])), 403)


def test_deleting_an_account_with_order_lines_is_409(head_user, portfolio):
    OrderLineFactory.create(account=portfolio["other"])
    body = assert_error(token_client(head_user).delete(detail(portfolio["other"])), 409)
    assert "order lines" in body["message"]
    assert Account.objects.filter(pk=portfolio["other"].pk).exists()


def test_deleting_an_account_with_subsidiaries_is_409(head_user, portfolio):
    AccountFactory.create(parent=portfolio["other"])
    body = assert_error(token_client(head_user).delete(detail(portfolio["other"])), 409)
    assert "subsidiaries" in body["message"]


def test_deleting_an_account_deletes_its_contacts(head_user, portfolio):
    ContactFactory.create(account=portfolio["other"])
    assert token_client(head_user).delete(detail(portfolio["other"])).status_code == 204


# --- the account team ----------------------------------------------------------------------


def team_url(account, user=None):
    return f"/api/v1/accounts/{account.pk}/team/" + (f"{user.pk}/" if user is not None else "")


def test_kam_adds_and_changes_a_team_member(kam_user, member_user, portfolio):
    client = token_client(kam_user)
    owned = portfolio["owned"]
    response = client.post(team_url(owned), {"user": member_user.pk, "department": "finance"})
    assert response.status_code == 201, response.content
    assert response.json()["department"] == "finance"
    response = client.post(team_url(owned), {"user": member_user.pk, "department": "sales"})
    assert response.status_code == 200
    assert AccountTeamMember.objects.get(account=owned, user=member_user).department == "sales"
    team = client.get(detail(owned)).json()["team"]
    assert [(m["user"], m["department"]) for m in team] == [(member_user.pk, "sales")]
    assert token_client(member_user).get(detail(owned)).status_code == 200


def test_kam_removes_a_team_member(kam_user, member_user, portfolio):
    AccountTeamMemberFactory.create(account=portfolio["owned"], user=member_user)
    assert token_client(kam_user).delete(team_url(portfolio["owned"], member_user)).status_code == 204
    assert not AccountTeamMember.objects.filter(account=portfolio["owned"], user=member_user).exists()
    assert_error(token_client(member_user).get(detail(portfolio["owned"])), 404)


def test_removing_someone_not_on_the_team_is_404(kam_user, member_user, portfolio):
    assert_error(token_client(kam_user).delete(team_url(portfolio["owned"], member_user)), 404)
    assert_error(token_client(kam_user).delete(f"/api/v1/accounts/{portfolio['owned'].pk}/team/abc/"), 404)


def test_member_cannot_change_the_team(member_user, portfolio):
    client = token_client(member_user)
    member_of = portfolio["member_of"]
    assert_error(client.post(team_url(member_of), {"user": member_user.pk, "department": "finance"}), 403)
    assert_error(client.delete(team_url(member_of, member_user)), 403)
    assert AccountTeamMember.objects.get(account=member_of, user=member_user).department == "sales"


def test_kam_cannot_change_the_team_of_an_invisible_account(kam_user, member_user, portfolio):
    client = token_client(kam_user)
    assert_error(client.post(team_url(portfolio["other"]), {"user": kam_user.pk, "department": "sales"}), 404)
    assert_error(client.delete(team_url(portfolio["member_of"], member_user)), 404)
    assert not AccountTeamMember.objects.filter(account=portfolio["other"]).exists()


def test_team_add_validates(head_user, portfolio):
    client = token_client(head_user)
    inactive = UserFactory.create(is_active=False)
    assert_error(client.post(team_url(portfolio["other"]), {"user": inactive.pk, "department": "sales"}), 400, "user")
    assert_error(client.post(team_url(portfolio["other"]), {"user": head_user.pk, "department": "cook"}), 400)
    assert_error(client.post(team_url(portfolio["other"]), {}), 400, "user")


def test_anonymous_cannot_touch_the_team(portfolio, member_user):
    assert_error(token_client(None).post(team_url(portfolio["owned"]), {"user": member_user.pk}), 401)


def test_empty_external_ids_are_stored_as_none(head_user):
    client = token_client(head_user)
    for name in ("First", "Second"):
        response = client.post(LIST, {"name": name, "external_id": ""})
        assert response.status_code == 201, response.content
        assert response.json()["external_id"] is None
    assert Account.objects.filter(external_id__isnull=True).count() == 2


def test_history_user_is_set_without_the_history_middleware(head_user, portfolio):
    from rest_framework.test import APIRequestFactory, force_authenticate
    from simple_history.models import HistoricalRecords

    from kam.accounts.api import AccountViewSet

    request = APIRequestFactory().patch(detail(portfolio["other"]), {"city": "Bonn"}, format="json")
    force_authenticate(request, user=head_user)
    response = AccountViewSet.as_view({"patch": "partial_update"})(request, pk=str(portfolio["other"].pk))
    assert response.status_code == 200
    assert portfolio["other"].history.latest().history_user == head_user
    assert getattr(HistoricalRecords.context, "request", None) is None
