"""Import of accounts from CSV or Excel; the column layout is documented in docs/import-format.md."""

from __future__ import annotations

from typing import IO, Any

from django.utils.translation import gettext as _

from kam.accounts.choices import Industry, LegalForm, Tier
from kam.accounts.models import Account
from kam.core.importing.issues import ImportResult, IssueList
from kam.core.importing.master import MasterDataImporter, NewRef, Plan, chunked
from kam.core.importing.table import Column, ParsedRow
from kam.core.importing.values import (
    choice_parser,
    country_parser,
    integer_parser,
    text_parser,
    url_parser,
)
from kam.portfolio.services import portfolio_refresh_all
from kam.users.models import User


def _length(name: str, model: Any = Account) -> int:
    field: Any = model._meta.get_field(name)
    return int(field.max_length)


ACCOUNT_COLUMNS = (
    Column("external_id", text_parser(max_length=_length("external_id"), required=True), required=True),
    Column("name", text_parser(max_length=_length("name"), required=True), required=True),
    Column("legal_form", choice_parser(LegalForm)),
    Column("parent_external_id", text_parser(max_length=_length("external_id"))),
    Column("industry", choice_parser(Industry)),
    Column("employees", integer_parser(min_value=0, max_value=2_147_483_647)),
    Column("street", text_parser(max_length=_length("street"))),
    Column("postal_code", text_parser(max_length=_length("postal_code"))),
    Column("city", text_parser(max_length=_length("city"))),
    Column("country", country_parser()),
    Column("website", url_parser(max_length=_length("website"))),
    Column("tier", choice_parser(Tier, default=Tier.STANDARD)),
    Column("owner_username", text_parser(max_length=_length("username", User))),
)


class AccountImporter(MasterDataImporter[Account]):
    """Accounts, matched on ``external_id``; parents may come later in the same file."""

    entity = "accounts"
    model = Account
    columns = ACCOUNT_COLUMNS
    key = "external_id"
    key_field = "external_id"
    fields = {
        "external_id": "external_id",
        "name": "name",
        "legal_form": "legal_form",
        "parent_external_id": "parent_id",
        "industry": "industry",
        "employees": "employees",
        "street": "street",
        "postal_code": "postal_code",
        "city": "city",
        "country": "country",
        "website": "website",
        "tier": "tier",
        "owner_username": "owner_id",
    }
    parent_field = "parent_id"
    with_history = True

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user_ids: dict[str, int] = {}

    def write(self, plan: Plan[Account]) -> None:
        """Write the rows, then refresh the stored portfolio analysis once.

        Groups, tiers and employees may have changed.
        """
        super().write(plan)
        if plan.creates or plan.updates:
            portfolio_refresh_all()

    def validate(self, rows: list[ParsedRow], errors: IssueList) -> None:
        """Owners must exist; parents must exist or be in the file, without cycles."""
        names = sorted({row.values["owner_username"] for row in rows if row.ok("owner_username")} - {""})
        for chunk in chunked(names):
            self.user_ids.update(User.objects.filter(username__in=chunk).values_list("username", "pk"))
        for row in rows:
            name = row.values.get("owner_username")
            if row.ok("owner_username") and name and name not in self.user_ids:
                errors.add(row.row, "owner_username", name, _("Unknown user: no user has this username."))
        self.check_self_references(rows, errors, column="parent_external_id", fk="parent")

    def desired(self, row: ParsedRow) -> dict[str, Any]:
        """Parent and owner as ids (or a reference to a parent created by this import)."""
        values = super().desired(row)
        if "parent_id" in values:
            parent = values["parent_id"]
            values["parent_id"] = None if not parent else self.ids.get(parent, NewRef(parent))
        if "owner_id" in values:
            values["owner_id"] = self.user_ids[values["owner_id"]] if values["owner_id"] else None
        return values


def import_accounts(
    stream: IO[bytes], *, user: User | None = None, dry_run: bool = False, source_name: str = ""
) -> ImportResult:
    """Import accounts from a CSV or XLSX stream; raises ImportRefused (and writes nothing) on any error."""
    return AccountImporter(user=user, dry_run=dry_run, source_name=source_name).run(stream)
