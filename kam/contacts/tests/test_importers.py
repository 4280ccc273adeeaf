"""Contact import: accounts by external id, reporting lines in any order, same account, no circles."""

from __future__ import annotations

import datetime

import pytest

from kam.accounts.tests.factories import AccountFactory
from kam.contacts.importers import import_contacts
from kam.contacts.models import Contact
from kam.contacts.tests.factories import ContactFactory
from kam.core.importing.issues import ImportRefused
from kam.core.tests.files import csv_file, snapshot, xlsx_file

pytestmark = pytest.mark.django_db

HEADER = [
    "external_id",
    "account_external_id",
    "first_name",
    "last_name",
    "function",
    "department",
    "email",
    "phone",
    "reports_to_external_id",
    "buying_role",
    "attitude",
    "influence",
    "last_contact_date",
]


def row(external_id, account="A1", last_name="Meier", reports_to="", **values):
    data = dict.fromkeys(HEADER, "")
    data.update(
        external_id=external_id, account_external_id=account, last_name=last_name, reports_to_external_id=reports_to
    )
    data.update(values)
    return [data[c] for c in HEADER]


@pytest.fixture
def accounts():
    return AccountFactory(external_id="A1"), AccountFactory(external_id="A2")


def only_error(stream):
    with pytest.raises(ImportRefused) as info:
        import_contacts(stream)
    errors = info.value.errors
    assert errors.total == 1, [e.as_text() for e in errors.items]
    issue = errors.items[0]
    return issue.row, issue.column, issue.value, issue.message


def test_good_file_with_manager_later_in_the_file(accounts, admin_user):
    stream = csv_file(
        HEADER,
        [
            ["K2", "A1", "Eva", "Schmidt", "Buyer", "Purchasing", "eva@a1.example", "+49 711 1", "K1", "buyer",
             "Positive", "3", "15.03.2025"],
            ["K1", "A1", "Max", "Huber", "CEO", "management", "", "", "", "Decision maker", "supporter", "5",
             "2025-01-31"],
        ],
    )  # fmt: skip
    result = import_contacts(stream, user=admin_user)
    assert (result.created, result.updated) == (2, 0)
    eva = Contact.objects.get(external_id="K2")
    assert eva.account == accounts[0]
    assert eva.reports_to is not None
    assert eva.reports_to.external_id == "K1"
    assert (eva.department, eva.buying_role, eva.attitude, eva.influence) == ("purchasing", "buyer", "positive", 3)
    assert eva.last_contact_date == datetime.date(2025, 3, 15)
    assert Contact.objects.get(external_id="K1").buying_role == "decision_maker"
    assert eva.history.get().history_user == admin_user


def test_reimport_changes_nothing_and_updates_are_recorded(accounts):
    stream = csv_file(HEADER, [row("K1"), row("K2", reports_to="K1", influence="2")])
    import_contacts(stream)
    stream.seek(0)
    result = import_contacts(stream)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    result = import_contacts(csv_file(HEADER, [row("K1"), row("K2", reports_to="", influence="4")]))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    k2 = Contact.objects.get(external_id="K2")
    assert (k2.reports_to, k2.influence) == (None, 4)
    assert k2.history.latest().history_type == "~"


def test_manager_already_stored(accounts):
    boss = ContactFactory(external_id="BOSS", account=accounts[0])
    import_contacts(csv_file(HEADER, [row("K1", reports_to="BOSS")]))
    assert Contact.objects.get(external_id="K1").reports_to == boss


def test_dry_run_and_xlsx(accounts):
    result = import_contacts(xlsx_file(HEADER, [row("K1", influence=5)]), dry_run=True)
    assert (result.created, result.dry_run) == (1, True)
    assert not Contact.objects.exists()
    import_contacts(xlsx_file(HEADER, [row("K1", influence=5, last_contact_date=datetime.date(2025, 1, 2))]))
    contact = Contact.objects.get()
    assert (contact.influence, contact.last_contact_date) == (5, datetime.date(2025, 1, 2))


@pytest.fixture
def stored(accounts):
    ContactFactory(external_id="S1", account=accounts[0])
    return snapshot(Contact)


def test_unknown_account(stored):
    stream = csv_file(HEADER, [row("K1"), row("K2", account="NOPE")])
    assert only_error(stream) == (3, "account_external_id", "NOPE", "Unknown account: no account has this external id.")
    assert snapshot(Contact) == stored


def test_unknown_manager(stored):
    issue = only_error(csv_file(HEADER, [row("K1", reports_to="GHOST")]))
    assert issue[:3] == (2, "reports_to_external_id", "GHOST")
    assert snapshot(Contact) == stored


