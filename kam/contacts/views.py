"""Stub: to be implemented."""

from django.http import HttpRequest, HttpResponse


def contact_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def contact_create(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def contact_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def contact_update(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def contact_delete(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError
