"""SQL expressions that differ between SQLite and PostgreSQL, for the hand-written statements."""

from __future__ import annotations

from django.db import connection


def month_start_sql(column: str) -> str:
    """The first day of ``column``'s month (a date; ``%`` doubled for cursor parameters)."""
    if connection.vendor == "sqlite":
        return f"strftime('%%Y-%%m-01', {column})"
    return f"CAST(date_trunc('month', {column}) AS date)"


def month_number_sql(column: str) -> str:
    """The running month number (year × 12 + month − 1) of a date column."""
    if connection.vendor == "sqlite":
        return f"(CAST(strftime('%%Y', {column}) AS INTEGER) * 12 + CAST(strftime('%%m', {column}) AS INTEGER) - 1)"
    return f"CAST(EXTRACT(YEAR FROM {column}) * 12 + EXTRACT(MONTH FROM {column}) - 1 AS INTEGER)"
