"""Writes of the import workflow: upload and preview, then confirm."""

from __future__ import annotations

from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kam.core.importing.issues import ImportRefused, ImportResult
from kam.imports.choices import ImportEntity, ImportStatus
from kam.imports.models import ImportRun
from kam.imports.registry import ENTITIES
from kam.users.models import User


def import_file(
    *,
    entity: ImportEntity | str,
    stream: IO[bytes],
    user: User | None = None,
    dry_run: bool = False,
    source_name: str = "",
) -> ImportResult:
    """Import ``stream`` as ``entity``; raises ImportRefused, and writes nothing, if anything is wrong.

    The whole import is one transaction; ``dry_run`` checks everything and counts what
    would change without writing.
    """
    return ENTITIES[entity].import_file(stream, user=user, dry_run=dry_run, source_name=source_name)


def _check(run: ImportRun, *, dry_run: bool) -> ImportResult | None:
    """Run the import of ``run``'s file; on refusal store the report and return None."""
    with run.file.open("rb") as stream:
        try:
            return import_file(
                entity=run.entity, stream=stream, user=run.uploaded_by, dry_run=dry_run, source_name=run.original_name
            )
        except ImportRefused as exc:
            run.status = ImportStatus.REFUSED
            run.report = exc.as_dict()
            return None


@transaction.atomic
def import_run_create(*, user: User, entity: ImportEntity | str, upload: UploadedFile) -> ImportRun:
    """Store an uploaded file under MEDIA_ROOT/imports/ and preview it (a dry run).

    The run is ``ready`` when the file would import, ``refused`` with every error otherwise.
    """
    run = ImportRun(entity=entity, original_name=(upload.name or "upload")[:255], uploaded_by=user)
    run.status = ImportStatus.READY
    run.file.save(upload.name or "upload", upload, save=False)
    result = _check(run, dry_run=True)
    if result is not None:
        run.report = result.as_dict()
    run.save()
    return run


@transaction.atomic
def import_run_confirm(*, run: ImportRun) -> ImportRun:
    """Import a previewed file for real; it is checked again, since data may have changed since.

    On success the run is ``imported`` and its file deleted (the report stays); on a
    refusal nothing is written and the run shows the new errors.
    """
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.status != ImportStatus.READY:
        raise ValidationError(_("This import is not waiting for confirmation."))
    result = _check(run, dry_run=False)
    if result is not None:
        run.status = ImportStatus.IMPORTED
        run.result = result.as_dict()
        run.imported_at = timezone.now()
        name, storage = run.file.name, run.file.storage
        run.file = None  # type: ignore[assignment]
        if name:
            transaction.on_commit(lambda: storage.delete(name))
    run.save()
    return run
