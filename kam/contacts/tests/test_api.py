import pytest

from kam.contacts.models import Contact
from kam.contacts.tests.factories import ContactFactory
from tests.api.support import assert_error, make_portfolio, token_client

pytestmark = pytest.mark.django_db

LIST = "/api/v1/contacts/"
OWNED = object()


def detail(contact):
    return f"/api/v1/contacts/{contact.pk}/"


@pytest.fixture
def portfolio(kam_user, member_user):
    accounts = make_portfolio(kam_user, member_user)
    contacts = {
        key: ContactFactory.create(account=account, last_name=f"At{account.name}") for key, account in accounts.items()
    }
    return {**accounts, "contacts": contacts}


def last_names(response):
    assert response.status_code == 200, response.content
    return sorted(row["last_name"] for row in response.json()["results"])


# --- reading -------------------------------------------------------------------------------


def test_anonymous_is_401(portfolio):
    assert_error(token_client(None).get(LIST), 401)
    assert_error(token_client(None).get(detail(portfolio["contacts"]["owned"])), 401)


@pytest.mark.parametrize("role_user", ["admin_user", "head_user"])
def test_head_and_admin_list_every_contact(request, role_user, portfolio):
    user = request.getfixturevalue(role_user)
    assert len(last_names(token_client(user).get(LIST))) == 4


def test_kam_lists_contacts_of_own_and_team_accounts(kam_user, portfolio):
    assert last_names(token_client(kam_user).get(LIST)) == ["AtOnTeam", "AtOwned"]


def test_member_lists_contacts_of_team_accounts(member_user, portfolio):
    assert last_names(token_client(member_user).get(LIST)) == ["AtMemberOf"]


def test_detail(kam_user, portfolio):
    contact = portfolio["contacts"]["owned"]
    body = token_client(kam_user).get(detail(contact)).json()
    assert body["account"] == portfolio["owned"].pk
    assert body["account_name"] == "Owned"
    assert body["full_name"] == contact.full_name


def test_detail_of_invisible_contact_is_404(kam_user, member_user, portfolio):
    assert_error(token_client(kam_user).get(detail(portfolio["contacts"]["other"])), 404)
    assert_error(token_client(member_user).get(detail(portfolio["contacts"]["owned"])), 404)
    assert token_client(member_user).get(detail(portfolio["contacts"]["member_of"])).status_code == 200


def test_filters(head_user, portfolio):
    client = token_client(head_user)
    assert last_names(client.get(LIST, {"account": portfolio["other"].pk})) == ["AtOther"]
    ContactFactory.create(account=portfolio["other"], last_name="Boss", buying_role="decision_maker")
    assert last_names(client.get(LIST, {"buying_role": "decision_maker"})) == ["Boss"]
    assert last_names(client.get(LIST, {"q": "atmem"})) == ["AtMemberOf"]
    ordered = client.get(LIST, {"ordering": "-name"}).json()["results"]
    assert ordered[0]["last_name"] == "Boss"


@pytest.mark.parametrize(
    "params",
    [{"buying_role": "king"}, {"attitude": "x"}, {"department": "x"}, {"account": "abc"}, {"ordering": "x"}],
)
def test_bad_filter_values_are_400(head_user, params):
    assert_error(token_client(head_user).get(LIST, params), 400, next(iter(params)))


def test_pagination(head_user, portfolio):
    body = token_client(head_user).get(LIST, {"page_size": 3}).json()
    assert body["count"] == 4
    assert len(body["results"]) == 3
    assert body["next"]


# --- creating ------------------------------------------------------------------------------


def test_kam_creates_a_contact_on_own_account_with_history(kam_user, portfolio):
    payload = {
        "account": portfolio["owned"].pk,
        "first_name": "Eva",
        "last_name": "Berg",
        "buying_role": "champion",
        "influence": 4,
        "reports_to": portfolio["contacts"]["owned"].pk,
        "last_contact_date": "2025-02-01",
    }
    response = token_client(kam_user).post(LIST, payload)
    assert response.status_code == 201, response.content
    contact = Contact.objects.get(pk=response.json()["id"])
    assert (contact.account, contact.influence, contact.reports_to) == (
        portfolio["owned"],
        4,
        portfolio["contacts"]["owned"],
    )
    record = contact.history.get()
    assert (record.history_type, record.history_user) == ("+", kam_user)


