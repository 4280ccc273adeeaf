"""Shared pieces of the REST API: pagination, the JSON error format and JSON parsing.

Loaded by the REST framework settings, so it must not import viewsets or generic views
(that would be a circular import): the base viewset lives in :mod:`kam.core.api_views`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.db.models import Model, ProtectedError, RestrictedError
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    """Page-number pagination with a client-chosen page size up to 500."""

    page_size_query_param = "page_size"
    max_page_size = 500


class UncountedPagination(Pagination):
    """Page numbers without a total count, for tables too large to count on every request.

    Order lines run to tens of millions of rows: counting the visible ones for each page would
    scan them all. This reads one row more than the page to know whether a next page exists.
    """

    max_page_number = 10**9

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any] | None:
        page_size = self.get_page_size(request)
        if not page_size:
            return None
        self.request = request
        raw = request.query_params.get(self.page_query_param) or "1"
        try:
            number = int(raw)
        except ValueError:
            number = 0
        if not 1 <= number <= self.max_page_number:
            raise exceptions.NotFound(_("Invalid page."))
        offset = (number - 1) * page_size
        rows = list(queryset[offset : offset + page_size + 1])
        if number > 1 and not rows:
            raise exceptions.NotFound(_("Invalid page."))
        self.number = number
        self.has_next = len(rows) > page_size
        return rows[:page_size]

    def get_paginated_response(self, data: Any) -> Response:
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_next_link(self) -> str | None:
        if not self.has_next or self.request is None:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, self.number + 1)

    def get_previous_link(self) -> str | None:
        if self.number <= 1 or self.request is None:
            return None
        url = self.request.build_absolute_uri()
        if self.number == 2:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, self.number - 1)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }


class Conflict(exceptions.APIException):
    """The request conflicts with data that exists (HTTP 409)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("This object is still referenced by other data and cannot be deleted.")
    default_code = "conflict"


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer of the API."""

    message = serializers.CharField(help_text=gettext_lazy("What went wrong, in one sentence."))
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.JSONField(),
        help_text=gettext_lazy("Messages per field; `non_field_errors` for the object as a whole."),
    )


def _message(detail: Any) -> str:
    if isinstance(detail, dict):
        parts = []
        for field, value in detail.items():
            text = _message(value)
            parts.append(text if field in ("detail", "non_field_errors") else f"{field}: {text}")
        return "; ".join(parts)
    if isinstance(detail, list):
        return " ".join(_message(v) for v in detail)
    return str(detail)


def _django_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if not hasattr(exc, "error_dict"):
        return {"non_field_errors": list(exc.messages)}
    errors = {}
    for field, messages in exc.message_dict.items():
        errors["non_field_errors" if field == NON_FIELD_ERRORS else field] = list(messages)
    return errors


def _protected_message(exc: ProtectedError | RestrictedError) -> str:
    objects = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
    names = sorted({str(obj._meta.verbose_name_plural) for obj in objects if isinstance(obj, Model)})
    if not names:
        return str(Conflict.default_detail)
    return _("This object cannot be deleted: %(names)s still refer to it.") % {
        "names": ", ".join(capfirst(name) for name in names)
    }


def _translate(exc: Exception) -> Exception:
    """Turn Django and database exceptions into the matching DRF exception."""
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(_django_errors(exc))
    if isinstance(exc, (ProtectedError, RestrictedError)):
        return Conflict(_protected_message(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, IntegrityError):
        return Conflict(_("The change conflicts with existing data."))
    if isinstance(exc, OverflowError):
        return exceptions.ValidationError({"non_field_errors": [_("A number is too large.")]})
    if isinstance(exc, DataError):
        return exceptions.ValidationError(
            {"non_field_errors": [_("A value is out of the range the database accepts.")]}
        )
    return exc


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Render every API error as ``{"message": ..., "errors": {...}}`` with a 4xx status."""
    response = drf_exception_handler(_translate(exc), context)
    if response is None:
        return None
    detail = response.data
    if isinstance(detail, list):
        detail = {"non_field_errors": detail}
    errors = detail if isinstance(detail, dict) and "detail" not in detail else {}
    response.data = {"message": _message(detail), "errors": errors}
    return response


def _check_unicode(data: Any) -> None:
    """Raise ParseError when a string in ``data`` cannot be stored (a lone surrogate)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise exceptions.ParseError(_("JSON parse error - strings must be valid Unicode.")) from exc
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


class StrictJSONParser(JSONParser):
    """The JSON parser, refusing what would fail later: too deep nesting and invalid Unicode."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise exceptions.ParseError(_("JSON parse error - the document is nested too deeply.")) from exc
        _check_unicode(data)
        return data
