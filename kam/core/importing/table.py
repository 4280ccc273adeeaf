"""Column layouts and the generic checks of a table: header, row shape, cell values."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from kam.core.importing.issues import ImportIssue, IssueList
from kam.core.importing.reader import Table
from kam.core.importing.values import CellError, Parser


@dataclass(frozen=True)
class Column:
    """One column of an import layout.

    ``required`` columns must be in the header; the others may be left out, and then
    the field is not touched on update (and gets its default on create).
    """

    name: str
    parse: Parser
    required: bool = False


@dataclass
class ParsedRow:
    """One data row: its number in the file, the parsed values and the original text."""

    row: int
    values: dict[str, Any] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    bad: set[str] = field(default_factory=set)

    def ok(self, column: str) -> bool:
        """Whether ``column`` is in the file and its value parsed."""
        return column in self.values and column not in self.bad


def column_names(columns: Sequence[Column]) -> list[str]:
    """The header of a layout, in order."""
    return [c.name for c in columns]


def check_header(
    header: list[str], columns: Sequence[Column], errors: IssueList, warnings: list[ImportIssue]
) -> dict[str, int]:
    """Map each known column to its position; record missing, doubled and unknown columns."""
    known = {c.name for c in columns}
    positions: dict[str, int] = {}
    for position, name in enumerate(header):
        if not name:
            warnings.append(ImportIssue(1, "", "", _("Column %(n)d has no name; it is ignored.") % {"n": position + 1}))
        elif name in positions:
            errors.add(1, name, name, _("This column appears more than once."))
        elif name not in known:
            warnings.append(
                ImportIssue(
                    1,
                    name,
                    name,
                    _("Unknown column; it is ignored. Known columns: %(known)s.")
                    % {"known": ", ".join(column_names(columns))},
                )
            )
            positions[name] = position
        else:
            positions[name] = position
    for column in columns:
        if column.required and column.name not in positions:
            errors.add(1, column.name, "", _("Required column “%(column)s” is missing.") % {"column": column.name})
    return {name: pos for name, pos in positions.items() if name in known}


def is_blank(cells: list[str]) -> bool:
    """Whether a row has no content at all (such rows are skipped)."""
    return not any(c.strip() for c in cells)


def check_width(row_no: int, cells: list[str], width: int, errors: IssueList) -> bool:
    """Whether the row has as many cells as the header (extra empty cells are fine)."""
    if len(cells) == width or (len(cells) > width and is_blank(cells[width:])):
        return True
    errors.add(
        row_no,
        "",
        "",
        _("This row has %(found)d values, but the header has %(expected)d columns.")
        % {"found": len(cells), "expected": width},
    )
    return False


def parse_rows(
    table: Table, columns: Sequence[Column], positions: dict[str, int], errors: IssueList
) -> Iterator[ParsedRow]:
    """Parse every non-blank row; cell problems go to ``errors`` and mark the cell bad."""
    present = [(c, positions[c.name]) for c in columns if c.name in positions]
    width = len(table.header)
    for row_no, cells in table.rows:
        if is_blank(cells):
            continue
        if not check_width(row_no, cells, width, errors):
            continue
        parsed = ParsedRow(row_no)
        for column, position in present:
            text = cells[position].strip()
            parsed.text[column.name] = text
            try:
                parsed.values[column.name] = column.parse(text)
            except CellError as exc:
                errors.add(row_no, column.name, text, str(exc))
                parsed.values[column.name] = None
                parsed.bad.add(column.name)
        yield parsed
