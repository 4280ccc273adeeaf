"""The content of an exported plan as plain, already worded and formatted blocks.

:mod:`kam.plans.exports.document` fills them from the plan page's selectors; the renderers
(:mod:`.pdf`, :mod:`.markdown`) only lay them out. Every text here is final: translated,
numbers formatted in the active language.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Text:
    """A paragraph; ``muted`` for explanations of how a figure is computed."""

    text: str
    muted: bool = False


@dataclass(frozen=True)
class Facts:
    """Label–value pairs (a definition list); ``title`` optional."""

    rows: list[tuple[str, str]]
    title: str = ""


@dataclass(frozen=True)
class Bullets:
    """A list; each item (marker, text), marker ``high``/``medium``/``low`` for gaps, else ``""``."""

    items: list[tuple[str, str]]
    title: str = ""
    empty: str = "–"


@dataclass(frozen=True)
class Table:
    """A table; ``align`` per column (``l``, ``r``, ``c``), ``widths`` relative, ``styles`` per cell (or None).

    A cell style is a key the renderer knows (whitespace statuses, risk levels, ``warn``).
    ``groups`` (label, number of columns) head groups of columns, e.g. the years above their figures.
    """

    header: list[str]
    rows: list[list[str]]
    align: str
    widths: list[float]
    footer: list[str] | None = None
    styles: list[list[str | None]] | None = None
    title: str = ""
    empty: str = ""
    note: str = ""
    groups: list[tuple[str, int]] | None = None


@dataclass
class Person:
    """A contact in the org chart: name line, detail line, gaps, and who reports to them."""

    name: str
    detail: str
    gaps: list[str] = field(default_factory=list)
    reports: list[Person] = field(default_factory=list)


@dataclass(frozen=True)
class OrgChart:
    """The stakeholder map drawn along reporting lines."""

    roots: list[Person]
    empty: str


@dataclass(frozen=True)
class Bar:
    """One progress bar: label, percent 0–100 (None: no value), expected 0–1, status key, its text."""

    label: str
    percent: int | None
    expected: float
    status: str
    text: str


@dataclass(frozen=True)
class ProgressBars:
    """Goals' progress as bars with a tick at the expected progress."""

    bars: list[Bar]
    legend: str


@dataclass(frozen=True)
class MatrixCell:
    """One cell of the risk matrix: level key, its text, how many risks fall into it."""

    level: str
    label: str
    count: int


@dataclass(frozen=True)
class RiskMatrix:
    """Rows impact 5 → 1, columns probability 1 → 5."""

    rows: list[list[MatrixCell]]
    row_title: str
    column_title: str
    legend: list[tuple[str, str]]


@dataclass(frozen=True)
class Chart:
    """Monthly revenue as bars and the trend as a line, with the plan's periods marked.

    ``ticks`` are (value, text) for the value axis, ``x_labels`` (index, text) for the month axis,
    ``periods`` (first index, last index, text) the spans to shade.
    """

    title: str
    bars: list[float]
    line: list[float]
    bar_label: str
    line_label: str
    ticks: list[tuple[float, str]]
    x_labels: list[tuple[int, str]]
    periods: list[tuple[int, int, str]]


Block = Text | Facts | Bullets | Table | OrgChart | ProgressBars | RiskMatrix | Chart


@dataclass(frozen=True)
class Section:
    """One section of the plan with its blocks."""

    key: str
    title: str
    blocks: list[Block]


@dataclass(frozen=True)
class PlanDocument:
    """A whole plan for export: title block, sections, and the footer's texts."""

    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    sections: list[Section]
    generated: str
    page_label: str  # "Page %(page)s of %(pages)s" with the two placeholders
    running_head: str
