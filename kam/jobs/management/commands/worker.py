"""``kam worker [--once] [--sleep SECONDS]``: run the background jobs (reminders and their schedule)."""

from __future__ import annotations

import signal
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kam.jobs.worker import Worker


class Command(BaseCommand):
    help = (
        "Run due background jobs from the database: the reminder schedule every few minutes and the "
        "reminders it finds (e-mail and in-app). Any number of workers may run at once; each job runs once. "
        "A job whose worker died is taken over when its lease runs out."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run the jobs due now, then exit")
        parser.add_argument("--sleep", type=float, default=5.0, help="seconds between looks for due jobs (default 5)")
        parser.add_argument(
            "--lease",
            type=int,
            default=300,
            help="seconds a claimed job stays with this worker before another may take it over (default 300)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sleep"] <= 0:
            raise CommandError("--sleep must be a positive number of seconds.")
        if options["lease"] < 30:
            raise CommandError("--lease must be at least 30 seconds.")
        worker = Worker(lease=timedelta(seconds=options["lease"]))
        if options["once"]:
            count = worker.run_once()
            self.stdout.write(f"Ran {count} job(s).")
            return
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: worker.stop())
        self.stdout.write(f"Worker {worker.name} running; Ctrl+C stops it.")
        worker.run_forever(sleep=options["sleep"])
