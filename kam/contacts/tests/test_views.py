import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.contacts.models import Contact
from kam.contacts.services import contact_update
from kam.contacts.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(kam_user, member_user):
    owned = AccountFactory.create(name="Owned AG", owner=kam_user)
    member_of = AccountFactory.create(name="MemberOf SE", owner=kam_user)
    AccountTeamMemberFactory.create(account=member_of, user=member_user)
    other = AccountFactory.create(name="Other KG")
    boss = ContactFactory.create(account=owned, first_name="Berta", last_name="Boss", function="CEO")
    report = ContactFactory.create(account=owned, first_name="Rolf", last_name="Report", reports_to=boss)
    seen = ContactFactory.create(account=member_of, first_name="Sina", last_name="Seen", buying_role="buyer")
    hidden = ContactFactory.create(account=other, first_name="Hanna", last_name="Hidden")
    return {
        "owned": owned,
        "member_of": member_of,
        "other": other,
        "boss": boss,
        "report": report,
        "seen": seen,
        "hidden": hidden,
    }


def html(response):
    return response.content.decode()


def form_data(contact=None, **changes):
    data = {
        "first_name": contact.first_name if contact else "",
        "last_name": contact.last_name if contact else "",
        "function": contact.function if contact else "",
        "department": contact.department if contact else "",
        "email": contact.email if contact else "",
        "phone": contact.phone if contact else "",
        "buying_role": contact.buying_role if contact else "",
        "attitude": contact.attitude if contact else "",
        "influence": (contact.influence or "") if contact else "",
        "reports_to": (contact.reports_to_id or "") if contact else "",
        "last_contact_date": "",
        "external_id": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("name", "needs_pk"),
    [
        ("contacts:list", False),
        ("contacts:create", False),
        ("contacts:detail", True),
        ("contacts:update", True),
        ("contacts:delete", True),
    ],
)
def test_anonymous_is_sent_to_login(client, world, name, needs_pk):
    url = reverse(name, args=[world["boss"].pk] if needs_pk else [])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_list_shows_only_contacts_of_visible_accounts(client, kam_user, member_user, head_user, world):
    client.force_login(kam_user)
    page = html(client.get(reverse("contacts:list")))
    assert "Berta Boss" in page
    assert "Sina Seen" in page
    assert "Hanna Hidden" not in page
    client.force_login(member_user)
    page = html(client.get(reverse("contacts:list")))
    assert "Sina Seen" in page
    assert "Berta Boss" not in page
    client.force_login(head_user)
    assert "Hanna Hidden" in html(client.get(reverse("contacts:list")))


def test_list_filters_and_htmx_fragment(client, head_user, world):
    client.force_login(head_user)
    page = html(client.get(reverse("contacts:list"), {"buying_role": "buyer"}))
    assert "Sina Seen" in page
    assert "Berta Boss" not in page
    page = html(client.get(reverse("contacts:list"), {"account": world["owned"].pk}))
    assert "Berta Boss" in page
    assert "Sina Seen" not in page
    assert "Owned AG" in page  # the account filter chip
    fragment = html(client.get(reverse("contacts:list"), {"q": "boss"}, HTTP_HX_REQUEST="true"))
    assert "<html" not in fragment
    assert "Berta Boss" in fragment
    assert "Rolf Report" not in fragment
    assert reverse("contacts:export", args=["csv"]) + "?q=boss" in fragment


def test_list_account_chip_hidden_for_invisible_account(client, kam_user, world):
    client.force_login(kam_user)
    page = html(client.get(reverse("contacts:list"), {"account": world["other"].pk}))
    assert "Other KG" not in page
    assert "Hanna Hidden" not in page


def test_list_query_count_does_not_grow(client, kam_user, world):
    client.force_login(kam_user)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("contacts:list"))
    for _ in range(30):
        ContactFactory.create(account=world["owned"], reports_to=world["boss"])
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("contacts:list"))
    assert response.context["page"].paginator.count == 33
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize(
    ("who", "contact", "status"),
    [
        ("kam_user", "boss", 200),
        ("kam_user", "hidden", 404),
        ("member_user", "seen", 200),
        ("member_user", "boss", 404),
        ("head_user", "hidden", 200),
        ("admin_user", "hidden", 200),
    ],
)
def test_detail_access(client, request, world, who, contact, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("contacts:detail", args=[world[contact].pk])).status_code == status


