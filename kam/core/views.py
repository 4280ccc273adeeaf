"""Shared helpers of the web UI's views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def is_partial(request: HttpRequest) -> bool:
    """Whether htmx asked for a fragment (not a boosted page load or a history restore)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request  # type: ignore[union-attr]


def render_list(
    request: HttpRequest, template: str, fragment: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """The full list page, or only its results fragment when htmx swaps the table."""
    response = render(request, fragment if is_partial(request) else template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def apply_service_errors(form: Any, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors inline, the rest on top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def offset_param(request: HttpRequest, name: str = "offset") -> int:
    """A non-negative integer query parameter (0 when missing or malformed)."""
    try:
        return max(int(request.GET.get(name, "0")), 0)
    except ValueError:
        return 0
