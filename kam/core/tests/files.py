"""Helpers for tests that build import files in memory."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import openpyxl


def csv_file(header: Sequence[str], rows: Sequence[Sequence[object]], *, delimiter: str = ",") -> io.BytesIO:
    """A UTF-8 CSV file with ``header`` and ``rows``."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return io.BytesIO(text.getvalue().encode("utf-8"))


def raw_file(text: str, encoding: str = "utf-8") -> io.BytesIO:
    """A file holding ``text`` in ``encoding``."""
    return io.BytesIO(text.encode(encoding))


def xlsx_file(header: Sequence[str], rows: Sequence[Sequence[object]]) -> io.BytesIO:
    """An Excel workbook with one sheet holding ``header`` and ``rows``."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


def snapshot(*models: type) -> list[list[dict[str, object]]]:
    """Every row of ``models`` (ordered by id), to show that a refused import changed nothing."""
    return [list(model._default_manager.order_by("pk").values()) for model in models]  # type: ignore[attr-defined]