def test_detail_shows_reporting_line_and_history(client, kam_user, world):
    boss = world["boss"]
    contact_update(contact=boss, function="Managing director", attitude="supporter")
    client.force_login(kam_user)
    page = html(client.get(reverse("contacts:detail", args=[boss.pk])))
    assert "Rolf Report" in page
    assert reverse("contacts:detail", args=[world["report"].pk]) in page
    assert "<del>CEO</del> → <ins>Managing director</ins>" in page
    assert "Supporter</ins>" in page
    assert reverse("contacts:update", args=[boss.pk]) in page
    page = html(client.get(reverse("contacts:detail", args=[world["report"].pk])))
    assert "Berta Boss" in page


def test_detail_has_no_edit_buttons_for_team_member(client, member_user, world):
    client.force_login(member_user)
    page = html(client.get(reverse("contacts:detail", args=[world["seen"].pk])))
    assert reverse("contacts:update", args=[world["seen"].pk]) not in page
    assert reverse("contacts:delete", args=[world["seen"].pk]) not in page


def test_create_first_asks_for_an_account_the_user_may_edit(client, kam_user, world):
    client.force_login(kam_user)
    response = client.get(reverse("contacts:create"))
    assert response.status_code == 200
    accounts = list(response.context["form"].fields["account"].queryset)
    assert world["owned"] in accounts
    assert world["other"] not in accounts
    response = client.get(reverse("contacts:create"), {"account": ""})
    assert "This field is required." in html(response)


def test_create_at_own_account(client, kam_user, world):
    client.force_login(kam_user)
    url = reverse("contacts:create") + f"?account={world['owned'].pk}"
    response = client.get(url)
    assert list(response.context["form"].fields["reports_to"].queryset) == [world["boss"], world["report"]]
    response = client.post(
        url,
        form_data(first_name="Nora", last_name="Neu", reports_to=world["boss"].pk, influence="4", buying_role="user"),
    )
    contact = Contact.objects.get(last_name="Neu")
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:detail", args=[contact.pk])
    assert contact.account == world["owned"]
    assert contact.reports_to == world["boss"]
    assert contact.influence == 4


def test_create_refuses_reports_to_at_another_account(client, head_user, world):
    client.force_login(head_user)
    url = reverse("contacts:create") + f"?account={world['owned'].pk}"
    response = client.post(url, form_data(last_name="Neu", reports_to=world["hidden"].pk))
    assert response.status_code == 200
    assert "Select a valid choice" in html(response)
    assert not Contact.objects.filter(last_name="Neu").exists()


def test_create_shows_inline_errors(client, kam_user, world):
    client.force_login(kam_user)
    url = reverse("contacts:create") + f"?account={world['owned'].pk}"
    response = client.post(url, form_data(last_name="", email="not-an-email", influence="9"))
    page = html(response)
    assert response.status_code == 200
    assert "is-invalid" in page
    assert "Enter a valid email address." in page
    assert "This field is required." in page


@pytest.mark.parametrize(("who", "account", "status"), [("kam_user", "other", 404), ("member_user", "member_of", 403)])
def test_create_denied(client, request, world, who, account, status):
    client.force_login(request.getfixturevalue(who))
    url = reverse("contacts:create") + f"?account={world[account].pk}"
    assert client.get(url).status_code == status
    assert client.post(url, form_data(last_name="Neu")).status_code == status
    assert not Contact.objects.filter(last_name="Neu").exists()


def test_create_without_any_editable_account_is_403(client, member_user, kam_user, world):
    client.force_login(member_user)
    assert client.get(reverse("contacts:create")).status_code == 403
    assert reverse("contacts:create") not in html(client.get(reverse("contacts:list")))
    client.force_login(kam_user)
    assert reverse("contacts:create") in html(client.get(reverse("contacts:list")))


