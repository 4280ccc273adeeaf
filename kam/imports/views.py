"""Stub: to be implemented."""

from django.http import HttpRequest, HttpResponse


def import_upload(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def import_preview(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def import_confirm(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError
