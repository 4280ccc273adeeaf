"""Export of lists as CSV or Excel, in the import column layout, so an export re-imports.

A list export is described by an :class:`ExportSpec`: the selector that applies the
access rule, the app's FilterSet (the same one the list page uses) and a function
turning the filtered queryset into rows. CSV is streamed row by row; Excel is written
with openpyxl's write-only mode to a temporary file that is then streamed.
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBadRequest, QueryDict, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django_filters import FilterSet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User

EXPORT_FORMATS = ("csv", "xlsx")
XLSX_MAX_ROWS = 1_048_576 - 1  # one sheet; the header takes the first row
CHUNK_ROWS = 2000
FORMULA_STARTS = ("=", "@")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ExportError(ValueError):
    """The export cannot be made as asked (bad filter, too many rows for Excel)."""


@dataclass(frozen=True)
class ExportSpec:
    """One exportable list: its name, column layout, FilterSet, selector and row maker."""

    name: str
    columns: Sequence[str]
    filterset: type[FilterSet]
    queryset: Callable[..., QuerySet[Any]]
    rows: Callable[[QuerySet[Any]], Iterable[Sequence[Any]]]


def filtered_queryset(
    spec: ExportSpec, *, user: User | AnonymousUser, params: QueryDict, request: HttpRequest | None = None
) -> QuerySet[Any]:
    """The rows ``user`` may see, narrowed by the list filters in ``params``."""
    filterset = spec.filterset(params, queryset=spec.queryset(user=user), request=request)
    if not filterset.is_valid():
        problems = "; ".join(
            f"{name}: {' '.join(str(m) for m in messages)}" for name, messages in filterset.errors.items()
        )
        raise ExportError(_("Invalid filter: %(problems)s") % {"problems": problems})
    return filterset.qs


def values_rows(qs: QuerySet[Any], fields: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """``fields`` of every row, streamed from the database in chunks."""
    yield from qs.values_list(*fields).iterator(chunk_size=CHUNK_ROWS)


def cell_text(value: Any) -> str:
    """A value as the importer reads it back: ISO dates, "." decimals, true/false.

    Text starting with "=" or "@" gets a leading apostrophe so that a spreadsheet
    does not run it as a formula; the importer drops that apostrophe again.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return f"'{value}" if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


class _Echo:
    """A file-like object whose ``write`` returns what it was given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = False) -> Iterator[str]:
    """The CSV text of the export, a line at a time."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield ("\ufeff" if bom else "") + writer.writerow(columns)
    for row in rows:
        yield writer.writerow([cell_text(value) for value in row])


def write_xlsx(columns: Sequence[str], rows: Iterable[Sequence[Any]], target: IO[bytes], *, title: str) -> int:
    """Write an Excel workbook with one sheet; returns the number of data rows.

    Text stays text (openpyxl would store "=..." as a formula); dates and numbers are
    stored as such.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])

    def excel_value(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            return cell
        return value

    sheet.append(list(columns))
    count = 0
    for row in rows:
        count += 1
        if count > XLSX_MAX_ROWS:
            sheet.close()  # finish openpyxl's row writer; its temporary file goes at exit
            raise ExportError(
                _("More than %(max)d rows do not fit into an Excel sheet; export as CSV instead.")
                % {"max": XLSX_MAX_ROWS}
            )
        sheet.append([excel_value(value) for value in row])
    workbook.save(target)
    return count


def export_csv_lines(
    spec: ExportSpec, *, user: User | AnonymousUser, params: QueryDict, bom: bool = False
) -> Iterator[str]:
    """The CSV export of what ``user`` may see, as lines of text (used by the command line)."""
    return csv_lines(spec.columns, spec.rows(filtered_queryset(spec, user=user, params=params)), bom=bom)


def export_to_stream(
    spec: ExportSpec, *, user: User | AnonymousUser, params: QueryDict, fmt: str, target: IO[bytes], bom: bool = False
) -> None:
    """Write the export of what ``user`` may see to ``target`` (used by the command line)."""
    if fmt not in EXPORT_FORMATS:
        raise ExportError(_("Unknown format %(format)s: use csv or xlsx.") % {"format": fmt})
    rows = spec.rows(filtered_queryset(spec, user=user, params=params))
    if fmt == "xlsx":
        write_xlsx(spec.columns, rows, target, title=spec.name)
        return
    for line in csv_lines(spec.columns, rows, bom=bom):
        target.write(line.encode("utf-8"))


def export_response(request: HttpRequest, spec: ExportSpec, fmt: str) -> HttpResponseBase:
    """The download of a list: CSV streamed, Excel from a temporary file; 404 for other formats."""
    if fmt not in EXPORT_FORMATS:
        raise Http404("Unknown export format.")
    try:
        queryset = filtered_queryset(spec, user=request.user, params=request.GET, request=request)
    except ExportError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    filename = f"{spec.name}-{datetime.date.today().isoformat()}.{fmt}"
    if fmt == "csv":
        response: HttpResponseBase = StreamingHttpResponse(
            csv_lines(spec.columns, spec.rows(queryset), bom=True), content_type=CONTENT_TYPES["csv"]
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    if queryset.count() > XLSX_MAX_ROWS:
        return HttpResponseBadRequest(
            _("More than %(max)d rows do not fit into an Excel sheet; export as CSV instead.") % {"max": XLSX_MAX_ROWS},
            content_type="text/plain; charset=utf-8",
        )
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes (and so deletes) it
    write_xlsx(spec.columns, spec.rows(queryset), handle, title=spec.name)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=CONTENT_TYPES["xlsx"])
