"""``kam export accounts|contacts|products|orders --user USERNAME``: export a list as CSV or Excel."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import QueryDict
from django.utils.translation import gettext as _

from kam.core.exporting import EXPORT_FORMATS, ExportError, export_csv_lines, export_to_stream
from kam.imports.choices import ImportEntity
from kam.imports.registry import ENTITIES
from kam.users.models import User

EPILOG = """\
The export applies the access rule of --user: a key account manager's export holds
only their accounts' rows, a team member's only the accounts they work on. The
columns are those of the import layout (docs/import-format.md), so an export can be
imported again.

Filters are those of the lists in the web UI; options that take several values may
be repeated (--tier key --tier growth). --owner takes a user id or a username.

Examples:
  kam export accounts --user head --tier key --output key-accounts.xlsx
  kam export orders --user kam1 --date-from 2025-01-01 > orders-2025.csv
"""


def _filter_names() -> dict[str, set[str]]:
    """Every filter of the four lists, with the entities that have it."""
    names: dict[str, set[str]] = {}
    for key, entity in ENTITIES.items():
        for name in entity.export.filterset.base_filters:
            names.setdefault(name, set()).add(key)
    return names


class Command(BaseCommand):
    help = "Export accounts, contacts, products or order lines as CSV or Excel (.xlsx), as a given user sees them."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("epilog", EPILOG)
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("entity", choices=list(ImportEntity.values), help="What to export.")
        parser.add_argument("--user", required=True, help="Export what this user may see.")
        parser.add_argument(
            "--format", choices=EXPORT_FORMATS, default=None, help="csv or xlsx (default: from --output, else csv)."
        )
        parser.add_argument("--output", type=Path, help="File to write (default: standard output, CSV only).")
        parser.add_argument(
            "--bom", action="store_true", help="Start a CSV file with a UTF-8 byte order mark (for Excel)."
        )
        filters = parser.add_argument_group("filters")
        for name, entities in sorted(_filter_names().items()):
            filters.add_argument(
                f"--{name.replace('_', '-')}",
                dest=f"filter_{name}",
                action="append",
                metavar="VALUE",
                help=_("Filter (%(entities)s).") % {"entities": ", ".join(sorted(entities))},
            )

    def handle(self, *args: Any, **options: Any) -> None:
        entity = ENTITIES[options["entity"]]
        user = self._user(options["user"])
        params = self._params(options, options["entity"])
        output: Path | None = options["output"]
        fmt = options["format"] or ("xlsx" if output and output.suffix.lower() == ".xlsx" else "csv")
        if fmt == "xlsx" and output is None:
            raise CommandError(_("An Excel export needs --output FILE."))
        try:
            if output is None:
                for line in export_csv_lines(entity.export, user=user, params=params, bom=options["bom"]):
                    self.stdout.write(line, ending="")
                return
            with output.open("wb") as target:
                export_to_stream(entity.export, user=user, params=params, fmt=fmt, target=target, bom=options["bom"])
        except ExportError as exc:
            if output is not None:
                output.unlink(missing_ok=True)
            raise CommandError(str(exc)) from exc
        self.stderr.write(_("Written to %(path)s.") % {"path": output})

    def _user(self, username: str) -> User:
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist as exc:
            raise CommandError(_("No user with username %(username)s.") % {"username": username}) from exc

    def _params(self, options: dict[str, Any], entity: str) -> QueryDict:
        params = QueryDict(mutable=True)
        for name, entities in _filter_names().items():
            values = options.get(f"filter_{name}")
            if not values:
                continue
            if entity not in entities:
                raise CommandError(
                    _("--%(option)s does not apply to %(entity)s.")
                    % {"option": name.replace("_", "-"), "entity": entity}
                )
            if name == "owner":
                values = [self._owner_id(value) for value in values]
            params.setlist(name, values)
        return params

    def _owner_id(self, value: str) -> str:
        if value.isdigit():
            return value
        user = User.objects.filter(username=value).first()
        if user is None:
            raise CommandError(_("No user with username %(username)s.") % {"username": value})
        return str(user.pk)