def test_contact_on_an_invisible_account_is_a_field_error(kam_user, portfolio):
    body = assert_error(
        token_client(kam_user).post(LIST, {"account": portfolio["other"].pk, "last_name": "Sneaky"}), 400, "account"
    )
    assert "account" in body["message"]
    assert not Contact.objects.filter(last_name="Sneaky").exists()


def test_member_may_not_create_contacts_on_a_visible_account(member_user, portfolio):
    response = token_client(member_user).post(LIST, {"account": portfolio["member_of"].pk, "last_name": "Nope"})
    assert_error(response, 403)
    assert not Contact.objects.filter(last_name="Nope").exists()


def test_head_creates_anywhere(head_user, portfolio):
    response = token_client(head_user).post(LIST, {"account": portfolio["other"].pk, "last_name": "Head"})
    assert response.status_code == 201


def test_anonymous_may_not_create(portfolio):
    assert_error(token_client(None).post(LIST, {"account": portfolio["owned"].pk, "last_name": "X"}), 401)


def test_reports_to_must_be_at_the_same_account(kam_user, portfolio):
    payload = {"account": portfolio["owned"].pk, "last_name": "X", "reports_to": portfolio["contacts"]["on_team"].pk}
    assert_error(token_client(kam_user).post(LIST, payload), 400, "reports_to")


def test_reports_to_an_invisible_contact_is_a_field_error(kam_user, portfolio):
    payload = {"account": portfolio["owned"].pk, "last_name": "X", "reports_to": portfolio["contacts"]["other"].pk}
    assert_error(token_client(kam_user).post(LIST, payload), 400, "reports_to")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "account"),
        ({"last_name": "X"}, "account"),
        ({"account": None, "last_name": "X"}, "account"),
        ({"account": "abc", "last_name": "X"}, "account"),
        ({"account": 999999, "last_name": "X"}, "account"),
        ({"account": True, "last_name": "X"}, "account"),
        ({"account": OWNED, "last_name": "x" * 101}, "last_name"),
        ({"account": OWNED, "last_name": "X", "influence": 9}, "influence"),
        ({"account": OWNED, "last_name": "X", "influence": -1}, "influence"),
        ({"account": OWNED, "last_name": "X", "influence": "high"}, "influence"),
        ({"account": OWNED, "last_name": "X", "email": "nope"}, "email"),
        ({"account": OWNED, "last_name": "X", "attitude": "grumpy"}, "attitude"),
        ({"account": OWNED, "last_name": "X", "last_contact_date": "yesterday"}, "last_contact_date"),
        ({"account": OWNED, "last_name": "X", "last_contact_date": "2025-02-30"}, "last_contact_date"),
        ({"account": OWNED, "last_name": "X\x00"}, "last_name"),
    ],
)
def test_bad_contact_payloads_are_400(head_user, portfolio, payload, field):
    if payload.get("account") is OWNED:
        payload = {**payload, "account": portfolio["owned"].pk}
    assert_error(token_client(head_user).post(LIST, payload, format="json"), 400, field)


# --- updating and deleting -----------------------------------------------------------------


def test_kam_updates_a_contact_with_history(kam_user, portfolio):
    contact = portfolio["contacts"]["owned"]
    response = token_client(kam_user).patch(detail(contact), {"function": "CTO", "attitude": "supporter"})
    assert response.status_code == 200, response.content
    contact.refresh_from_db()
    assert (contact.function, contact.attitude) == ("CTO", "supporter")
    latest = contact.history.latest()
    assert (latest.history_type, latest.history_user) == ("~", kam_user)


def test_kam_moves_a_contact_between_own_accounts(kam_user, portfolio):
    contact = portfolio["contacts"]["owned"]
    response = token_client(kam_user).patch(detail(contact), {"account": portfolio["on_team"].pk})
    assert response.status_code == 200, response.content
    contact.refresh_from_db()
    assert contact.account == portfolio["on_team"]


