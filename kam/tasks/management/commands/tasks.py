"""``kam tasks list|complete``: tasks and follow-ups on the command line."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from kam.core.cli_output import FORMATS, service_error, user_named
from kam.tasks import selectors, services
from kam.tasks.access import can_work_on_task
from kam.tasks.choices import TaskStatus
from kam.tasks.management.tasks_cli import list_output, tasks_filtered

EPILOG = """\
actions:
  list      the open tasks (open or in progress) of --user, by due date: --mine (default)
            those assigned to them, --department those for their department (or their
            role in an account's team), --all every task on the accounts they may see.
            --status shows tasks of that status instead (repeatable); --overdue only open
            tasks past their due date. The table shows the first 50 rows unless --limit is
            given (--limit 0: all); CSV and JSON hold all and add who completed a task.
  complete  mark a task done as --user (its assignee, a member of its department, who
            created it, or whoever may change the account), with an optional closing
            comment; a task already done or cancelled is an error and nothing is written.

Statuses: open, in_progress, done, cancelled.

Examples:
  kam tasks list --user jonas.weber
  kam tasks list --department --overdue --user maria.finanz
  kam tasks list --all --status done --user klara.kessler --format csv > done.csv
  kam tasks complete 42 --comment "Offer sent on 4 December" --user jonas.weber
"""

#: Each action's --help ends with the actions and examples too.
HELP_LAYOUT: dict[str, Any] = {"epilog": EPILOG, "formatter_class": argparse.RawDescriptionHelpFormatter}


class Command(BaseCommand):
    help = "Tasks and follow-ups: list my or my department's tasks, complete one."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("epilog", EPILOG)
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="list|complete")
        listing = actions.add_parser(
            "list",
            **HELP_LAYOUT,
            help=_("My or my department's tasks."),
            description=_("The tasks of --user, by due date."),
        )
        scope = listing.add_mutually_exclusive_group()
        scope.add_argument("--mine", dest="scope", action="store_const", const="mine", help=_("Assigned to me."))
        scope.add_argument(
            "--department", dest="scope", action="store_const", const="department", help=_("For my department.")
        )
        scope.add_argument("--all", dest="scope", action="store_const", const="all", help=_("All I may see."))
        listing.add_argument(
            "--status", action="append", choices=TaskStatus.values, help=_("Only this status (repeatable).")
        )
        listing.add_argument("--overdue", action="store_true", help=_("Only open tasks past their due date."))
        listing.add_argument("--account", type=int, metavar="ID", help=_("Only this account's tasks."))
        listing.add_argument("--user", metavar="USERNAME", required=True, help=_("Whose tasks (their access rule)."))
        listing.add_argument("--format", choices=FORMATS, default="table", help=_("table (default), csv or json."))
        listing.add_argument("--limit", type=int, help=_("At most this many rows (table default 50; 0: all)."))
        complete = actions.add_parser(
            "complete", **HELP_LAYOUT, help=_("Mark a task done."), description=_("Mark a task done.")
        )
        complete.add_argument("task_id", type=int, metavar="TASK_ID", help=_("The task's id (see kam tasks list)."))
        complete.add_argument("--comment", default="", help=_("A closing comment."))
        complete.add_argument("--user", metavar="USERNAME", required=True, help=_("Who completes it."))

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_named(options["user"])
        if options["action"] == "complete":
            self._complete(user, options)
            return
        if options["limit"] is not None and options["limit"] < 0:
            raise CommandError(_("--limit must be 0 (all rows) or more."))
        if options["overdue"] and options["status"]:
            raise CommandError(_("--overdue and --status cannot be used together (overdue tasks are open)."))
        qs = tasks_filtered(user, options)
        self.stdout.write(list_output(qs, options["format"], options["limit"]), ending="")

    def _complete(self, user: Any, options: dict[str, Any]) -> None:
        try:
            task = selectors.task_get(user=user, pk=options["task_id"])
        except Http404 as exc:
            raise CommandError(
                _("No task with id %(id)s that %(user)s may see.") % {"id": options["task_id"], "user": user.username}
            ) from exc
        if not can_work_on_task(user, task):
            raise CommandError(
                _("%(user)s may not complete task %(id)s (not theirs, their department's or their account's).")
                % {"user": user.username, "id": task.pk}
            )
        try:
            with transaction.atomic():
                services.task_complete(task=task, user=user)
                if options["comment"].strip():
                    services.task_comment_add(task=task, author=user, text=options["comment"])
        except ValidationError as exc:
            raise service_error(exc) from exc
        self.stdout.write(_("Task %(id)s “%(title)s” done.") % {"id": task.pk, "title": task.title})
