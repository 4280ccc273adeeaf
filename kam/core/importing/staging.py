"""A temporary staging table for bulk imports, filled fast on both databases.

On PostgreSQL rows go in through ``COPY … FROM STDIN``; on SQLite through
``executemany``. The table lives in the current transaction's connection and is
dropped by :func:`staging_table` at the end of the block; use it inside
``transaction.atomic()`` so that an error rolls the table back with everything else.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from django.db import connection

FLUSH_ROWS = 10_000


class StagingWriter(Protocol):
    """Collects rows and writes them in batches."""

    def add(self, row: tuple[Any, ...]) -> None:
        """Queue one row (values in the table's column order)."""


class _SqliteWriter:
    def __init__(self, table: str, width: int) -> None:
        self.sql = f"INSERT INTO {table} VALUES ({', '.join(['?'] * width)})"
        self.cursor = connection.connection.cursor()  # type: ignore[union-attr]
        self.batch: list[tuple[Any, ...]] = []

    def add(self, row: tuple[Any, ...]) -> None:
        self.batch.append(row)
        if len(self.batch) >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            self.cursor.executemany(self.sql, self.batch)
            self.batch = []


@contextmanager
def staging_table(name: str, columns: Sequence[tuple[str, str]]) -> Iterator[str]:
    """Create the temporary table ``name`` with ``(column, SQL type)`` pairs; drop it afterwards."""
    definition = ", ".join(f"{column} {sql_type}" for column, sql_type in columns)
    suffix = " ON COMMIT DROP" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMPORARY TABLE {name} ({definition}){suffix}")
    yield name
    # On an exception the caller's transaction is rolled back, and the table with it.
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")


@contextmanager
def staging_writer(table: str, columns: Sequence[str]) -> Iterator[StagingWriter]:
    """A writer filling ``table``; everything queued is written when the block ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor, for COPY
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                yield _PostgresWriter(copy)
        return
    connection.ensure_connection()
    writer = _SqliteWriter(table, len(columns))
    yield writer
    writer.flush()


class _PostgresWriter:
    def __init__(self, copy: Any) -> None:
        self.add = copy.write_row
