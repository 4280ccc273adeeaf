"""Web import for administrators: upload a file, preview what it would do, confirm."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kam.accounts.access import can_import
from kam.imports import selectors, services
from kam.imports.choices import ImportStatus
from kam.imports.forms import ImportUploadForm
from kam.imports.models import ImportRun

RECENT_RUNS = 10

View = Callable[..., HttpResponse]


def import_admin_required(view: View) -> View:
    """Sign-in required (else the login page), and the right to import (else 403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_import(request.user):
            raise PermissionDenied(_("Only administrators may import data."))
        return view(request, *args, **kwargs)

    return login_required(wrapper)


@import_admin_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """The upload form and the user's recent imports."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = services.import_run_create(
            user=request.user,  # type: ignore[arg-type]
            entity=form.cleaned_data["entity"],
            upload=form.cleaned_data["file"],
        )
        return redirect("imports:preview", pk=run.pk)
    runs = selectors.import_run_list(user=request.user)[:RECENT_RUNS]
    status = 400 if form.errors else 200
    return render(request, "imports/upload.html", {"form": form, "runs": runs}, status=status)


def _preview_context(run: ImportRun) -> dict[str, Any]:
    report = run.result if run.status == ImportStatus.IMPORTED else run.report
    columns = report.get("columns", [])
    sample = [[row.get(column, "") for column in columns] + [row.get("action", "")] for row in report.get("sample", [])]
    return {
        "run": run,
        "report": report,
        "errors": report.get("errors", []),
        "error_total": report.get("error_total", 0),
        "warnings": report.get("warnings", []),
        "columns": columns,
        "sample": sample,
        "ready": run.status == ImportStatus.READY,
        "refused": run.status == ImportStatus.REFUSED,
        "imported": run.status == ImportStatus.IMPORTED,
    }


@import_admin_required
@require_GET
def import_preview(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Every error of a refused file, or the counts and first rows of what the import would do."""
    run = selectors.import_run_get(user=request.user, pk=pk)
    return render(request, "imports/preview.html", _preview_context(run))


@import_admin_required
@require_POST
def import_confirm(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Perform a previewed import."""
    run = selectors.import_run_get(user=request.user, pk=pk)
    try:
        run = services.import_run_confirm(run=run)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("imports:preview", pk=run.pk)
    if run.status == ImportStatus.IMPORTED:
        result = run.result
        messages.success(
            request,
            _("Imported: %(created)d created, %(updated)d changed, %(unchanged)d unchanged.")
            % {"created": result["created"], "updated": result["updated"], "unchanged": result["unchanged"]},
        )
    else:
        messages.error(request, _("The file was refused when imported; nothing was written."))
    return redirect("imports:preview", pk=run.pk)
