"""Reads on import runs: each run belongs to the administrator who uploaded it."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from kam.accounts.access import can_import
from kam.imports.models import ImportRun

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User


def import_run_list(*, user: User | AnonymousUser) -> QuerySet[ImportRun]:
    """The user's own import runs, newest first (none for those who may not import)."""
    if not can_import(user):
        return ImportRun.objects.none()
    return ImportRun.objects.filter(uploaded_by_id=user.pk)


def import_run_get(*, user: User | AnonymousUser, pk: uuid.UUID) -> ImportRun:
    """One of the user's own import runs, or 404."""
    try:
        return import_run_list(user=user).get(pk=pk)
    except ImportRun.DoesNotExist as exc:
        raise Http404("No such import.") from exc
