"""Stub: to be implemented."""

from django.http import HttpRequest, HttpResponse


def contact_export(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError
