"""Reading import files: encodings, separators, Excel cells, broken files."""

from __future__ import annotations

import datetime
import io

from kam.core.importing.issues import IssueList
from kam.core.importing.reader import CHUNK_BYTES, excel_cell_text, open_table
from kam.core.tests.files import raw_file, xlsx_file


def _read(stream):
    errors = IssueList()
    table = open_table(stream, errors)
    rows = list(table.rows) if table else []
    return table, rows, errors


def test_csv_with_bom_and_header_normalised():
    table, rows, errors = _read(io.BytesIO(b"\xef\xbb\xbf External_ID ,Name\nC1,M\xc3\xbcller\n"))
    assert not errors
    assert table.header == ["external_id", "name"]
    assert rows == [(2, ["C1", "Müller"])]


def test_semicolon_and_tab_separators_are_recognised():
    _table, rows, _errors = _read(raw_file('sku;name\nS1;"A; B"\n'))
    assert rows == [(2, ["S1", "A; B"])]
    _table, rows, _errors = _read(raw_file("sku\tname\nS1\tA, B\n"))
    assert rows == [(2, ["S1", "A, B"])]


def test_quoted_newlines_keep_row_numbers_of_records():
    _table, rows, _errors = _read(raw_file('a,b\n1,"two\nlines"\n3,4\n'))
    assert rows == [(2, ["1", "two\nlines"]), (3, ["3", "4"])]


def test_latin1_file_reports_byte_offset_and_line():
    data = "a,b\nx,y\nM\u00fcller,z\n".encode("latin-1")
    table, rows, errors = _read(io.BytesIO(data))
    assert table is not None
    assert rows == [(2, ["x", "y"])]  # the lines before the bad byte are still read
    assert errors.total == 1
    message = errors.items[0].message
    assert "not valid UTF-8" in message
    assert "byte 0xFC" in message
    assert "byte offset 9" in message
    assert "line 3" in message


def test_bad_byte_far_into_a_large_file_is_located():
    good = b"a,b\n" + b"x,y\n" * (CHUNK_BYTES // 4 + 10)
    data = good + b"caf\xe9,1\n"
    _table, rows, errors = _read(io.BytesIO(data))
    assert len(rows) == CHUNK_BYTES // 4 + 10
    message = errors.items[0].message
    assert f"byte offset {len(good) + 3}" in message
    assert f"line {CHUNK_BYTES // 4 + 12}" in message


def test_bad_first_line_is_reported():
    _table, _rows, errors = _read(io.BytesIO(b"n\xe4me,b\n"))
    assert "byte offset 1 (line 1)" in errors.items[0].message


def test_utf16_is_refused_with_advice():
    _table, _rows, errors = _read(io.BytesIO("a,b\n".encode("utf-16")))
    assert "UTF-16" in errors.items[0].message


def test_empty_files():
    for data in (b"", b"\xef\xbb\xbf", b"\n\n", b" , \n"):
        table, _rows, errors = _read(io.BytesIO(data))
        assert table is None
        assert errors.items[0].message == "The file is empty."


def test_old_excel_is_refused():
    _table, _rows, errors = _read(io.BytesIO(b"\xd0\xcf\x11\xe0" + b"\0" * 100))
    assert ".xls" in errors.items[0].message


def test_broken_xlsx_is_refused():
    _table, _rows, errors = _read(io.BytesIO(b"PK\x03\x04 this is no workbook"))
    assert "Excel file cannot be read" in errors.items[0].message


def test_xlsx_cells_become_text():
    stream = xlsx_file(
        ["Key", "When", "Amount", "Count", "Flag", "Empty"],
        [
            ["C1", datetime.date(2025, 3, 15), 1234.56, 7, True, None],
            ["C2", datetime.datetime(2025, 3, 16, 0, 0), 0.1 + 0.2, 7.0, False, None],
        ],
    )
    table, rows, errors = _read(stream)
    assert not errors
    assert table.format == "xlsx"
    assert table.header == ["key", "when", "amount", "count", "flag", "empty"]
    assert rows == [
        (2, ["C1", "2025-03-15", "1234.56", "7", "true", ""]),
        (3, ["C2", "2025-03-16", "0.3", "7", "false", ""]),
    ]


def test_excel_cell_text_of_times_and_large_numbers():
    assert excel_cell_text(datetime.datetime(2025, 3, 15, 10, 30)) == "2025-03-15 10:30:00"
    assert excel_cell_text(1e16) == "10000000000000000"
    assert excel_cell_text(1.5e-7) == "0.00000015"
    assert excel_cell_text(-2.0) == "-2"
    assert excel_cell_text("  x ") == "x"
