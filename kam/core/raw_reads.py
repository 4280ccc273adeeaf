"""Helpers of the pages' hand-written reads (``Model.objects.raw`` and plain cursors).

The busiest pages read their few rows with hand-written SQL instead of building each query
with the ORM (see kam/accounts/page_reads.py and kam/plans/page_reads.py); these helpers
turn what such a statement read into model instances the way the ORM does.
"""

from __future__ import annotations

import decimal
from typing import Any, TypeVar

from django.db import models

from kam.users.models import User

M = TypeVar("M", bound=models.Model)
# SQLite hands sums of decimal columns over as float or int; Django's backend makes them exact with this.
_SQLITE_DECIMAL = decimal.Context(prec=15).create_decimal_from_float


def orm_decimal(value: Any) -> decimal.Decimal:
    """A sum (or ``COALESCE``) of a decimal column as the ORM returns it: PostgreSQL's Decimal as read,
    SQLite's float or int made a Decimal of 15 significant digits as Django's SQLite backend does."""
    return value if isinstance(value, decimal.Decimal) else _SQLITE_DECIMAL(value)


def instance(model: type[M], values: dict[str, Any]) -> M:
    """A ``model`` instance as the ORM builds it from a row: the fields in ``values`` (by attribute name)
    set, every other field deferred (read from the database if ever used)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(None, names, [values[name] for name in names])


def named_user(pk: int | None, first_name: str, last_name: str, username: str) -> User | None:
    """A ``User`` holding only its id and names (None for no user), as read along with another row."""
    if pk is None:
        return None
    return instance(User, {"id": pk, "first_name": first_name, "last_name": last_name, "username": username})
