"""Pagination for the web UI's lists.

``paginate`` is Django's paginator (an exact count; fine for accounts, contacts, products).
``paginate_without_count`` never counts: it reads one row more than a page to know whether
a next page exists, so a list over millions of order lines costs one indexed query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest

M = TypeVar("M", bound=Model)

PAGE_SIZE = 50


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def stable_order(qs: QuerySet[M]) -> QuerySet[M]:
    """Add the primary key as the last sort key so that pages never overlap or skip rows."""
    ordering = list(qs.query.order_by) or list(qs.model._meta.ordering or [])
    if not any(str(o).lstrip("-") in ("pk", "id") for o in ordering):
        ordering.append("pk")
    return qs.order_by(*ordering)


def paginate(request: HttpRequest, qs: QuerySet[M], per_page: int = PAGE_SIZE) -> Page[M]:
    """The requested page (``?page=N``; out-of-range numbers give the last page)."""
    paginator = Paginator(stable_order(qs), per_page)
    return paginator.get_page(request.GET.get("page"))


@dataclass
class NoCountPage(Generic[M]):
    """A page of a list whose total is not counted ("previous / next" navigation)."""

    object_list: Sequence[M]
    number: int
    per_page: int
    has_next: bool

    count = None
    paginator = None

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return 0 if not self.object_list else (self.number - 1) * self.per_page + 1

    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.object_list)

    def __iter__(self) -> Any:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def paginate_without_count(request: HttpRequest, qs: QuerySet[M], per_page: int = PAGE_SIZE) -> NoCountPage[M]:
    """The requested page read with ``LIMIT per_page + 1``; never runs ``COUNT(*)``."""
    number = _page_number(request)
    offset = (number - 1) * per_page
    rows = list(stable_order(qs)[offset : offset + per_page + 1])
    return NoCountPage(object_list=rows[:per_page], number=number, per_page=per_page, has_next=len(rows) > per_page)