def test_manager_at_another_account(stored):
    stream = csv_file(HEADER, [row("K1", account="A2"), row("K2", account="A1", reports_to="K1")])
    assert only_error(stream) == (
        3,
        "reports_to_external_id",
        "K1",
        "A contact can only report to a contact of the same account.",
    )
    issue = only_error(csv_file(HEADER, [row("K3", account="A2", reports_to="S1")]))
    assert issue[:3] == (2, "reports_to_external_id", "S1")
    assert snapshot(Contact) == stored


def test_reporting_circle(stored):
    stream = csv_file(HEADER, [row("K1", reports_to="K2"), row("K2", reports_to="K1")])
    with pytest.raises(ImportRefused) as info:
        import_contacts(stream)
    assert [(e.row, e.column) for e in info.value.errors.items] == [
        (2, "reports_to_external_id"),
        (3, "reports_to_external_id"),
    ]
    assert "K1 → K2 → K1" in info.value.errors.items[0].message
    assert snapshot(Contact) == stored


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("influence", "6", "allowed are 1 to 5"),
        ("influence", "0", "allowed are 1 to 5"),
        ("last_contact_date", "31.02.2025", "no such day"),
        ("last_contact_date", "2025/01/01", "YYYY-MM-DD"),
        ("email", "nobody@", "e-mail"),
        ("buying_role", "boss", "Unknown value"),
        ("attitude", "angry", "Unknown value"),
        ("department", "sales dept", "Unknown value"),
    ],
)
def test_bad_values(stored, column, value, message):
    issue = only_error(csv_file(HEADER, [row("K1"), row("K2", **{column: value})]))
    assert issue[:3] == (3, column, value)
    assert message in issue[3]
    assert snapshot(Contact) == stored


def test_duplicate_key_and_missing_last_name_column(stored):
    issue = only_error(csv_file(HEADER, [row("K1"), row("K1")]))
    assert issue == (3, "external_id", "K1", "Duplicate key: the same external_id is already in row 2.")
    issue = only_error(csv_file(["external_id", "account_external_id"], [["K1", "A1"]]))
    assert issue[:2] == (1, "last_name")
    assert snapshot(Contact) == stored


# --- relationship owner and strength ------------------------------------------------------------

RELATIONSHIP_HEADER = [*HEADER, "relationship_owner_username", "relationship_strength"]


def rel_row(external_id, owner="", strength="", **values):
    return [*row(external_id, **values), owner, strength]


def test_relationship_owner_and_strength(accounts, kam_user):
    stream = csv_file(RELATIONSHIP_HEADER, [rel_row("K1", owner="kam-user", strength="4"), rel_row("K2")])
    result = import_contacts(stream)
    assert result.created == 2
    k1, k2 = Contact.objects.get(external_id="K1"), Contact.objects.get(external_id="K2")
    assert (k1.relationship_owner, k1.relationship_strength) == (kam_user, 4)
    assert (k2.relationship_owner, k2.relationship_strength) == (None, None)
    # an empty cell clears the values; a file without the columns leaves them alone
    import_contacts(csv_file(RELATIONSHIP_HEADER, [rel_row("K1", owner="", strength="")]))
    k1.refresh_from_db()
    assert (k1.relationship_owner, k1.relationship_strength) == (None, None)
    k2.relationship_owner, k2.relationship_strength = kam_user, 2
    k2.save()
    assert import_contacts(csv_file(HEADER, [row("K2")])).unchanged == 1
    k2.refresh_from_db()
    assert (k2.relationship_owner, k2.relationship_strength) == (kam_user, 2)


def test_unknown_or_deactivated_relationship_owner(stored, kam_user):
    issue = only_error(csv_file(RELATIONSHIP_HEADER, [rel_row("K1"), rel_row("K2", owner="ghost")]))
    assert issue == (3, "relationship_owner_username", "ghost", "Unknown user: no user has this username.")
    kam_user.is_active = False
    kam_user.save()
    issue = only_error(csv_file(RELATIONSHIP_HEADER, [rel_row("K1", owner="kam-user")]))
    assert issue == (
        2,
        "relationship_owner_username",
        "kam-user",
        "This user is deactivated and cannot own a relationship.",
    )
    assert snapshot(Contact) == stored


@pytest.mark.parametrize("value", ["0", "6", "strong", "2.5"])
def test_bad_relationship_strength(stored, value):
    issue = only_error(csv_file(RELATIONSHIP_HEADER, [rel_row("K1"), rel_row("K2", strength=value)]))
    assert issue[:3] == (3, "relationship_strength", value)
    assert snapshot(Contact) == stored
