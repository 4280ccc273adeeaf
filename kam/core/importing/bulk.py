"""Fast bulk writes for imports: ``executemany`` inserts and updates, and history rows.

Django's ``bulk_create``/``bulk_update`` build one large statement per small batch
(SQLite allows few parameters per statement) and ``bulk_update`` a ``CASE`` per field;
for tens of thousands of rows a prepared statement run with ``executemany`` is several
times faster on both databases. Values are prepared by the model fields themselves
(``get_db_prep_save``), so they are stored exactly as Django would store them.

History rows for django-simple-history are written the same way, with the same
columns ``bulk_history_create`` would fill.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

BATCH_ROWS = 1000

# Fields whose Python value (as a parser or the database gives it) is already what the
# database driver takes, as long as Django's own field class prepares it.
_PLAIN_TYPES = {
    "CharField",
    "TextField",
    "EmailField",
    "URLField",
    "SlugField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
    "BooleanField",
    "ForeignKey",
    "AutoField",
    "BigAutoField",
}


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    """How a value of ``field`` goes to the database: like ``get_db_prep_save``, only faster."""
    db = connections[DEFAULT_DB_ALIAS]
    own_preparation = type(field).get_prep_value.__module__.startswith("django.")
    kind = field.get_internal_type()
    if kind in _PLAIN_TYPES and own_preparation:
        return lambda value: value
    if kind == "DecimalField" and own_preparation:
        digits, places = getattr(field, "max_digits", None), getattr(field, "decimal_places", None)
        return lambda value: db.ops.adapt_decimalfield_value(value, digits, places)
    if kind == "DateField" and own_preparation:
        return db.ops.adapt_datefield_value
    return lambda value: field.get_db_prep_save(value, db)


def _rows(objs: Sequence[models.Model], fields: Sequence[models.Field[Any, Any]]) -> list[list[Any]]:
    """The prepared values of ``fields``, read from the instances' own attributes (no descriptors)."""
    columns = [(field.attname, _adapter(field)) for field in fields]
    return [[adapt(vars(obj).get(attname)) for attname, adapt in columns] for obj in objs]


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _execute(sql: str, params: list[list[Any]]) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH_ROWS):
            cursor.executemany(sql, params[start : start + BATCH_ROWS])


def _insert(table: str, columns: Sequence[str], rows: list[list[Any]]) -> None:
    """Insert ``rows``: by ``COPY`` on PostgreSQL, by ``executemany`` elsewhere."""
    names = ", ".join(_quote(c) for c in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {_quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    _execute(f"INSERT INTO {_quote(table)} ({names}) VALUES ({marks})", rows)


def insert(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Insert new objects (their primary key is assigned by the database, not set on them)."""
    if not objs:
        return
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                setattr(obj, field.attname, now)
    _insert(model._meta.db_table, [str(f.column) for f in fields], _rows(objs, fields))


def update(model: type[models.Model], objs: Sequence[models.Model], attnames: Sequence[str]) -> None:
    """Write ``attnames`` of every object (one ``UPDATE … WHERE pk = …`` per object, batched)."""
    if not objs or not attnames:
        return
    fields = [f for f in model._meta.concrete_fields if f.attname in set(attnames)]
    pk = model._meta.pk
    assert pk is not None
    table, key = _quote(model._meta.db_table), _quote(str(pk.column))
    params = [[*values, obj.pk] for values, obj in zip(_rows(objs, fields), objs, strict=True)]
    if connection.vendor == "postgresql":
        _update_from_copy(table, key, [_quote(str(f.column)) for f in fields], params)
        return
    assignments = ", ".join(f"{_quote(str(f.column))} = %s" for f in fields)
    _execute(f"UPDATE {table} SET {assignments} WHERE {key} = %s", params)


def _update_from_copy(table: str, key: str, columns: list[str], rows: list[list[Any]]) -> None:
    """PostgreSQL: ``COPY`` the new values into a temporary table, then one ``UPDATE … FROM``."""
    stage = "kam_import_update"
    names = ", ".join([*columns, key])
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        cursor.execute(f"CREATE TEMPORARY TABLE {stage} ON COMMIT DROP AS SELECT {names} FROM {table} WITH NO DATA")
        with cursor.cursor.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        assignments = ", ".join(f"{column} = s.{column}" for column in columns)
        cursor.execute(f"UPDATE {table} AS t SET {assignments} FROM {stage} AS s WHERE t.{key} = s.{key}")
        cursor.execute(f"DROP TABLE {stage}")


def insert_history(
    model: type[models.Model], objs: Sequence[models.Model], *, history_type: str, user: Any, reason: str
) -> None:
    """Write one django-simple-history record per object ("+" created, "~" changed)."""
    if not objs or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history: Any = model.history.model  # type: ignore[attr-defined]
    tracked = list(history.tracked_fields)
    date = history._meta.get_field("history_date").get_db_prep_save(timezone.now(), connection)
    extra = [date, reason, history_type, user.pk if user is not None else None]
    columns = [str(f.column) for f in tracked] + [
        "history_date",
        "history_change_reason",
        "history_type",
        "history_user_id",
    ]
    params = [values + extra for values in _rows(objs, tracked)]
    _insert(history._meta.db_table, columns, params)


def analyze(model: type[models.Model]) -> None:
    """Refresh PostgreSQL's statistics of the model's table (and its history) after a bulk write.

    Without it the planner goes on believing the table is as small as before the
    import until autovacuum gets round to it, and picks very slow plans meanwhile.
    """
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table]
    history = getattr(model, "history", None)
    if history is not None:
        tables.append(history.model._meta.db_table)
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {_quote(table)}")
