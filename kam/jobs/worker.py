"""The worker loop behind ``kam worker``: enqueue periodic jobs, claim due jobs, run them."""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from datetime import timedelta

from django.db import close_old_connections, transaction
from django.utils import timezone

from kam.jobs import registry, services
from kam.jobs.models import Job

log = logging.getLogger("kam.jobs")


def worker_name() -> str:
    """A name unique to this worker process and start: host, process id and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def run_job(job: Job, *, worker: str) -> bool:
    """Run one claimed job; True when it finished, False when it failed or the lease was lost.

    The handler runs inside the transaction whose first statement marks the job done (only
    if this worker still holds it), so the job's writes and its completion commit together.
    """
    try:
        handler = registry.handler_for(job.kind)
        with transaction.atomic():
            services.job_complete(job=job, worker=worker)
            handler(job)
    except services.LeaseLostError:
        log.warning("job %s: lease lost, another worker has it", job.pk)
        return False
    except Exception as exc:
        log.exception("job %s (%s) failed on attempt %s", job.pk, job.kind, job.attempts)
        services.job_fail(job=job, worker=worker, error=exc)
        return False
    log.info("job %s (%s) done", job.pk, job.kind)
    return True


class Worker:
    """Runs due jobs until stopped; several may run at once against one database."""

    def __init__(self, *, name: str | None = None, lease: timedelta = services.DEFAULT_LEASE) -> None:
        self.name = name or worker_name()
        self.lease = lease
        self.stop_event = threading.Event()
        self._slots: dict[str, int] = {}

    def run_once(self) -> int:
        """Enqueue this slot's periodic jobs, then run due jobs until none is left; returns how many ran."""
        self._enqueue_periodic()
        count = 0
        while not self.stop_event.is_set():
            job = services.job_claim(worker=self.name, lease=self.lease)
            if job is None:
                break
            run_job(job, worker=self.name)
            count += 1
        return count

    def _enqueue_periodic(self) -> None:
        """Insert the periodic jobs of the current time slots, once per slot and worker (a write only then)."""
        now = timezone.now()
        periodic = registry.periodic()
        slots = {kind: int(now.timestamp()) // int(every.total_seconds()) for kind, every in periodic.items()}
        if slots != self._slots:
            services.job_enqueue_periodic(periodic=periodic, now=now)
            self._slots = slots

    def run_forever(self, *, sleep: float) -> None:
        """Poll every ``sleep`` seconds until :meth:`stop` is called."""
        log.info("worker %s started", self.name)
        while not self.stop_event.is_set():
            close_old_connections()
            try:
                self.run_once()
            except Exception:
                log.exception("worker %s: polling failed, trying again", self.name)
            self.stop_event.wait(sleep)
        close_old_connections()
        log.info("worker %s stopped", self.name)

    def stop(self) -> None:
        """Finish the running job, then leave the loop."""
        self.stop_event.set()
