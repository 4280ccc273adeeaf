"""Export helpers: cell text, CSV lines, Excel sheets."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from kam.core import exporting
from kam.core.exporting import ExportError, cell_text, csv_lines, write_xlsx


def test_cell_text_is_what_the_importer_reads():
    assert cell_text(None) == ""
    assert cell_text(True) == "true"
    assert cell_text(datetime.date(2025, 3, 15)) == "2025-03-15"
    assert cell_text(Decimal("1E+2")) == "100"
    assert cell_text(Decimal("12.50")) == "12.50"
    assert cell_text("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert cell_text("@SUM") == "'@SUM"
    assert cell_text("-5 dash") == "-5 dash"


def test_csv_lines_quote_and_bom():
    lines = list(csv_lines(["a", "b"], [("x,y", 'say "hi"')], bom=True))
    assert lines == ["\ufeffa,b\r\n", '"x,y","say ""hi"""\r\n']


def test_xlsx_keeps_types_and_text():
    out = io.BytesIO()
    count = write_xlsx(["a", "b", "c"], [("=1+1", Decimal("2.50"), datetime.date(2025, 1, 2))], out, title="x")
    assert count == 1
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    assert [c.value for c in sheet[1]] == ["a", "b", "c"]
    assert sheet["A2"].value == "=1+1"
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 2.5
    assert sheet["C2"].value == datetime.datetime(2025, 1, 2)


def test_xlsx_refuses_more_rows_than_a_sheet_holds(monkeypatch):
    monkeypatch.setattr(exporting, "XLSX_MAX_ROWS", 2)
    with pytest.raises(ExportError, match="export as CSV"):
        write_xlsx(["a"], [(1,), (2,), (3,)], io.BytesIO(), title="x")
