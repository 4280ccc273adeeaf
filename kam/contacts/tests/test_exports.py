"""Contact export: only contacts of accounts the user may see, filtered like the list."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.contacts.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

URL = reverse("contacts:export", args=["csv"])


@pytest.fixture
def contacts(kam_user, member_user):
    owned = AccountFactory(external_id="A1", owner=kam_user)
    team = AccountFactory(external_id="A2")
    AccountTeamMemberFactory(account=team, user=member_user)
    other = AccountFactory(external_id="A3")
    boss = ContactFactory(external_id="K1", account=owned, buying_role="decision_maker", influence=5)
    ContactFactory(external_id="K2", account=owned, reports_to=boss, buying_role="buyer")
    ContactFactory(external_id="K3", account=team)
    ContactFactory(external_id="K4", account=other)


def keys(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [
        (r["external_id"], r["account_external_id"], r["reports_to_external_id"])
        for r in csv.DictReader(io.StringIO(text))
    ]


def test_anonymous_is_sent_to_login(client, contacts):
    assert client.get(URL).status_code == 302


def test_kam_sees_contacts_of_their_accounts(client, kam_user, contacts):
    client.force_login(kam_user)
    assert sorted(keys(client.get(URL))) == [("K1", "A1", ""), ("K2", "A1", "K1")]
    assert keys(client.get(URL, {"buying_role": "buyer"})) == [("K2", "A1", "K1")]


def test_member_sees_contacts_of_their_accounts(client, member_user, contacts):
    client.force_login(member_user)
    assert keys(client.get(URL)) == [("K3", "A2", "")]


def test_head_sees_all(client, head_user, contacts):
    client.force_login(head_user)
    assert len(keys(client.get(URL))) == 4
    assert client.get(reverse("contacts:export", args=["json"])).status_code == 404


def test_relationship_owner_and_strength_are_exported(client, head_user, kam_user, contacts):
    from kam.contacts.models import Contact

    Contact.objects.filter(external_id="K1").update(relationship_owner=kam_user, relationship_strength=4)
    client.force_login(head_user)
    response = client.get(URL)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {r["external_id"]: r for r in csv.DictReader(io.StringIO(text))}
    assert (rows["K1"]["relationship_owner_username"], rows["K1"]["relationship_strength"]) == ("kam-user", "4")
    assert (rows["K2"]["relationship_owner_username"], rows["K2"]["relationship_strength"]) == ("", "")
