"""Account import: upsert by external id, parents in any order, owners, history, all-or-nothing."""

from __future__ import annotations

import pytest

from kam.accounts.importers import import_accounts
from kam.accounts.models import Account
from kam.accounts.tests.factories import AccountFactory
from kam.core.importing.issues import ImportRefused
from kam.core.tests.files import csv_file, raw_file, snapshot, xlsx_file
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "external_id",
    "name",
    "legal_form",
    "parent_external_id",
    "industry",
    "employees",
    "street",
    "postal_code",
    "city",
    "country",
    "website",
    "tier",
    "owner_username",
]


def make_account(**values) -> Account:
    return AccountFactory(**values)  # type: ignore[return-value]


def row(external_id, name="Acme", parent="", owner="", **values):
    data = dict.fromkeys(HEADER, "")
    data.update(external_id=external_id, name=name, parent_external_id=parent, owner_username=owner, **values)
    return [data[c] for c in HEADER]


def refused(stream, **options):
    with pytest.raises(ImportRefused) as info:
        import_accounts(stream, **options)
    return info.value.errors


def only_error(stream):
    errors = refused(stream)
    assert errors.total == 1, [e.as_text() for e in errors.items]
    issue = errors.items[0]
    return issue.row, issue.column, issue.value, issue.message


def test_good_file_creates_accounts_with_parent_later_in_the_file(kam_user):
    stream = csv_file(
        HEADER,
        [
            ["C2", "Child GmbH", "GmbH", "C1", "Automotive", "1.200", "Hauptstr. 1", "70173", "Stuttgart", "de",
             "www.child.de", "Key account", "kam-user"],
            ["C1", "Group AG", "ag", "", "chemicals", "50000", "", "", "Basel", "CH", "", "growth", ""],
        ],
    )  # fmt: skip
    result = import_accounts(stream, user=kam_user, source_name="accounts.csv")
    assert (result.rows, result.created, result.updated, result.unchanged) == (2, 2, 0, 0)
    child = Account.objects.get(external_id="C2")
    group = Account.objects.get(external_id="C1")
    assert child.parent == group
    assert child.owner == kam_user
    assert (child.legal_form, child.industry, child.employees, child.tier) == ("gmbh", "automotive", 1200, "key")
    assert (str(child.country), child.website) == ("DE", "https://www.child.de")
    assert group.parent is None
    assert group.tier == "growth"
    record = child.history.get()
    assert record.history_type == "+"
    assert record.history_user == kam_user
    assert record.history_change_reason == "Import from accounts.csv"


def test_reimport_changes_nothing():
    stream = csv_file(HEADER, [row("C1", parent="C2"), row("C2", tier="key")])
    import_accounts(stream)
    stream.seek(0)
    result = import_accounts(stream)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert Account.history.count() == 2


def test_update_writes_only_changed_accounts_with_history(admin_user):
    kept = make_account(external_id="C1", name="Kept", city="Ulm", country="DE", tier="standard")
    changed = make_account(external_id="C2", name="Old name", city="Ulm", country="DE", tier="standard")
    history_before = Account.history.count()
    stream = csv_file(
        ["external_id", "name", "city", "country", "tier"],
        [["C1", "Kept", "Ulm", "DE", "standard"], ["C2", "New name", "Ulm", "DE", "key"]],
    )
    result = import_accounts(stream, user=admin_user)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    changed.refresh_from_db()
    assert (changed.name, changed.tier) == ("New name", "key")
    assert changed.industry == "automotive"  # column not in the file: untouched
    record = changed.history.latest()
    assert record.history_type == "~"
    assert record.history_user == admin_user
    assert kept.history.count() == 1  # only the factory's record
    assert Account.history.count() == history_before + 1


def test_parent_that_is_stored_and_a_new_parent_for_a_stored_account():
    stored_parent = AccountFactory(external_id="P1")
    child = make_account(external_id="C1")
    stream = csv_file(HEADER, [row("C1", parent="N1"), row("N1", parent="P1")])
    import_accounts(stream)
    child.refresh_from_db()
    assert child.parent is not None
    assert child.parent.external_id == "N1"
    assert child.parent.parent == stored_parent


def test_empty_cells_clear_values():
    account = make_account(external_id="C1", city="Ulm", tier="key", owner=UserFactory())
    import_accounts(csv_file(HEADER, [row("C1", city="")]))
    account.refresh_from_db()
    assert (account.city, account.tier, account.owner) == ("", "standard", None)


def test_dry_run_writes_nothing():
    AccountFactory(external_id="C1", name="Old")
    before = snapshot(Account, Account.history.model)
    result = import_accounts(csv_file(HEADER, [row("C1", name="New"), row("C2")]), dry_run=True)
    assert (result.dry_run, result.created, result.updated) == (True, 1, 1)
    assert [s["action"] for s in result.sample] == ["update", "create"]
    assert snapshot(Account, Account.history.model) == before


def test_xlsx_import():
    stream = xlsx_file(HEADER, [row("C1", employees=250, tier="Growth account"), [None] * len(HEADER)])
    result = import_accounts(stream)
    assert result.created == 1
    assert Account.objects.get(external_id="C1").employees == 250


def test_semicolon_file_with_german_number():
    stream = csv_file(["external_id", "name", "employees"], [["C1", "Müller; Söhne", "12.500"]], delimiter=";")
    import_accounts(stream)
    account = Account.objects.get()
    assert (account.name, account.employees) == ("Müller; Söhne", 12500)


