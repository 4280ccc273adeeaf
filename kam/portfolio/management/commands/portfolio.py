"""``kam portfolio [show|refresh|snapshot|compare]``: the portfolio analysis on the command line."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kam.core.cli_output import system_user, user_named
from kam.portfolio import selectors, services
from kam.portfolio.choices import Basis, Level
from kam.portfolio.management.portfolio_cli import (
    FORMATS,
    TABLE_LIMIT,
    compare_output,
    parse_period,
    resolve_run,
    show_output,
)
from kam.portfolio.models import PortfolioRun

ACTIONS = ("show", "refresh", "snapshot", "compare")
OPTIONS_OF = {
    "show": {"basis", "level", "period", "run", "limit", "candidates", "format", "user"},
    "refresh": {"basis", "level", "period"},
    "snapshot": {"basis", "level", "year"},
    "compare": {"basis", "level", "old", "new", "format", "user", "limit"},
}
EPILOG = """\
actions:
  show      (default) the stored analysis as a table, CSV or JSON: rank, account, value,
            share, cumulative share, ABC, XYZ, growth, attractiveness, relationship,
            quadrant, tier and computed tier. --candidates lists only the candidates to
            promote or demote, with their reasons in words.
  refresh   recompute the stored analysis: without options every basis and level that has
            one (the settings' defaults when none has), else the basis/level/period given.
  snapshot  store the analysis of a calendar year (--year) as the snapshot labelled with
            the year, for comparisons; replaces a snapshot of the same year.
  compare   who moved where between two runs: --old and --new take a snapshot label (the
            year), "current" (the current analysis) or a run id; --new defaults to current.

Periods: --period 2025 (a calendar year) or 2024-07..2025-06 (whole months). "show
--period" recomputes the stored analysis of that basis and level for the period unless it
already covers it (what the web pages show then changes too).

--user applies that user's access rule (a key account manager sees only their accounts'
rows, and totals over them); without it the command shows the whole portfolio. The table
shows the first 50 rows unless --limit is given (--limit 0: all); CSV and JSON hold all.

Examples:
  kam portfolio
  kam portfolio show --level entity --format csv > portfolio.csv
  kam portfolio show --candidates --user head
  kam portfolio refresh --basis margin --level group --period 2024-07..2025-06
  kam portfolio snapshot --year 2025
  kam portfolio compare --old 2024 --new 2025 --format json
