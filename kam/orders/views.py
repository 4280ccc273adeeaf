"""Stub: to be implemented."""

from django.http import HttpRequest, HttpResponse


def order_line_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError
