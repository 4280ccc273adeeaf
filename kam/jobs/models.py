from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kam.jobs.choices import JobKind, JobStatus


class Job(models.Model):
    """One unit of background work, claimed by one worker at a time through a lease.

    ``key`` makes enqueueing idempotent: a job with the same key is never created twice
    (one reminder, one scheduler run per time slot). A worker claims a job with a
    compare-and-set UPDATE that only succeeds while the job is pending (or running with an
    expired lease) and marks it done in the transaction that writes the job's results.
    """

    kind = models.CharField(_("kind"), max_length=40, choices=JobKind.choices)
    key = models.CharField(_("key"), max_length=200, unique=True, null=True, blank=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    run_at = models.DateTimeField(_("run at"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("max. attempts"), default=5)
    locked_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    locked_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["run_at", "id"]
        indexes = [
            models.Index(fields=["status", "run_at"], name="job_status_run_at"),
            models.Index(fields=["status", "locked_until"], name="job_status_lease"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"
