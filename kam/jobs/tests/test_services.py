from datetime import timedelta

import pytest
from django.utils import timezone

from kam.jobs import services
from kam.jobs.choices import JobKind, JobStatus
from kam.jobs.models import Job

pytestmark = pytest.mark.django_db


def test_enqueue_with_a_key_creates_one_job():
    first = services.job_enqueue(kind=JobKind.PRUNE_JOBS, key="k1")
    second = services.job_enqueue(kind=JobKind.PRUNE_JOBS, key="k1")
    assert first is not None
    assert second is None
    assert Job.objects.filter(key="k1").count() == 1


def test_periodic_jobs_one_per_slot():
    now = timezone.now()
    every = {JobKind.SCHEDULE_REMINDERS.value: timedelta(minutes=5)}
    services.job_enqueue_periodic(periodic=every, now=now)
    services.job_enqueue_periodic(periodic=every, now=now)
    assert Job.objects.filter(kind=JobKind.SCHEDULE_REMINDERS).count() == 1
    services.job_enqueue_periodic(periodic=every, now=now + timedelta(minutes=5))
    assert Job.objects.filter(kind=JobKind.SCHEDULE_REMINDERS).count() == 2


def test_a_claimed_job_is_not_claimed_again_while_its_lease_runs():
    job = services.job_enqueue(kind=JobKind.PRUNE_JOBS)
    assert job is not None
    claimed = services.job_claim(worker="a")
    assert claimed is not None
    assert claimed.pk == job.pk
    assert claimed.status == JobStatus.RUNNING
    assert claimed.attempts == 1
    assert services.job_claim(worker="b") is None


def test_a_job_not_due_yet_is_not_claimed():
    services.job_enqueue(kind=JobKind.PRUNE_JOBS, run_at=timezone.now() + timedelta(minutes=1))
    assert services.job_claim(worker="a") is None


def test_an_expired_lease_lets_another_worker_take_over():
    services.job_enqueue(kind=JobKind.PRUNE_JOBS)
    first = services.job_claim(worker="dead", lease=timedelta(seconds=30))
    assert first is not None
    later = timezone.now() + timedelta(seconds=31)
    taken = services.job_claim(worker="b", now=later)
    assert taken is not None
    assert taken.pk == first.pk
    assert taken.locked_by == "b"
    assert taken.attempts == 2


def test_completing_needs_the_claim():
    services.job_enqueue(kind=JobKind.PRUNE_JOBS)
    job = services.job_claim(worker="dead", lease=timedelta(seconds=30))
    assert job is not None
    services.job_claim(worker="b", now=timezone.now() + timedelta(minutes=1))
    with pytest.raises(services.LeaseLostError):
        services.job_complete(job=job, worker="dead")
    services.job_complete(job=job, worker="b")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.finished_at is not None


def test_a_failure_is_retried_with_back_off_then_given_up():
    job = services.job_enqueue(kind=JobKind.PRUNE_JOBS)
    assert job is not None
    Job.objects.filter(pk=job.pk).update(max_attempts=2)
    claimed = services.job_claim(worker="a")
    assert claimed is not None
    services.job_fail(job=claimed, worker="a", error=RuntimeError("smtp down"))
    claimed.refresh_from_db()
    assert claimed.status == JobStatus.PENDING
    assert claimed.run_at > timezone.now() + timedelta(seconds=20)
    assert "smtp down" in claimed.last_error
    again = services.job_claim(worker="a", now=claimed.run_at + timedelta(seconds=1))
    assert again is not None
    services.job_fail(job=again, worker="a", error=RuntimeError("still down"))
    again.refresh_from_db()
    assert again.status == JobStatus.FAILED
    services.job_retry(job=again)
    again.refresh_from_db()
    assert (again.status, again.attempts) == (JobStatus.PENDING, 0)


def test_prune_deletes_only_old_finished_jobs():
    old = Job.objects.create(
        kind=JobKind.PRUNE_JOBS, status=JobStatus.DONE, finished_at=timezone.now() - timedelta(days=31)
    )
    recent = Job.objects.create(kind=JobKind.PRUNE_JOBS, status=JobStatus.DONE, finished_at=timezone.now())
    failed = Job.objects.create(
        kind=JobKind.PRUNE_JOBS, status=JobStatus.FAILED, finished_at=timezone.now() - timedelta(days=40)
    )
    assert services.jobs_prune() == 1
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, failed.pk}
    assert not Job.objects.filter(pk=old.pk).exists()