def test_kam_cannot_move_a_contact_to_an_invisible_account(kam_user, portfolio):
    contact = portfolio["contacts"]["owned"]
    assert_error(token_client(kam_user).patch(detail(contact), {"account": portfolio["other"].pk}), 400, "account")
    contact.refresh_from_db()
    assert contact.account == portfolio["owned"]


def test_kam_cannot_change_contacts_of_other_accounts(kam_user, portfolio):
    assert_error(token_client(kam_user).patch(detail(portfolio["contacts"]["other"]), {"function": "X"}), 404)


def test_member_cannot_change_visible_contacts(member_user, portfolio):
    contact = portfolio["contacts"]["member_of"]
    assert_error(token_client(member_user).patch(detail(contact), {"function": "X"}), 403)
    assert_error(token_client(member_user).delete(detail(contact)), 403)
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_kam_deletes_a_contact_with_history(kam_user, portfolio):
    contact = portfolio["contacts"]["owned"]
    assert token_client(kam_user).delete(detail(contact)).status_code == 204
    assert not Contact.objects.filter(pk=contact.pk).exists()
    record = Contact.history.filter(id=contact.pk).latest()
    assert (record.history_type, record.history_user) == ("-", kam_user)


def test_kam_cannot_delete_contacts_of_other_accounts(kam_user, portfolio):
    assert_error(token_client(kam_user).delete(detail(portfolio["contacts"]["other"])), 404)
    assert Contact.objects.filter(pk=portfolio["contacts"]["other"].pk).exists()


def test_a_contact_cannot_report_to_itself(head_user, portfolio):
    contact = portfolio["contacts"]["owned"]
    assert_error(token_client(head_user).patch(detail(contact), {"reports_to": contact.pk}), 400, "reports_to")


def test_empty_external_ids_are_stored_as_none(head_user, portfolio):
    client = token_client(head_user)
    for name in ("First", "Second"):
        response = client.post(LIST, {"account": portfolio["other"].pk, "last_name": name, "external_id": ""})
        assert response.status_code == 201, response.content
        assert response.json()["external_id"] is None


# --- relationship owner and strength ------------------------------------------------------------


def test_relationship_owner_and_strength_through_the_api(kam_user, member_user, portfolio):
    contact = portfolio["contacts"]["owned"]
    client = token_client(kam_user)
    response = client.patch(
        detail(contact), {"relationship_owner": kam_user.pk, "relationship_strength": 4}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["relationship_owner"], response.json()["relationship_strength"]) == (kam_user.pk, 4)
    contact.refresh_from_db()
    assert (contact.relationship_owner, contact.relationship_strength) == (kam_user, 4)
    created = client.post(
        LIST,
        {"account": portfolio["owned"].pk, "last_name": "Neu", "relationship_owner": member_user.pk},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert Contact.objects.get(last_name="Neu").relationship_owner == member_user


def test_bad_relationship_values_are_400_and_change_nothing(kam_user, member_user, portfolio):
    contact = portfolio["contacts"]["owned"]
    client = token_client(kam_user)
    assert_error(
        client.patch(detail(contact), {"relationship_strength": 6}, format="json"), 400, "relationship_strength"
    )
    assert_error(
        client.patch(detail(contact), {"relationship_owner": 999999}, format="json"), 400, "relationship_owner"
    )
    member_user.is_active = False
    member_user.save()
    assert_error(
        client.patch(detail(contact), {"relationship_owner": member_user.pk}, format="json"), 400, "relationship_owner"
    )
    contact.refresh_from_db()
    assert (contact.relationship_owner, contact.relationship_strength) == (None, None)


def test_member_cannot_set_the_relationship_owner(member_user, portfolio):
    contact = portfolio["contacts"]["member_of"]
    response = token_client(member_user).patch(detail(contact), {"relationship_owner": member_user.pk}, format="json")
    assert_error(response, 403)
    assert (
        token_client(member_user)
        .patch(detail(portfolio["contacts"]["other"]), {"relationship_strength": 1}, format="json")
        .status_code
        == 404
    )
    contact.refresh_from_db()
    assert contact.relationship_owner is None