def test_update_by_kam(client, kam_user, world):
    boss = world["boss"]
    client.force_login(kam_user)
    assert client.get(reverse("contacts:update", args=[boss.pk])).status_code == 200
    response = client.post(
        reverse("contacts:update", args=[boss.pk]),
        form_data(boss, phone="+49 711 1234", last_contact_date="2025-06-30"),
    )
    assert response.status_code == 302
    boss.refresh_from_db()
    assert boss.phone == "+49 711 1234"
    assert boss.last_contact_date == datetime.date(2025, 6, 30)


def test_update_refuses_a_reporting_circle(client, kam_user, world):
    boss = world["boss"]
    client.force_login(kam_user)
    response = client.post(reverse("contacts:update", args=[boss.pk]), form_data(boss, reports_to=world["report"].pk))
    assert response.status_code == 200
    assert "Reporting lines cannot form a circle." in html(response)
    boss.refresh_from_db()
    assert boss.reports_to is None


@pytest.mark.parametrize(("who", "contact", "status"), [("kam_user", "hidden", 404), ("member_user", "seen", 403)])
def test_update_denied(client, request, world, who, contact, status):
    target = world[contact]
    client.force_login(request.getfixturevalue(who))
    url = reverse("contacts:update", args=[target.pk])
    assert client.get(url).status_code == status
    assert client.post(url, form_data(target, phone="123")).status_code == status
    target.refresh_from_db()
    assert target.phone == ""


def test_delete_by_kam(client, kam_user, world):
    boss = world["boss"]
    client.force_login(kam_user)
    page = html(client.get(reverse("contacts:delete", args=[boss.pk])))
    assert "1 people report to this contact" in page
    response = client.post(reverse("contacts:delete", args=[boss.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:detail", args=[world["owned"].pk]) + "#contacts"
    assert not Contact.objects.filter(pk=boss.pk).exists()
    world["report"].refresh_from_db()
    assert world["report"].reports_to is None


@pytest.mark.parametrize(("who", "contact", "status"), [("kam_user", "hidden", 404), ("member_user", "seen", 403)])
def test_delete_denied(client, request, world, who, contact, status):
    target = world[contact]
    client.force_login(request.getfixturevalue(who))
    assert client.post(reverse("contacts:delete", args=[target.pk])).status_code == status
    assert Contact.objects.filter(pk=target.pk).exists()


def test_update_sets_relationship_owner_and_strength(client, kam_user, head_user, world):
    boss = world["boss"]
    client.force_login(kam_user)
    form = client.get(reverse("contacts:update", args=[boss.pk])).context["form"]
    assert {"relationship_owner", "relationship_strength"} <= set(form.fields)
    response = client.post(
        reverse("contacts:update", args=[boss.pk]),
        form_data(boss, relationship_owner=head_user.pk, relationship_strength="5"),
    )
    assert response.status_code == 302
    boss.refresh_from_db()
    assert (boss.relationship_owner, boss.relationship_strength) == (head_user, 5)
    page = html(client.get(reverse("contacts:detail", args=[boss.pk])))
    assert "Relationship owner" in page
    assert str(head_user) in page
    assert "5 of 5" in page


def test_relationship_values_are_validated_in_the_form(client, kam_user, member_user, world):
    boss = world["boss"]
    member_user.is_active = False
    member_user.save()
    client.force_login(kam_user)
    cases = [
        ({"relationship_strength": "7"}, "less than or equal to 5"),
        ({"relationship_owner": member_user.pk}, "Select a valid choice"),
    ]
    for changes, message in cases:
        response = client.post(reverse("contacts:update", args=[boss.pk]), form_data(boss, **changes))
        assert response.status_code == 200
        assert message in html(response)
    boss.refresh_from_db()
    assert (boss.relationship_owner, boss.relationship_strength) == (None, None)


@pytest.mark.parametrize(("who", "contact", "status"), [("kam_user", "hidden", 404), ("member_user", "seen", 403)])
def test_relationship_values_denied(client, request, world, who, contact, status):
    target = world[contact]
    user = request.getfixturevalue(who)
    client.force_login(user)
    data = form_data(target, relationship_owner=user.pk, relationship_strength="5")
    assert client.post(reverse("contacts:update", args=[target.pk]), data).status_code == status
    target.refresh_from_db()
    assert (target.relationship_owner, target.relationship_strength) == (None, None)
