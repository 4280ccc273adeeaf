"""Scenario steps for the worker process tests, run as ``python -m kam.reminders.tests.worker_scenario STEP``.

Each step runs in its own process against the database the environment names, as the
workers under test do.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta


def setup(count: int) -> None:
    """``count`` users with a task whose reminder time has passed, and the reminders scheduled."""
    from django.utils import timezone

    from kam.reminders.services import reminders_schedule
    from kam.tasks.tests.factories import TaskFactory
    from kam.users.tests.factories import UserFactory

    for i in range(count):
        user = UserFactory.create(username=f"proc{i}", email=f"proc{i}@example.com", language="de" if i % 2 else "en")
        TaskFactory.create(assignee=user, title=f"Task {i}", remind_at=timezone.now() - timedelta(minutes=1))
    reminders_schedule()


def crash() -> None:
    """A worker claims the mail job and dies: the job stays running with its lease."""
    from kam.jobs.choices import JobKind
    from kam.jobs.models import Job
    from kam.jobs.services import job_claim

    pending = Job.objects.exclude(kind=JobKind.MAIL_REMINDER).filter(status="pending")
    pending.update(run_at=timezone_now() + timedelta(days=1))  # let only the mail job be claimed
    job = job_claim(worker="dead-worker", lease=timedelta(minutes=10))
    assert job is not None
    assert job.kind == JobKind.MAIL_REMINDER, job
    pending.update(run_at=timezone_now())


def expire() -> None:
    """The dead worker's lease runs out."""
    from kam.jobs.models import Job

    Job.objects.filter(locked_by="dead-worker", status="running").update(
        locked_until=timezone_now() - timedelta(seconds=1)
    )


def state() -> None:
    """The jobs and reminders as JSON on standard output."""
    from kam.jobs.models import Job
    from kam.reminders.models import Reminder

    jobs = list(Job.objects.filter(kind__startswith="reminders.").values("kind", "status", "attempts", "locked_by"))
    reminders = list(Reminder.objects.values("key", "notified_at", "mailed_at"))
    print(json.dumps({"jobs": jobs, "reminders": reminders}, default=str))


def timezone_now():  # type: ignore[no-untyped-def]
    from django.utils import timezone

    return timezone.now()


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kam.settings")
    import django

    django.setup()
    step = sys.argv[1]
    if step == "setup":
        setup(int(sys.argv[2]))
    elif step == "crash":
        crash()
    elif step == "expire":
        expire()
    elif step == "state":
        state()
    else:
        raise SystemExit(f"unknown step {step}")


if __name__ == "__main__":
    main()
