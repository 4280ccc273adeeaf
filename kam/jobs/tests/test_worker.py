import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kam.jobs import registry, services
from kam.jobs.choices import JobKind, JobStatus
from kam.jobs.models import Job
from kam.jobs.worker import Worker, run_job
from kam.notifications.models import Notification
from kam.users.tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_handler(monkeypatch):
    """Stand in for the prune job's handler: writes a notification, or fails when told to."""
    calls = []

    def handler(job):
        calls.append(job.pk)
        Notification.objects.create(user_id=job.payload["user"], title="ran")
        if job.payload.get("fail"):
            raise RuntimeError("boom")

    monkeypatch.setitem(registry._handlers, JobKind.PRUNE_JOBS.value, handler)
    monkeypatch.setattr(registry, "_periodic", {})
    return calls


def test_run_once_runs_each_due_job_once(fake_handler):
    user = UserFactory.create()
    for _ in range(3):
        services.job_enqueue(kind=JobKind.PRUNE_JOBS, payload={"user": user.pk})
    assert Worker(name="w").run_once() == 3
    assert Worker(name="w2").run_once() == 0
    assert len(fake_handler) == 3
    assert Notification.objects.filter(user=user).count() == 3
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.DONE}


def test_a_failing_handler_leaves_no_writes_and_is_retried(fake_handler):
    user = UserFactory.create()
    job = services.job_enqueue(kind=JobKind.PRUNE_JOBS, payload={"user": user.pk, "fail": True})
    claimed = services.job_claim(worker="w")
    assert job is not None
    assert claimed is not None
    assert run_job(claimed, worker="w") is False
    job.refresh_from_db()
    assert job.status == JobStatus.PENDING
    assert "boom" in job.last_error
    assert not Notification.objects.exists()


def test_a_worker_that_lost_its_lease_does_not_run_the_job(fake_handler):
    user = UserFactory.create()
    services.job_enqueue(kind=JobKind.PRUNE_JOBS, payload={"user": user.pk})
    claimed = services.job_claim(worker="slow")
    assert claimed is not None
    Job.objects.filter(pk=claimed.pk).update(locked_by="other")
    assert run_job(claimed, worker="slow") is False
    assert fake_handler == []


def test_worker_once_command_reports_how_many_ran(fake_handler, capsys):
    user = UserFactory.create()
    services.job_enqueue(kind=JobKind.PRUNE_JOBS, payload={"user": user.pk})
    call_command("worker", "--once")
    assert "Ran 1 job(s)." in capsys.readouterr().out


@pytest.mark.parametrize(("args", "message"), [(["--sleep", "0"], "--sleep"), (["--lease", "5"], "--lease")])
def test_worker_command_refuses_bad_options(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("worker", "--once", *args)


def test_kam_worker_help_lists_the_options():
    result = subprocess.run(
        [sys.executable, "-m", "kam.cli", "worker", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    for option in ("--once", "--sleep", "--lease"):
        assert option in result.stdout


def test_the_registry_refuses_a_second_handler_for_a_kind():
    with pytest.raises(ValueError, match="registered already"):
        registry.register(JobKind.SCHEDULE_REMINDERS, lambda job: None)


def test_periodic_jobs_are_inserted_once_per_slot_and_worker(monkeypatch):
    monkeypatch.setattr(registry, "_periodic", {JobKind.PRUNE_JOBS.value: timedelta(days=1)})
    monkeypatch.setitem(registry._handlers, JobKind.PRUNE_JOBS.value, lambda job: None)
    calls = []
    original = services.job_enqueue_periodic

    def spy(**kwargs):
        calls.append(kwargs)
        original(**kwargs)

    monkeypatch.setattr(services, "job_enqueue_periodic", spy)
    worker = Worker(name="w")
    assert worker.run_once() == 1
    assert worker.run_once() == 0
    assert len(calls) == 1
    assert Worker(name="other").run_once() == 0  # another worker's insert finds the slot's job
    assert Job.objects.filter(kind=JobKind.PRUNE_JOBS).count() == 1
