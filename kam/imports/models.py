from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kam.imports.choices import ImportEntity, ImportStatus


def import_file_path(run: ImportRun, filename: str) -> str:
    """``imports/<uuid>.<ext>`` under MEDIA_ROOT: the upload's own name never reaches the disk."""
    suffix = PurePath(filename).suffix.lower()
    return f"imports/{run.pk}{suffix if suffix in ('.csv', '.txt', '.xlsx') else ''}"


class ImportRun(models.Model):
    """An uploaded import file, kept between preview and confirmation, with its reports.

    ``report`` holds the preview (the dry run: counts, sample rows, warnings, or every
    error); ``result`` the outcome of the confirmed import. A run belongs to its uploader.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    entity = models.CharField(_("content"), max_length=16, choices=ImportEntity.choices)
    file = models.FileField(_("file"), upload_to=import_file_path, max_length=255, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.CASCADE, related_name="import_runs"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices)
    report = models.JSONField(_("preview"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["uploaded_by", "-created_at"], name="importrun_user_created")]

    def __str__(self) -> str:
        return f"{self.get_entity_display()}: {self.original_name}"
