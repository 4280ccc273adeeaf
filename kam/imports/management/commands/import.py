# ruff: noqa: N999 - the command is called "import"
"""``kam import accounts|contacts|products|orders FILE``: import a CSV or Excel file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kam.core.importing.issues import ImportIssue, ImportRefused
from kam.imports.choices import ImportEntity
from kam.imports.services import import_file
from kam.users.models import User

EPILOG = """\
The column layout of each kind of file (names, formats, keys, what an empty cell
means) is described in docs/import-format.md in the KAM source tree.

CSV files must be UTF-8 (a byte order mark is fine), separated by commas (or
semicolons); Excel files (.xlsx) are read from their first sheet. Rows are matched
on their key (external_id; sku for products): new keys are created, known ones
updated, so importing the same file twice changes nothing. A file with any error is
refused as a whole: every bad row and column is listed and nothing is written.

Examples:
  kam import accounts accounts.csv --dry-run
  kam import orders order_lines_2025.csv --user admin
"""


class Command(BaseCommand):
    help = "Import accounts, contacts, products or order lines from a CSV or Excel (.xlsx) file."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("epilog", EPILOG)
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("entity", choices=list(ImportEntity.values), help="What the file holds.")
        parser.add_argument("file", type=Path, help="The CSV or .xlsx file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and count what would change; write nothing."
        )
        parser.add_argument("--user", help="Username recorded as the author of the changes in the history.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        user = self._user(options["user"])
        with path.open("rb") as stream:
            try:
                result = import_file(
                    entity=options["entity"],
                    stream=stream,
                    user=user,
                    dry_run=options["dry_run"],
                    source_name=path.name,
                )
            except ImportRefused as exc:
                self._print_issues(_("Warnings"), exc.warnings)
                self.stderr.write(
                    _("The file was refused; nothing was written. %(summary)s:") % {"summary": exc.errors.summary()}
                )
                for issue in exc.errors.sorted_items():
                    self.stderr.write(f"  {issue.as_text()}")
                raise CommandError(exc.errors.summary(), returncode=1) from exc
        self._print_issues(_("Warnings"), result.warnings)
        self.stdout.write(result.summary())
        self.stdout.write(
            _("%(seconds).1f s, %(rate)s rows/s.")
            % {"seconds": result.seconds, "rate": f"{result.rows_per_second:,.0f}"}
        )

    def _user(self, username: str | None) -> User | None:
        if not username:
            return None
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist as exc:
            raise CommandError(_("No user with username %(username)s.") % {"username": username}) from exc

    def _print_issues(self, title: str, issues: list[ImportIssue]) -> None:
        if issues:
            self.stderr.write(f"{title}:")
            for issue in issues:
                self.stderr.write(f"  {issue.as_text()}")