def test_many_accounts_are_written_in_bulk(django_assert_max_num_queries):
    rows = [row(f"C{n}", name=f"Customer {n}", parent="C0" if n else "") for n in range(1200)]
    # Row by row this would be thousands of queries; in bulk it is a few per 500 rows.
    with django_assert_max_num_queries(60):
        result = import_accounts(csv_file(HEADER, rows))
    assert result.created == 1200
    assert Account.objects.filter(parent__external_id="C0").count() == 1199
    assert Account.history.count() == 1200


# --- refused files: the exact row and column, and nothing written -------------------------


@pytest.fixture
def stored():
    AccountFactory(external_id="S1", name="Stored")
    return snapshot(Account)


def test_unknown_owner(stored):
    stream = csv_file(HEADER, [row("C1"), row("C2", owner="nobody")])
    assert only_error(stream) == (3, "owner_username", "nobody", "Unknown user: no user has this username.")
    assert snapshot(Account) == stored


def test_unknown_parent(stored):
    stream = csv_file(HEADER, [row("C1", parent="S1"), row("C2", parent="NOPE")])
    issue = only_error(stream)
    assert issue[:3] == (3, "parent_external_id", "NOPE")
    assert "neither in the file nor in KAM" in issue[3]
    assert snapshot(Account) == stored


def test_cycle_in_the_file(stored):
    stream = csv_file(HEADER, [row("A", parent="B"), row("B", parent="C"), row("C", parent="A"), row("D", parent="A")])
    errors = refused(stream)
    assert [(e.row, e.column, e.value) for e in errors.items] == [
        (2, "parent_external_id", "B"),
        (3, "parent_external_id", "C"),
        (4, "parent_external_id", "A"),
    ]
    assert "A → B → C → A" in errors.items[0].message
    assert snapshot(Account) == stored


def test_cycle_through_stored_accounts():
    top = AccountFactory(external_id="TOP")
    AccountFactory(external_id="MID", parent=top)
    before = snapshot(Account)
    issue = only_error(csv_file(HEADER, [row("TOP", parent="MID")]))
    assert issue[:3] == (2, "parent_external_id", "MID")
    assert "TOP → MID → TOP" in issue[3]
    assert snapshot(Account) == before


def test_own_parent_is_a_cycle(stored):
    issue = only_error(csv_file(HEADER, [row("C1", parent="C1")]))
    assert issue[:3] == (2, "parent_external_id", "C1")
    assert "C1 → C1" in issue[3]


def test_duplicate_key(stored):
    stream = csv_file(HEADER, [row("C1"), row("C2"), row("C1", name="Again")])
    assert only_error(stream) == (4, "external_id", "C1", "Duplicate key: the same external_id is already in row 2.")
    assert snapshot(Account) == stored


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("employees", "many", "Not a number"),
        ("employees", "-5", "Out of range"),
        ("country", "Germany", "two-letter ISO 3166"),
        ("tier", "premium", "allowed are: key, growth, standard"),
        ("legal_form", "LLC", "Unknown value"),
        ("website", "http://", "web address"),
        ("name", "", "A value is required."),
        ("name", "x" * 201, "at most 200 characters"),
    ],
)
def test_bad_values(stored, column, value, message):
    values = {column: value}
    stream = csv_file(HEADER, [row("C1"), row("C2", **values) if column != "name" else row("C2", name=value)])
    issue = only_error(stream)
    assert issue[:3] == (3, column, value)
    assert message in issue[3]
    assert snapshot(Account) == stored


def test_every_bad_row_is_reported(stored):
    stream = csv_file(
        HEADER, [row("C1", country="XX"), row("C2", employees="x", owner="ghost"), row("", name="", city="Ulm")]
    )
    errors = refused(stream)
    assert sorted((e.row, e.column) for e in errors.items) == [
        (2, "country"),
        (3, "employees"),
        (3, "owner_username"),
        (4, "external_id"),
        (4, "name"),
    ]
    assert snapshot(Account) == stored


def test_missing_required_column_is_named(stored):
    errors = refused(csv_file(["external_id", "city"], [["C1", "Ulm"]]))
    assert [(e.row, e.column, e.message) for e in errors.items] == [(1, "name", "Required column “name” is missing.")]


def test_unknown_column_is_a_warning():
    result = import_accounts(csv_file(["external_id", "name", "colour"], [["C1", "Acme", "red"]]))
    assert result.created == 1
    assert [(w.row, w.column) for w in result.warnings] == [(1, "colour")]
    assert "Unknown column; it is ignored" in result.warnings[0].message


def test_column_twice(stored):
    errors = refused(csv_file(["external_id", "name", "Name"], [["C1", "a", "b"]]))
    assert [(e.row, e.column) for e in errors.items] == [(1, "name")]


def test_empty_file_and_header_only(stored):
    assert only_error(raw_file("")) == (None, "", "", "The file is empty.")
    assert only_error(raw_file(",".join(HEADER) + "\n\n")) == (None, "", "", "The file has no data rows.")
    assert snapshot(Account) == stored


def test_wrong_encoding(stored):
    stream = raw_file("external_id,name\nC1,Acme\nC2,Bäcker\n", encoding="latin-1")
    issue = only_error(stream)
    assert issue[0] is None
    assert "not valid UTF-8" in issue[3]
    assert "line 3" in issue[3]
    assert snapshot(Account) == stored


def test_utf8_with_bom_is_fine():
    stream = raw_file("\ufeffexternal_id,name\nC1,Bäcker\n")
    import_accounts(stream)
    assert Account.objects.get().name == "Bäcker"


def test_row_with_wrong_number_of_values(stored):
    stream = raw_file("external_id,name,city\nC1,Acme,Ulm\nC2,Beta\n")
    issue = only_error(stream)
    assert issue[0] == 3
    assert "2 values, but the header has 3 columns" in issue[3]
