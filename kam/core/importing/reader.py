"""Reading an import file as a stream of rows: CSV (UTF-8) or Excel (.xlsx).

The format is recognised from the file's first bytes, not from its name. Rows are
yielded one by one, so a file of millions of lines is never held in memory. Problems
with the file itself (wrong encoding, not a spreadsheet, broken CSV quoting) are
recorded in the caller's :class:`IssueList` and end the iteration.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.utils.translation import gettext as _

from kam.core.importing.issues import IssueList

CHUNK_BYTES = 1 << 20
UTF8_BOM = b"\xef\xbb\xbf"
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

Row = tuple[int, list[str]]


@dataclass
class Table:
    """A header and an iterator of ``(row number, cells)``; the header is row 1."""

    header: list[str]
    rows: Iterator[Row]
    format: str


def open_table(stream: IO[bytes], errors: IssueList) -> Table | None:
    """Open ``stream`` as CSV or XLSX; None (with the reason in ``errors``) if it cannot be read."""
    start = stream.read(4)
    stream.seek(0)
    if not start:
        errors.add(None, "", "", _("The file is empty."))
        return None
    if start.startswith(XLS_MAGIC):
        errors.add(None, "", "", _("This is an old Excel file (.xls). Save it as .xlsx or as CSV (UTF-8)."))
        return None
    if start.startswith(XLSX_MAGIC):
        return _open_xlsx(stream, errors)
    if start.startswith(UTF16_BOMS):
        errors.add(None, "", "", _("The file is encoded as UTF-16. Save it as UTF-8 (in Excel: “CSV UTF-8”)."))
        return None
    return _open_csv(stream, errors)


def normalise_header(cells: list[str]) -> list[str]:
    """Header names as compared: trimmed, lower case; trailing empty names dropped."""
    names = [c.strip().lstrip("\ufeff").strip().lower() for c in cells]
    while names and not names[-1]:
        names.pop()
    return names


# --- CSV --------------------------------------------------------------------------------


def _utf8_lines(stream: IO[bytes], errors: IssueList) -> Iterator[str]:
    """Decode ``stream`` as UTF-8 (a leading BOM is skipped) and yield its lines.

    Decoding works on large blocks cut at line ends, so a multi-byte character is never
    split. On an invalid byte the problem is recorded with its offset and line number
    and the iteration ends.
    """
    offset = 0
    lines_before = 0
    pending = stream.read(CHUNK_BYTES)
    if pending.startswith(UTF8_BOM):
        pending = pending[len(UTF8_BOM) :]
        offset = len(UTF8_BOM)
    while True:
        chunk = stream.read(CHUNK_BYTES)
        data = pending + chunk
        if chunk:
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                pending = data
                continue
            data, pending = data[:cut], data[cut:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            # The complete lines before the bad byte are still read (and checked).
            good = data[: data.rfind(b"\n", 0, exc.start) + 1]
            yield from io.StringIO(good.decode("utf-8"), newline="")
            _record_encoding_error(errors, data, exc, offset, lines_before)
            return
        yield from io.StringIO(text, newline="")
        if not chunk:
            return
        offset += len(data)
        lines_before += data.count(b"\n")


def _record_encoding_error(
    errors: IssueList, data: bytes, exc: UnicodeDecodeError, offset: int, lines_before: int
) -> None:
    line = lines_before + data.count(b"\n", 0, exc.start) + 1
    errors.add(
        None,
        "",
        "",
        _(
            "The file is not valid UTF-8: byte 0x%(byte)02X at byte offset %(offset)d (line %(line)d) "
            "cannot be decoded. Save the file as UTF-8 (in Excel: “CSV UTF-8”)."
        )
        % {"byte": data[exc.start], "offset": offset + exc.start, "line": line},
    )


def _sniff_delimiter(first_line: str) -> str:
    """Comma by default; semicolon or tab when the header uses those instead."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _open_csv(stream: IO[bytes], errors: IssueList) -> Table | None:
    lines = _utf8_lines(stream, errors)
    first = next(lines, None)
    if first is None:
        if not errors:
            errors.add(None, "", "", _("The file is empty."))
        return None
    delimiter = _sniff_delimiter(first)

    def all_lines() -> Iterator[str]:
        yield first
        yield from lines

    reader = csv.reader(all_lines(), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        errors.add(1, "", "", _("The header row cannot be read as CSV: %(error)s") % {"error": exc})
        return None
    names = normalise_header(header)
    if not names:
        errors.add(None, "", "", _("The file is empty."))
        return None
    return Table(header=names, rows=_csv_rows(reader, errors), format="csv")


def _csv_rows(reader: Any, errors: IssueList) -> Iterator[Row]:
    row_no = 1
    while True:
        row_no += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            errors.add(row_no, "", "", _("This row cannot be read as CSV: %(error)s") % {"error": exc})
            return
        yield row_no, cells


# --- XLSX -------------------------------------------------------------------------------


def excel_cell_text(value: object) -> str:
    """A cell value from openpyxl as the text the CSV importer would see."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e18:
            return str(int(value))
        # Excel keeps 15 significant digits; more would show binary noise (0.30000000000000004).
        text = format(value, ".15g")
        return text if "e" not in text else format(Decimal(text), "f")
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value).strip()


def _open_xlsx(stream: IO[bytes], errors: IssueList) -> Table | None:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        errors.add(None, "", "", _("The Excel file cannot be read: %(error)s") % {"error": exc})
        return None
    if not workbook.worksheets:
        errors.add(None, "", "", _("The Excel file has no worksheet."))
        return None
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    first = next(rows, None)
    header = normalise_header([excel_cell_text(v) for v in first]) if first is not None else []
    if not header:
        errors.add(None, "", "", _("The file is empty."))
        workbook.close()
        return None

    width = len(header)

    def data_rows() -> Iterator[Row]:
        try:
            for row_no, values in enumerate(rows, start=2):
                cells = [excel_cell_text(v) for v in values]
                if len(cells) < width:  # a sheet does not store empty cells at the end of a row
                    cells.extend([""] * (width - len(cells)))
                yield row_no, cells
        finally:
            workbook.close()

    return Table(header=header, rows=data_rows(), format="xlsx")
