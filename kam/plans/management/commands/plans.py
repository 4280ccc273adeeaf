"""``kam plans list|export``: key account plans on the command line."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kam.core.cli_output import command_user
from kam.plans import exports, selectors
from kam.plans.choices import PlanStatus
from kam.plans.exports.listing import plan_rows
from kam.plans.management.plans_cli import LIST_FORMATS, list_output

EPILOG = """\
actions:
  list     which accounts have which plan: period, status, responsible key account manager,
           number of goals and how many are behind or missed (measured as on the plan page).
           --format json lists the titles of the goals behind and missed.
  export   one plan as PDF or Markdown for the annual review meeting: every section of the
           plan page, the charts drawn in the PDF. A PDF needs -o FILE; Markdown goes to
           standard output unless -o is given. The format follows -o's suffix (.pdf, .md)
           unless --format is given.

--user applies that user's access rule (a key account manager sees the plans of their
accounts, a team member those of the accounts they are on); without it the command sees
every plan.

Examples:
  kam plans list
  kam plans list --status active --user klara.kessler --format csv > plans.csv
  kam plans export 12 -o plan-2026.pdf
  kam plans export 12 --format md --user sabine.hoffmann > plan-2026.md
"""


class Command(BaseCommand):
    help = "Key account plans: list them with their status and goals behind, export one as PDF or Markdown."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("epilog", EPILOG)
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="list|export")
        listing = actions.add_parser(
            "list", help=_("The plans with status and goals behind."), description=_("The plans you may see.")
        )
        listing.add_argument("--status", choices=PlanStatus.values, help=_("Only plans of this status."))
        listing.add_argument("--format", choices=LIST_FORMATS, default="table", help=_("table (default), csv or json."))
        listing.add_argument("--user", metavar="USERNAME", help=_("List what this user may see (default: all)."))
        export = actions.add_parser(
            "export", help=_("One plan as PDF or Markdown."), description=_("Export one plan as PDF or Markdown.")
        )
        export.add_argument("plan_id", type=int, metavar="PLAN_ID", help=_("The plan's id (see kam plans list)."))
        export.add_argument("--format", choices=list(exports.FORMATS), help=_("pdf or md (default: from -o, else md)."))
        export.add_argument("-o", "--output", type=Path, help=_("File to write (default: standard output, md only)."))
        export.add_argument("--user", metavar="USERNAME", help=_("Export as this user may see it (default: all)."))

    def handle(self, *args: Any, **options: Any) -> None:
        user = command_user(options["user"])
        if options["action"] == "list":
            rows = plan_rows(user=user, today=timezone.localdate(), status=options["status"])
            self.stdout.write(list_output(rows, options["format"]), ending="")
        else:
            self._export(user, options)

    def _format(self, options: dict[str, Any]) -> str:
        output: Path | None = options["output"]
        if options["format"]:
            return str(options["format"])
        if output is None:
            return "md"
        suffix = output.suffix.lower().lstrip(".")
        if suffix not in exports.FORMATS:
            raise CommandError(
                _("Cannot tell the format from %(name)s: give --format pdf or --format md.") % {"name": output.name}
            )
        return suffix

    def _export(self, user: Any, options: dict[str, Any]) -> None:
        fmt, output = self._format(options), options["output"]
        if fmt == "pdf" and output is None:
            raise CommandError(_("A PDF export needs -o FILE."))
        try:
            plan = selectors.plan_get_for_user(user=user, pk=options["plan_id"])
        except Http404 as exc:
            raise CommandError(
                _("No plan with id %(id)s that %(user)s may see.") % {"id": options["plan_id"], "user": user.username}
            ) from exc
        data = exports.plan_export(user=user, plan=plan, fmt=fmt, today=timezone.localdate(), now=timezone.localtime())
        if output is None:
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise CommandError(_("Cannot write %(path)s: %(error)s") % {"path": output, "error": exc.strerror}) from exc
        self.stderr.write(_("Written to %(path)s.") % {"path": output})
