"""Stub: to be implemented."""

from django.http import HttpRequest, HttpResponse


def product_export(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError
