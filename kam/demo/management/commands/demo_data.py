"""``kam demo-data``: generate the demo machine builder and load it into the database."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kam.demo.generator import DEFAULT_CUSTOMERS, DEFAULT_ORDER_LINES, DEFAULT_SEED, DEFAULT_USERS, generate
from kam.demo.generator.company import DemoConfig
from kam.demo.generator.randomness import rng_for
from kam.demo.generator.users import build_users
from kam.demo.services import DemoDataError, Login, business_data_counts, demo_data_flush, demo_data_load, demo_logins
from kam.users.choices import Role

MAX_LISTED_LOGINS = 12


def _listing(counts: dict[str, int]) -> str:
    """ "2,000 accounts, 9 product lines" from ``{"accounts": 2000, "product_lines": 9}``."""
    return ", ".join(f"{count:,} {name.replace('_', ' ')}" for name, count in counts.items())


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("--today must be a date like 2026-03-31, not %(text)r.") % {"text": text}) from None


class Command(BaseCommand):
    help = (
        "Generate a realistic demo company (a German machine builder with its customers, contacts, "
        "products, order lines and users) and load it into the database, then print the demo logins. "
        "The same --seed always gives the same data. Refuses to write into a database that already "
        "holds accounts, contacts, products or order lines unless --flush is given; with --if-empty it "
        "keeps existing data and only prints the logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=_("random seed (default %(default)s)"))
        parser.add_argument(
            "--customers", type=int, default=DEFAULT_CUSTOMERS,
            help=_("number of customer accounts, including subsidiaries (default %(default)s)"),
        )  # fmt: skip
        parser.add_argument(
            "--order-lines", type=int, default=DEFAULT_ORDER_LINES,
            help=_("number of order lines (default %(default)s; 5,000,000 for a medium company)"),
        )  # fmt: skip
        parser.add_argument(
            "--users", type=int, default=DEFAULT_USERS,
            help=_("number of users, at least 4 (default %(default)s)"),
        )  # fmt: skip
        parser.add_argument(
            "--today", type=_date, default=None, metavar="YYYY-MM-DD",
            help=_("reference date: order lines cover the 3 calendar years before it and its year "
                              "up to it (default: today)"),
        )  # fmt: skip
        parser.add_argument(
            "--if-empty", action="store_true",
            help=_("do nothing but print the logins if the database holds accounts, contacts, products or "
                   "order lines already (used on every start)"),
        )  # fmt: skip
        parser.add_argument(
            "--flush", action="store_true",
            help=_("first delete ALL accounts, contacts, products and order lines (and what refers to "
                              "them); users are kept. Asks for confirmation unless --no-input is given"),
        )  # fmt: skip
        parser.add_argument(
            "--no-input", "--noinput", action="store_false", dest="interactive",
            help=_("do not ask for confirmation"),
        )  # fmt: skip
        parser.add_argument(
            "--batch-size", type=int, default=5_000, help=_("rows per insert batch (default %(default)s)")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            config = DemoConfig(
                seed=options["seed"],
                customers=options["customers"],
                order_lines=options["order_lines"],
                users=options["users"],
                today=options["today"] or dt.date.today(),
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["batch_size"] < 1:
            raise CommandError(_("--batch-size must be at least 1."))
        present = {name: count for name, count in business_data_counts().items() if count}
        if options["if_empty"] and present:
            self.stdout.write(
                _("The database holds data already (%(listing)s): the demo data is not loaded.")
                % {"listing": _listing(present)}
            )
            users = build_users(rng_for(config.seed, "users"), config.users)
            self.print_logins(demo_logins(users))
            return
        if options["flush"]:
            self.flush(options["interactive"])
            present = {name: count for name, count in business_data_counts().items() if count}
        if present:
            raise CommandError(
                _("The database already holds business data (%(listing)s). Use --if-empty to keep it, or --flush "
                  "to replace it.") % {"listing": _listing(present)}
            )  # fmt: skip
        self.load(config, options["batch_size"], options["verbosity"])

    def flush(self, interactive: bool) -> None:
        counts = {name: count for name, count in business_data_counts().items() if count}
        if not counts:
            return
        listing = _listing(counts)
        if interactive:
            answer = input(_("Delete %(listing)s and everything that refers to them? Type 'yes' to continue: ")
                           % {"listing": listing})  # fmt: skip
            if answer.strip().lower() != "yes":
                raise CommandError(_("Flush cancelled; nothing was changed."))
        try:
            demo_data_flush()
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Deleted %(listing)s.") % {"listing": listing})

    def load(self, config: DemoConfig, batch_size: int, verbosity: int) -> None:
        started = time.monotonic()
        self.stdout.write(
            _("Generating the demo company: %(customers)s customers, %(lines)s order lines, %(users)s users, "
              "seed %(seed)s, period %(first)s to %(last)s.")
            % {"customers": f"{config.customers:,}", "lines": f"{config.order_lines:,}", "users": config.users,
               "seed": config.seed, "first": dt.date(config.today.year - 3, 1, 1), "last": config.today}
        )  # fmt: skip
        company = generate(config.seed, config.customers, config.order_lines, config.today, config.users)
        reporter = _ProgressReporter(self, started) if verbosity > 0 else None
        try:
            result = demo_data_load(company=company, progress=reporter, batch_size=batch_size)
        except DemoDataError as error:
            raise CommandError(
                _("%(error)s Use --if-empty to keep it, or --flush to replace it.") % {"error": error}
            ) from error
        counts = _listing(result.counts)
        self.stdout.write(self.style.SUCCESS(_("Loaded %(counts)s in %(seconds).1f s.")
                                             % {"counts": counts, "seconds": time.monotonic() - started}))  # fmt: skip
        self.print_logins(result.logins)

    def print_logins(self, logins: list[Login]) -> None:
        if not logins:
            self.stdout.write(_("No demo users found."))
            return
        self.stdout.write("")
        self.stdout.write(_("Demo logins:"))
        rows = [(_("username"), _("password"), _("role"))]
        for login in logins[:MAX_LISTED_LOGINS]:
            rows.append((login.username, login.password + ("" if login.created else " *"), str(Role(login.role).label)))
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        for row in rows:
            line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(f"  {line}".rstrip())
        if len(logins) > MAX_LISTED_LOGINS:
            passwords = sorted({(str(Role(login.role).label), login.password) for login in logins})
            listing = "; ".join(f"{role}: {password}" for role, password in passwords)
            self.stdout.write(_("  … and %(count)s more users (passwords by role: %(listing)s)")
                              % {"count": len(logins) - MAX_LISTED_LOGINS, "listing": listing})  # fmt: skip
        if not all(login.created for login in logins):
            self.stdout.write(_("  * existed before this run and kept its password (the demo password unless "
                                "someone changed it)."))  # fmt: skip


class _ProgressReporter:
    """Prints each stage once, and progress within a stage every 10 %."""

    def __init__(self, command: Command, started: float) -> None:
        self.command = command
        self.started = started
        self.stage = ""
        self.next_tenth = 1

    def __call__(self, stage: str, done: int, total: int) -> None:
        elapsed = time.monotonic() - self.started
        if stage != self.stage:
            self.stage, self.next_tenth = stage, 1
            self.command.stdout.write(f"  [{elapsed:6.1f} s] {stage} …")
        if total and done * 10 // total >= self.next_tenth:
            self.command.stdout.write(f"  [{elapsed:6.1f} s] {stage}: {done:,} / {total:,} ({done / total:.0%})")
            self.next_tenth = done * 10 // total + 1
        self.command.stdout.flush()
