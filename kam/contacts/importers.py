"""Import of contacts from CSV or Excel; the column layout is documented in docs/import-format.md."""

from __future__ import annotations

from typing import IO, Any

from django.utils.translation import gettext as _

from kam.accounts.models import Account
from kam.contacts.choices import Attitude, BuyingRole, ContactDepartment
from kam.contacts.models import Contact
from kam.core.importing.issues import ImportResult, IssueList
from kam.core.importing.master import MasterDataImporter, NewRef, Plan, chunked
from kam.core.importing.table import Column, ParsedRow
from kam.core.importing.values import (
    choice_parser,
    date_parser,
    email_parser,
    integer_parser,
    text_parser,
)
from kam.portfolio.services import portfolio_refresh_all
from kam.users.models import User


def _length(name: str, model: Any = Contact) -> int:
    field: Any = model._meta.get_field(name)
    return int(field.max_length)


CONTACT_COLUMNS = (
    Column("external_id", text_parser(max_length=_length("external_id"), required=True), required=True),
    Column("account_external_id", text_parser(max_length=64, required=True), required=True),
    Column("first_name", text_parser(max_length=_length("first_name"))),
    Column("last_name", text_parser(max_length=_length("last_name"), required=True), required=True),
    Column("function", text_parser(max_length=_length("function"))),
    Column("department", choice_parser(ContactDepartment)),
    Column("email", email_parser(max_length=_length("email"))),
    Column("phone", text_parser(max_length=_length("phone"))),
    Column("reports_to_external_id", text_parser(max_length=_length("external_id"))),
    Column("buying_role", choice_parser(BuyingRole)),
    Column("attitude", choice_parser(Attitude)),
    Column("influence", integer_parser(min_value=1, max_value=5)),
    Column("last_contact_date", date_parser()),
    Column("relationship_owner_username", text_parser(max_length=_length("username", User))),
    Column("relationship_strength", integer_parser(min_value=1, max_value=5)),
)


class ContactImporter(MasterDataImporter[Contact]):
    """Contacts, matched on ``external_id``; a contact reports to one of the same account."""

    entity = "contacts"
    model = Contact
    columns = CONTACT_COLUMNS
    key = "external_id"
    key_field = "external_id"
    fields = {
        "external_id": "external_id",
        "account_external_id": "account_id",
        "first_name": "first_name",
        "last_name": "last_name",
        "function": "function",
        "department": "department",
        "email": "email",
        "phone": "phone",
        "reports_to_external_id": "reports_to_id",
        "buying_role": "buying_role",
        "attitude": "attitude",
        "influence": "influence",
        "last_contact_date": "last_contact_date",
        "relationship_owner_username": "relationship_owner_id",
        "relationship_strength": "relationship_strength",
    }
    parent_field = "reports_to_id"
    with_history = True

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.account_ids: dict[str, int] = {}
        self.user_ids: dict[str, int] = {}

    def write(self, plan: Plan[Contact]) -> None:
        """Write the rows, then refresh the stored portfolio analysis once.

        Buying-centre coverage and contact recency may have changed.
        """
        super().write(plan)
        if plan.creates or plan.updates:
            portfolio_refresh_all()

    def validate(self, rows: list[ParsedRow], errors: IssueList) -> None:
        """Accounts must exist; managers must exist, be at the same account and form no circle."""
        keys = sorted({row.values["account_external_id"] for row in rows if row.ok("account_external_id")})
        for chunk in chunked(keys):
            found = Account.objects.filter(external_id__in=chunk).values_list("external_id", "pk")
            self.account_ids.update((key, pk) for key, pk in found if key)
        for row in rows:
            key = row.values.get("account_external_id")
            if row.ok("account_external_id") and key not in self.account_ids:
                errors.add(row.row, "account_external_id", key, _("Unknown account: no account has this external id."))
                row.bad.add("account_external_id")
        self._check_relationship_owners(rows, errors)
        self.check_self_references(rows, errors, column="reports_to_external_id", fk="reports_to")
        if "reports_to_external_id" in self.present:
            self._check_same_account(rows, errors)

    def _check_relationship_owners(self, rows: list[ParsedRow], errors: IssueList) -> None:
        column = "relationship_owner_username"
        names = sorted({row.values[column] for row in rows if row.ok(column)} - {""})
        active: set[str] = set()
        for chunk in chunked(names):
            found = User.objects.filter(username__in=chunk).values_list("username", "pk", "is_active")
            for username, pk, is_active in found:
                self.user_ids[username] = pk
                if is_active:
                    active.add(username)
        for row in rows:
            value = row.values.get(column)
            if not row.ok(column) or not value:
                continue
            name = str(value)
            if name not in self.user_ids:
                errors.add(row.row, column, name, _("Unknown user: no user has this username."))
            elif name not in active:
                errors.add(row.row, column, name, _("This user is deactivated and cannot own a relationship."))

    def _check_same_account(self, rows: list[ParsedRow], errors: IssueList) -> None:
        account_of: dict[str, int | None] = {}
        for chunk in chunked(sorted(self.ids)):
            found = Contact.objects.filter(external_id__in=chunk).values_list("external_id", "account_id")
            account_of.update((key, account) for key, account in found if key)
        for row in rows:
            if row.ok(self.key):
                account_of[row.values[self.key]] = self._account_id(row)
        for row in rows:
            manager = row.values.get("reports_to_external_id")
            if not row.ok("reports_to_external_id") or not manager:
                continue
            mine, theirs = self._account_id(row), account_of.get(manager)
            if mine is not None and theirs is not None and mine != theirs:
                errors.add(
                    row.row,
                    "reports_to_external_id",
                    manager,
                    _("A contact can only report to a contact of the same account."),
                )

    def _account_id(self, row: ParsedRow) -> int | None:
        if row.ok("account_external_id"):
            return self.account_ids.get(row.values["account_external_id"])
        stored = self.existing.get(row.values.get(self.key) or "")
        return stored["account_id"] if stored else None

    def desired(self, row: ParsedRow) -> dict[str, Any]:
        """Account and manager as ids (or a reference to a manager created by this import)."""
        values = super().desired(row)
        values["account_id"] = self.account_ids[values["account_id"]]
        if "relationship_owner_id" in values:
            owner = values["relationship_owner_id"]
            values["relationship_owner_id"] = self.user_ids[owner] if owner else None
        if "reports_to_id" in values:
            manager = values["reports_to_id"]
            values["reports_to_id"] = None if not manager else self.ids.get(manager, NewRef(manager))
        return values


def import_contacts(
    stream: IO[bytes], *, user: User | None = None, dry_run: bool = False, source_name: str = ""
) -> ImportResult:
    """Import contacts from a CSV or XLSX stream; raises ImportRefused (and writes nothing) on any error."""
    return ContactImporter(user=user, dry_run=dry_run, source_name=source_name).run(stream)