"""


class Command(BaseCommand):
    help = (
        "Portfolio analysis: show the stored ABC/XYZ analysis and candidates, refresh it, take yearly snapshots, "
        "compare two runs."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("epilog", EPILOG)
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", choices=ACTIONS, default="show", help=_("What to do (default: show)."))
        choose = parser.add_argument_group("which analysis")
        choose.add_argument("--basis", choices=Basis.values, help=_("revenue or margin (default: the settings')."))
        choose.add_argument("--level", choices=Level.values, help=_("group or entity (default: the settings')."))
        choose.add_argument("--period", metavar="YYYY|YYYY-MM..YYYY-MM", help=_("Period (show, refresh)."))
        choose.add_argument("--run", metavar="ID|LABEL", help=_("show: a stored run (id, snapshot label, current)."))
        choose.add_argument("--year", type=int, help=_("snapshot: the calendar year."))
        choose.add_argument("--old", metavar="ID|LABEL", help=_("compare: the older run."))
        choose.add_argument("--new", metavar="ID|LABEL", help=_("compare: the newer run (default: current)."))
        output = parser.add_argument_group("output")
        output.add_argument("--format", choices=FORMATS, help=_("table (default), csv or json."))
        output.add_argument(
            "--limit",
            type=int,
            help=_("At most this many rows (table default %(limit)s; 0: all).") % {"limit": TABLE_LIMIT},
        )
        output.add_argument("--candidates", action="store_true", help=_("show: only candidates, with reasons."))
        output.add_argument("--user", metavar="USERNAME", help=_("Show what this user may see (default: everything)."))

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        self._check_options(action, options)
        if options.get("limit") is not None and options["limit"] < 0:
            raise CommandError(_("--limit must be 0 (all rows) or more."))
        getattr(self, f"_{action}")(options)

    def _check_options(self, action: str, options: dict[str, Any]) -> None:
        given = {
            name for name in ("basis", "level", "period", "run", "year", "old", "new", "format", "limit", "user")
            if options.get(name) is not None
        }  # fmt: skip
        if options.get("candidates"):
            given.add("candidates")
        wrong = sorted(given - OPTIONS_OF[action])
        if wrong:
            raise CommandError(
                _("%(options)s cannot be used with %(action)s.")
                % {"options": ", ".join(f"--{name}" for name in wrong), "action": action}
            )

    def _show(self, options: dict[str, Any]) -> None:
        user = user_named(options["user"]) if options["user"] else system_user()
        basis, level = options["basis"], options["level"]
        run: PortfolioRun | None
        if options["run"] is not None:
            if options["period"] is not None:
                raise CommandError(_("--period and --run cannot be used together."))
            run = resolve_run(options["run"], basis=basis, level=level)
        else:
            run = selectors.portfolio_run_latest(basis=basis, level=level)
            if options["period"] is not None:
                start, end = parse_period(options["period"])
                if run is None or (run.period_start, run.period_end) != (start, end):
                    run = services.portfolio_refresh(basis=basis, level=level, period_start=start, period_end=end)
            if run is None:
                raise CommandError(
                    _("No portfolio analysis is stored for this basis and level yet: run `kam portfolio refresh`.")
                )
        for chunk in show_output(run, user=user, options=options):
            self.stdout.write(chunk, ending="")

    def _refresh(self, options: dict[str, Any]) -> None:
        if options["basis"] is None and options["level"] is None and options["period"] is None:
            runs = services.portfolio_refresh_all()
        else:
            start, end = parse_period(options["period"]) if options["period"] else (None, None)
            runs = [
                services.portfolio_refresh(
                    basis=options["basis"], level=options["level"], period_start=start, period_end=end
                )
            ]
        for run in runs:
            self.stdout.write(
                _("Refreshed %(basis)s / %(level)s, %(start)s to %(end)s: %(count)s accounts in %(ms)s ms.")
                % {
                    "basis": run.get_basis_display(),
                    "level": run.get_level_display(),
                    "start": run.period_start,
                    "end": run.period_end,
                    "count": f"{run.accounts_count:,}",
                    "ms": f"{run.duration_ms:,}",
                }
            )

    def _snapshot(self, options: dict[str, Any]) -> None:
        year = options["year"]
        if year is None:
            raise CommandError(_("snapshot needs --year, e.g. --year 2025."))
        parse_period(str(year))  # the same range check as --period
        run = services.portfolio_snapshot_create(year=year, basis=options["basis"], level=options["level"])
        self.stdout.write(
            _("Snapshot %(label)s stored (%(basis)s / %(level)s, %(start)s to %(end)s): %(count)s accounts.")
            % {
                "label": run.label,
                "basis": run.get_basis_display(),
                "level": run.get_level_display(),
                "start": run.period_start,
                "end": run.period_end,
                "count": f"{run.accounts_count:,}",
            }
        )

    def _compare(self, options: dict[str, Any]) -> None:
        if options["old"] is None:
            raise CommandError(_("compare needs --old (a snapshot label such as 2024, or a run id)."))
        user = user_named(options["user"]) if options["user"] else system_user()
        old = resolve_run(options["old"], basis=options["basis"], level=options["level"])
        new = resolve_run(options["new"] or "current", basis=options["basis"], level=options["level"])
        if old.pk == new.pk:
            raise CommandError(_("--old and --new are the same run (%(id)s).") % {"id": old.pk})
        for chunk in compare_output(old, new, user=user, options=options):
            self.stdout.write(chunk, ending="")
