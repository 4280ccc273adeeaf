"""Authentication backend: Django's ModelBackend with the per-request user read by one plain query."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router


class KamModelBackend(ModelBackend):
    """Django's ModelBackend; ``get_user`` (run on every signed-in request) reads the user row
    with a plain cursor instead of building the ORM query each time. Logging in, passwords and
    permissions are Django's own."""

    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        db = router.db_for_read(model)
        connection = connections[db]
        fields = list(model._meta.concrete_fields)
        columns = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        pk_column = connection.ops.quote_name(str(model._meta.pk.column))
        try:
            key = model._meta.pk.to_python(user_id)
        except (TypeError, ValueError, ValidationError):  # a session holding a malformed id is no user
            return None
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {columns} FROM {table} WHERE {pk_column} = %s", [key])
            row = cursor.fetchone()
        if row is None:
            return None
        values = [
            converted
            for field, value in zip(fields, row, strict=True)
            for converted in [_convert(connection, field, value)]
        ]
        user = model.from_db(db, [field.attname for field in fields], values)
        return user if self.user_can_authenticate(user) else None


def _convert(connection: Any, field: Any, value: Any) -> Any:
    """The value as the ORM would hand it over (the backend's and the field's converters)."""
    column = field.get_col(field.model._meta.db_table)
    for converter in connection.ops.get_db_converters(column) + column.get_db_converters(connection):
        value = converter(value, column, connection)
    return value
