from datetime import UTC, datetime

import pytest
from django.urls import reverse

from kam.accounts.tests.factories import AccountFactory
from kam.calendars.tests.strict_ics import check_vcards, unescape
from kam.contacts.choices import BuyingRole
from kam.contacts.tests.factories import ContactFactory
from kam.contacts.vcard import Card, escape, fold, format_cards
from kam.users.choices import Role
from kam.users.tests.factories import UserFactory


def test_escape_and_fold_by_octets():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "NOTE:" + "ä" * 60  # 5 + 120 octets
    folded = fold(line).encode()
    pieces = folded.split(b"\r\n")[:-1]
    assert all(len(p) <= 75 for p in pieces)
    assert b"".join(p[1:] if i else p for i, p in enumerate(pieces)).decode() == line


def test_card_is_strictly_valid_and_round_trips():
    card = Card(
        uid="urn:uuid:1",
        first_name="Jürgen",
        last_name="Müller-Lüdenscheidt",
        organization="Müller, Meier; Söhne GmbH",
        title="Leiter Einkauf",
        email="j.mueller@example.com",
        phone="+49 711 1234",
        note="Entscheider\nsehr pünktlich " * 4,
        revision=datetime(2026, 5, 4, 10, 0, tzinfo=UTC),
    )
    data = format_cards([card, Card(uid="urn:uuid:2", first_name="", last_name="Solo")]).encode()
    first, second = check_vcards(data)
    assert unescape(first.need("FN").value) == "Jürgen Müller-Lüdenscheidt"
    assert unescape(first.need("ORG").value) == "Müller, Meier; Söhne GmbH"
    assert unescape(first.need("NOTE").value) == card.note
    assert first.need("REV").value == "2026-05-04T10:00:00Z"
    assert second.need("FN").value == "Solo"


@pytest.mark.django_db
def test_one_contact_as_vcard(client, kam_user):
    account = AccountFactory.create(owner=kam_user, name="Acme GmbH")
    contact = ContactFactory.create(
        account=account, first_name="Eva", last_name="Einkauf", buying_role=BuyingRole.DECISION_MAKER
    )
    client.force_login(kam_user)
    response = client.get(reverse("contacts:vcard", args=[contact.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="eva-einkauf.vcf"'
    (card,) = check_vcards(response.content)
    assert card.need("FN").value == "Eva Einkauf"
    assert card.need("ORG").value == "Acme GmbH"
    assert card.need("NOTE").value == "Decision maker"
    assert card.need("UID").value.startswith("urn:uuid:")


@pytest.mark.django_db
def test_the_list_as_vcards_follows_filters_and_the_access_rule(client, kam_user):
    mine = AccountFactory.create(owner=kam_user)
    a = ContactFactory.create(account=mine, last_name="Alpha", buying_role=BuyingRole.BUYER)
    ContactFactory.create(account=mine, last_name="Beta", buying_role=BuyingRole.USER)
    ContactFactory.create(last_name="Hidden", buying_role=BuyingRole.BUYER)
    client.force_login(kam_user)
    response = client.get(reverse("contacts:vcards"))
    cards = check_vcards(b"".join(response.streaming_content))
    assert sorted(c.need("N").value.split(";")[0] for c in cards) == ["Alpha", "Beta"]
    filtered = client.get(reverse("contacts:vcards"), {"buying_role": BuyingRole.BUYER})
    (card,) = check_vcards(b"".join(filtered.streaming_content))
    assert card.need("N").value.split(";")[0] == a.last_name


@pytest.mark.django_db
def test_vcard_denied(client):
    contact = ContactFactory.create()
    client.force_login(UserFactory.create(role=Role.KAM))
    assert client.get(reverse("contacts:vcard", args=[contact.pk])).status_code == 404
    empty = client.get(reverse("contacts:vcards"))
    assert b"".join(empty.streaming_content) == b""
    client.logout()
    for url in (reverse("contacts:vcard", args=[contact.pk]), reverse("contacts:vcards")):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]
