"""``kam serve``: run KAM under gunicorn, a production WSGI server."""

from __future__ import annotations

import os
import shutil
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Serve KAM with gunicorn (several worker processes; put a TLS proxy in front in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000", help="host:port to listen on (default %(default)s)")
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("KAM_WEB_WORKERS", "0")) or min(4, (os.cpu_count() or 1) * 2 + 1),
            help="number of worker processes (default: 2 × CPUs + 1, at most 4; env KAM_WEB_WORKERS)",
        )
        parser.add_argument("--timeout", type=int, default=120, help="worker timeout in seconds")

    def handle(self, *args: Any, **options: Any) -> None:
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
        if gunicorn is None:
            raise CommandError("gunicorn is not installed; install KAM from requirements.lock.")
        argv = [
            gunicorn,
            "kam.wsgi:application",
            "--bind", options["bind"],
            "--workers", str(options["workers"]),
            "--timeout", str(options["timeout"]),
            "--access-logfile", "-",
            "--forwarded-allow-ips", os.environ.get("KAM_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]  # fmt: skip
        self.stdout.write(f"Starting gunicorn on {options['bind']} with {options['workers']} workers")
        self.stdout.flush()
        os.execv(gunicorn, argv)  # noqa: S606
