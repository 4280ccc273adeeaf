"""The jobs app's own periodic job: delete finished jobs after a while."""

from __future__ import annotations

from datetime import timedelta

from kam.jobs import registry, services
from kam.jobs.choices import JobKind
from kam.jobs.models import Job


def prune_jobs(job: Job) -> None:
    """Delete jobs finished more than 30 days ago."""
    services.jobs_prune()


def register() -> None:
    """Register the handler and run it once a day."""
    registry.register(JobKind.PRUNE_JOBS, prune_jobs)
    registry.register_periodic(JobKind.PRUNE_JOBS, every=timedelta(days=1))
