"""``kam activities list|log``: activities with the customer on the command line."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from kam.activities.access import can_log_activity
from kam.activities.choices import ActivityKind
from kam.activities.management.activities_cli import activities_filtered, list_output, parse_start, visible_account
from kam.activities.models import Activity
from kam.activities.services import FollowUp, activity_log
from kam.contacts.models import Contact
from kam.core.cli_output import FORMATS, command_user, parse_date, service_error, user_named
from kam.tasks.choices import TaskPriority
from kam.users.choices import Department
from kam.users.models import User

EPILOG = """\
actions:
  list   the activities (newest first) on the accounts --user may see: start, account,
         kind, subject or summary, next step. CSV and JSON add end, outcome, contacts
         present, our participants and who logged it. The table shows the first 50 rows
         unless --limit is given (--limit 0: all); CSV and JSON hold all.
  log    log one activity as --user: the contacts present (--contact, repeatable) get
         the activity's day as their last contact date (never moved back). With
         --next-step and --assignee and/or --department a task follows up the next step
         in the same transaction (due --due); without them the next step is only noted.

Kinds: meeting, visit, call, email, note, annual_review. Dates as YYYY-MM-DD; --start as
"YYYY-MM-DD HH:MM" in the server's time zone (or ISO 8601 with an offset).

Examples:
  kam activities list --account 12 --since 2026-01-01
  kam activities list --kind visit --kind meeting --user klara.kessler --format csv > visits.csv
  kam activities log --account 12 --kind visit --start "2026-11-27 10:00" \\
      --summary "Plant tour, new line for 2027" --contact 31 --contact 32 \\
      --next-step "Send the offer for the new line" --assignee jonas.weber --due 2026-12-05 \\
      --user klara.kessler
  kam activities log --account 12 --kind call --start "2026-11-28 14:30" \\
      --next-step "Clarify payment terms" --department finance --user klara.kessler
"""

#: Each action's --help ends with the actions and examples too.
HELP_LAYOUT: dict[str, Any] = {"epilog": EPILOG, "formatter_class": argparse.RawDescriptionHelpFormatter}


class Command(BaseCommand):
    help = "Activities with the customer: list them, log a meeting, visit, call, e-mail, note or annual review."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("epilog", EPILOG)
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="list|log")
        listing = actions.add_parser(
            "list",
            **HELP_LAYOUT,
            help=_("Activities, newest first."),
            description=_("The activities you may see, newest first."),
        )
        listing.add_argument("--account", type=int, metavar="ID", help=_("Only this account's activities."))
        listing.add_argument(
            "--kind", action="append", choices=ActivityKind.values, help=_("Only this kind (repeatable).")
        )
        listing.add_argument("--since", metavar="YYYY-MM-DD", help=_("Only activities on or after this day."))
        listing.add_argument("--user", metavar="USERNAME", help=_("List what this user may see (default: all)."))
        listing.add_argument("--format", choices=FORMATS, default="table", help=_("table (default), csv or json."))
        listing.add_argument("--limit", type=int, help=_("At most this many rows (table default 50; 0: all)."))
        self._add_log_arguments(
            actions.add_parser("log", **HELP_LAYOUT, help=_("Log an activity."), description=_("Log an activity."))
        )

    def _add_log_arguments(self, log: CommandParser) -> None:
        log.add_argument("--account", type=int, metavar="ID", required=True, help=_("The account's id."))
        log.add_argument("--kind", choices=ActivityKind.values, required=True, help=_("What kind of contact."))
        log.add_argument("--start", required=True, metavar='"YYYY-MM-DD HH:MM"', help=_("When it took place."))
        log.add_argument("--end", metavar='"YYYY-MM-DD HH:MM"', help=_("Meetings, visits, annual reviews."))
        log.add_argument("--subject", default="", help=_("A short subject."))
        log.add_argument("--summary", default="", help=_("What was discussed."))
        log.add_argument("--outcome", default="", help=_("What was agreed."))
        log.add_argument("--contact", type=int, action="append", default=[], metavar="ID", help=_("Contact present."))
        log.add_argument(
            "--participant", action="append", default=[], metavar="USERNAME", help=_("Another of our participants.")
        )
        log.add_argument("--next-step", default="", help=_("The next step."))
        log.add_argument("--assignee", metavar="USERNAME", help=_("Task from the next step for this user."))
        log.add_argument("--department", choices=Department.values, help=_("Task from the next step for a department."))
        log.add_argument("--due", metavar="YYYY-MM-DD", help=_("The task's due date."))
        log.add_argument(
            "--priority", choices=TaskPriority.values, default=TaskPriority.NORMAL, help=_("Task priority.")
        )
        log.add_argument("--user", metavar="USERNAME", required=True, help=_("Who logs it (their access rule)."))

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("limit") is not None and options["limit"] < 0:
            raise CommandError(_("--limit must be 0 (all rows) or more."))
        if options["action"] == "list":
            user = command_user(options["user"])
            qs = activities_filtered(user, options)
            self.stdout.write(list_output(qs, options["format"], options["limit"]), ending="")
        else:
            self._log(options)

    def _follow_up(self, options: dict[str, Any]) -> FollowUp | None:
        wants_task = options["assignee"] is not None or options["department"] is not None
        if not options["next_step"].strip():
            if wants_task or options["due"] is not None:
                raise CommandError(_("--assignee, --department and --due need --next-step (the task to follow up)."))
            return None
        if not wants_task:
            if options["due"] is not None:
                raise CommandError(_("--due needs --assignee or --department (who does the next step)."))
            return None
        return FollowUp(
            assignee=user_named(options["assignee"]) if options["assignee"] else None,
            department=options["department"] or "",
            due_date=parse_date(options["due"], "--due") if options["due"] else None,
            priority=options["priority"],
        )

    def _log(self, options: dict[str, Any]) -> None:
        user = user_named(options["user"])
        account = visible_account(user, options["account"])
        if not can_log_activity(user, account):
            raise CommandError(_("%(user)s may not log activities on this account.") % {"user": user.username})
        start = parse_start(options["start"])
        end = parse_start(options["end"]) if options["end"] else None
        contacts = list(Contact.objects.filter(pk__in=options["contact"]))
        missing = sorted(set(options["contact"]) - {c.pk for c in contacts})
        if missing:
            raise CommandError(_("No contact with id %(ids)s.") % {"ids": ", ".join(map(str, missing))})
        participants: list[User] = [
            user,
            *(user_named(name) for name in options["participant"] if name != user.username),
        ]
        fields = {name: options[name] for name in ("subject", "summary", "outcome", "next_step")}
        try:
            activity = activity_log(
                account=account,
                kind=options["kind"],
                start=start,
                end=end,
                created_by=user,
                contacts=contacts,
                participants=participants,
                follow_up=self._follow_up(options),
                **fields,
            )
        except ValidationError as exc:
            raise service_error(exc) from exc
        self.stdout.write(self._logged(activity))

    def _logged(self, activity: Activity) -> str:
        text = _("Logged activity %(id)s: %(kind)s on %(account)s, %(start)s.") % {
            "id": activity.pk,
            "kind": activity.get_kind_display(),
            "account": activity.account.name,
            "start": timezone.localtime(activity.start).strftime("%Y-%m-%d %H:%M"),
        }
        for task in activity.tasks.select_related("assignee"):
            text += "\n" + _("Task %(id)s “%(title)s” for %(who)s, due %(due)s.") % {
                "id": task.pk,
                "title": task.title,
                "who": ", ".join(filter(None, [str(task.assignee or ""), str(task.get_department_display())])),
                "due": task.due_date or "–",
            }
        return text
