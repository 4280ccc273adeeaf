"""Writes on background jobs: enqueue, claim, complete, fail, prune.

Claiming is a compare-and-set ``UPDATE … WHERE id = %s AND (pending and due OR running with an
expired lease)``: on PostgreSQL the row lock makes a second worker's UPDATE wait and then
re-check the condition, on SQLite writes are serialised; either way exactly one worker wins.
"""

from __future__ import annotations

import traceback
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from kam.jobs.choices import JobKind, JobStatus
from kam.jobs.models import Job

DEFAULT_LEASE = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=1)
KEEP_FINISHED = timedelta(days=30)


class LeaseLostError(Exception):
    """The job is no longer claimed by this worker (another worker took it after the lease ran out)."""


def _due(now: datetime) -> Q:
    return Q(status=JobStatus.PENDING, run_at__lte=now) | Q(status=JobStatus.RUNNING, locked_until__lt=now)


def job_enqueue(
    *,
    kind: JobKind | str,
    payload: dict[str, Any] | None = None,
    key: str | None = None,
    run_at: datetime | None = None,
) -> Job | None:
    """Create a pending job; with ``key``, only if no job with that key exists (returns None then)."""
    job = Job(kind=kind, payload=payload or {}, key=key, run_at=run_at or timezone.now())
    if key is None:
        job.save()
        return job
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:
        return None
    return job


def job_enqueue_many(jobs: list[Job]) -> None:
    """Create many keyed jobs at once, skipping keys that exist already."""
    Job.objects.bulk_create(jobs, ignore_conflicts=True, batch_size=500)


def job_enqueue_periodic(*, periodic: dict[str, timedelta], now: datetime | None = None) -> None:
    """One job per periodic kind and time slot; the slot is in the key, so any number of workers make one."""
    now = now or timezone.now()
    jobs = []
    for kind, every in periodic.items():
        seconds = int(every.total_seconds())
        slot = int(now.timestamp()) // seconds
        jobs.append(Job(kind=kind, key=f"{kind}@{slot * seconds}", run_at=now))
    job_enqueue_many(jobs)


def job_claim(*, worker: str, lease: timedelta = DEFAULT_LEASE, now: datetime | None = None) -> Job | None:
    """Claim the next due job for ``worker`` with a lease, or None when nothing is due.

    Candidates are read without locks; each is then claimed by a conditional UPDATE that
    only one worker can win. A lost race moves on to the next candidate.
    """
    now = now or timezone.now()
    candidates = Job.objects.filter(_due(now)).order_by("run_at", "id").values_list("pk", flat=True)[:20]
    for pk in list(candidates):
        claimed = Job.objects.filter(_due(now), pk=pk).update(
            status=JobStatus.RUNNING, locked_by=worker, locked_until=now + lease, attempts=F("attempts") + 1
        )
        if claimed:
            return Job.objects.get(pk=pk)
    return None


def job_complete(*, job: Job, worker: str) -> None:
    """Mark ``job`` done if ``worker`` still holds it; call inside the transaction of the job's writes.

    The UPDATE takes the job's row lock (PostgreSQL) or the write lock (SQLite) before the
    handler runs, so no other worker can claim the job until this transaction ends.
    Raises :class:`LeaseLostError` when another worker holds the job now.
    """
    done = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, locked_by=worker).update(
        status=JobStatus.DONE, finished_at=timezone.now(), locked_until=None, last_error=""
    )
    if not done:
        raise LeaseLostError(f"Job {job.pk} is no longer claimed by {worker}.")


def job_fail(*, job: Job, worker: str, error: BaseException) -> None:
    """Record a failed attempt: retried later with growing back-off, or failed for good after the last attempt."""
    job.refresh_from_db(fields=["attempts", "max_attempts"])
    text = "".join(traceback.format_exception(error))[-4000:]
    now = timezone.now()
    if job.attempts >= job.max_attempts:
        changes: dict[str, Any] = {"status": JobStatus.FAILED, "finished_at": now}
    else:
        backoff = min(timedelta(seconds=30 * 2 ** max(job.attempts - 1, 0)), MAX_BACKOFF)
        changes = {"status": JobStatus.PENDING, "run_at": now + backoff}
    Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, locked_by=worker).update(
        **changes, locked_by="", locked_until=None, last_error=text
    )


def job_retry(*, job: Job) -> None:
    """Put a failed job back in the queue now, with a fresh count of attempts (from the admin)."""
    Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.PENDING, run_at=timezone.now(), attempts=0, finished_at=None
    )


def jobs_prune(*, older_than: timedelta = KEEP_FINISHED) -> int:
    """Delete jobs that finished successfully more than ``older_than`` ago; returns how many."""
    cutoff = timezone.now() - older_than
    deleted, _ = Job.objects.filter(status=JobStatus.DONE, finished_at__lt=cutoff).delete()
    return deleted
