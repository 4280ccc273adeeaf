"""A plan document as PDF, laid out with fpdf2 (pure Python): A4, DejaVu Sans, charts drawn as vectors.

Only layout happens here; the words and figures come finished in the
:class:`~kam.plans.exports.blocks.PlanDocument`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos

from kam.plans.exports.blocks import (
    Bullets,
    Chart,
    Facts,
    OrgChart,
    Person,
    PlanDocument,
    ProgressBars,
    RiskMatrix,
    Section,
    Table,
    Text,
)

# fpdf2 subsets the fonts with fontTools, which logs every step at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT = "DejaVu"
FONTS = Path(__file__).parent / "fonts"
Color = tuple[int, int, int]
PRIMARY: Color = (31, 78, 121)
INK: Color = (33, 37, 41)
MUTED: Color = (108, 117, 125)
RULE: Color = (206, 212, 218)
LIGHT: Color = (241, 243, 245)
HEADING_FILL: Color = (226, 234, 243)
TREND: Color = (214, 110, 20)
PERIOD_FILL: Color = (236, 243, 250)
#: Fill colours of cell styles (risk levels, whitespace statuses, progress statuses).
FILLS: dict[str, Color] = {
    "low": (209, 231, 221),
    "medium": (255, 236, 181),
    "high": (255, 205, 160),
    "critical": (241, 174, 181),
    "bought": (209, 231, 221),
    "not_bought": (255, 255, 255),
    "competitor": (255, 205, 160),
    "no_need": (233, 236, 239),
    "achieved": (25, 135, 84),
    "on_track": (31, 78, 121),
    "behind": (230, 140, 20),
    "missed": (200, 35, 51),
    "no_data": (173, 181, 189),
}
#: Text colours of markers and warnings.
MARKS: dict[str, Color] = {"high": (176, 42, 55), "medium": (200, 110, 0), "low": MUTED, "warn": (176, 42, 55)}
BODY = 9.0
SMALL = 7.5


class PlanPDF(FPDF):
    """A4 pages with the running head of the plan and a footer with the generation date and page numbers."""

    def __init__(self, document: PlanDocument) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.document = document
        self.add_font(FONT, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_margins(15, 16, 15)
        self.set_auto_page_break(auto=True, margin=16)
        self.set_title(document.title)
        self.set_author("KAM")
        self.set_creator("KAM")

    @property
    def width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FONT, "", SMALL)
        self.set_text_color(*MUTED)
        self.set_y(8)
        self.cell(0, 4, self.document.running_head, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, 12.5, self.w - self.r_margin, 12.5)
        self.set_y(16)

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, "", SMALL)
        self.set_text_color(*MUTED)
        self.cell(self.width / 2, 4, self.document.generated)
        label = self.document.page_label % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(self.width / 2, 4, label, align="R")

    def font(self, size: float = BODY, bold: bool = False, color: Color = INK) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*color)

    def room(self, height: float) -> None:
        """Start a new page unless ``height`` mm fit below the cursor."""
        if self.get_y() + height > self.h - self.b_margin:
            self.add_page()

    def para(self, text: str, size: float = BODY, color: Color = INK, bold: bool = False, indent: float = 0) -> None:
        self.font(size, bold, color)
        self.set_x(self.l_margin + indent)
        self.multi_cell(self.width - indent, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render_pdf(document: PlanDocument) -> bytes:
    """The document as the bytes of a PDF file."""
    pdf = PlanPDF(document)
    pdf.add_page()
    _title_block(pdf, document)
    for section in document.sections:
        _section(pdf, section)
    return bytes(pdf.output())


def _title_block(pdf: PlanPDF, document: PlanDocument) -> None:
    pdf.font(18, bold=True, color=PRIMARY)
    pdf.multi_cell(pdf.width, 9, document.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if document.subtitle:
        pdf.para(document.subtitle, size=11, color=MUTED)
    pdf.ln(3)
    top = pdf.get_y()
    pdf.set_fill_color(*LIGHT)
    height = 6.2 * len(document.facts) + 4
    pdf.rect(pdf.l_margin, top, pdf.width, height, style="F")
    pdf.set_fill_color(*PRIMARY)
    pdf.rect(pdf.l_margin, top, 1.2, height, style="F")
    pdf.set_y(top + 2)
    for label, value in document.facts:
        pdf.set_x(pdf.l_margin + 5)
        pdf.font(BODY, bold=True, color=MUTED)
        pdf.cell(68, 6.2, label)
        pdf.font(BODY + 0.5)
        pdf.cell(pdf.width - 76, 6.2, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(top + height + 4)


#: Height (mm) a block needs below its section's heading, so that no heading stands alone.
FIRST_BLOCK_ROOM = {"RiskMatrix": 85.0, "Chart": 95.0}


def _section(pdf: PlanPDF, section: Section) -> None:
    first = type(section.blocks[0]).__name__ if section.blocks else ""
    pdf.room(14 + FIRST_BLOCK_ROOM.get(first, 26.0))
    pdf.ln(2)
    pdf.start_section(section.title)
    pdf.set_fill_color(*HEADING_FILL)
    pdf.font(12, bold=True, color=PRIMARY)
    pdf.cell(pdf.width, 8, " " + section.title, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    for block in section.blocks:
        RENDERERS[type(block)](pdf, block)
        pdf.ln(2)


def _subtitle(pdf: PlanPDF, title: str) -> None:
    if title:
        pdf.room(12)
        pdf.para(title, size=BODY, bold=True, color=PRIMARY)
        pdf.ln(0.5)


def _text(pdf: PlanPDF, block: Text) -> None:
    if block.muted:
        pdf.para(block.text, size=SMALL, color=MUTED)
    else:
        pdf.para(block.text)


def _facts(pdf: PlanPDF, block: Facts) -> None:
    _subtitle(pdf, block.title)
    for label, value in block.rows:
        pdf.room(10)
        pdf.font(BODY, bold=True, color=MUTED)
        pdf.cell(48, BODY * 0.5, label)
        pdf.font(BODY)
        pdf.multi_cell(pdf.width - 48, BODY * 0.5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.8)


def _bullets(pdf: PlanPDF, block: Bullets) -> None:
    _subtitle(pdf, block.title)
    if not block.items:
        pdf.para(block.empty, size=SMALL, color=MUTED, indent=2)
        return
    for marker, text in block.items:
        pdf.room(8)
        symbol = "⚠" if marker == "high" else "•"
        y = pdf.get_y()
        pdf.font(BODY, bold=marker == "high", color=MARKS.get(marker, PRIMARY))
        pdf.set_x(pdf.l_margin + 2)
        pdf.cell(4, BODY * 0.5, symbol)
        pdf.set_xy(pdf.l_margin + 6, y)
        pdf.font(BODY, color=MARKS["high"] if marker == "high" else INK)
        pdf.multi_cell(pdf.width - 6, BODY * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.6)


def _cell_style(style: str | None, bold: bool = False) -> FontFace | None:
    if style is None:
        return FontFace(emphasis="BOLD") if bold else None
    if style in MARKS and style not in FILLS:
        return FontFace(color=MARKS[style], emphasis="BOLD")
    return FontFace(fill_color=FILLS.get(style), emphasis="BOLD" if bold else None)


def _table(pdf: PlanPDF, block: Table) -> None:
    _subtitle(pdf, block.title)
    if not block.rows:
        pdf.para(block.empty, size=SMALL, color=MUTED, indent=2)
        return
    columns = len(block.header)
    size = BODY - 0.5 if columns <= 7 else 6.2
    aligns = tuple({"l": "LEFT", "r": "RIGHT", "c": "CENTER"}[a] for a in block.align)
    pdf.room(20)
    pdf.font(size)
    pdf.set_draw_color(*RULE)
    heading = FontFace(emphasis="BOLD", color=PRIMARY, fill_color=HEADING_FILL)
    styles = block.styles or [[None] * columns for _row in block.rows]
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(
        col_widths=block.widths,
        text_align=aligns,
        headings_style=heading,
        line_height=size * 0.48,
        borders_layout="HORIZONTAL_LINES",
        padding=(1.0, 1.2),
        width=pdf.width,
        num_heading_rows=2 if block.groups else 1,
    ) as table:
        if block.groups:
            row = table.row()
            for label, span in block.groups:
                row.cell(label, colspan=span, align="CENTER")
        table.row(block.header)
        for cells, marks in zip(block.rows, styles, strict=True):
            row = table.row()
            for text, mark in zip(cells, marks, strict=True):
                row.cell(text, style=_cell_style(mark))
        if block.footer:
            row = table.row()
            for text in block.footer:
                row.cell(text, style=FontFace(emphasis="BOLD", fill_color=LIGHT))
    if block.note:
        pdf.para(block.note, size=SMALL, color=MUTED)


def _person(pdf: PlanPDF, person: Person, depth: int) -> None:
    pdf.room(14)
    indent = depth * 7.0
    x, y = pdf.l_margin + indent, pdf.get_y()
    if depth:
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.3)
        pdf.line(x - 5, y - 1.5, x - 5, y + 2.2)
        pdf.line(x - 5, y + 2.2, x - 1, y + 2.2)
    pdf.set_fill_color(*(MARKS["high"] if person.gaps else PRIMARY))
    pdf.rect(x, y + 0.6, 0.9, 3.4, style="F")
    pdf.para(person.name, size=BODY, bold=True, indent=indent + 2)
    pdf.para(person.detail, size=SMALL, color=MUTED, indent=indent + 2)
    for gap in person.gaps:
        pdf.para("⚠ " + gap, size=SMALL, color=MARKS["high"], indent=indent + 2)
    pdf.ln(1.2)
    for report in person.reports:
        _person(pdf, report, depth + 1)


def _org_chart(pdf: PlanPDF, block: OrgChart) -> None:
    if not block.roots:
        pdf.para(block.empty, size=SMALL, color=MUTED)
    for root in block.roots:
        _person(pdf, root, 0)


def _progress(pdf: PlanPDF, block: ProgressBars) -> None:
    label_w, bar_w, bar_h = 62.0, 70.0, 3.6
    for bar in block.bars:
        pdf.room(8)
        y = pdf.get_y()
        pdf.font(SMALL + 0.5)
        pdf.cell(label_w, 5, _fit(pdf, bar.label, label_w - 2))
        x = pdf.l_margin + label_w
        pdf.set_fill_color(*LIGHT)
        pdf.rect(x, y + 0.7, bar_w, bar_h, style="F")
        if bar.percent:
            pdf.set_fill_color(*FILLS.get(bar.status, PRIMARY))
            pdf.rect(x, y + 0.7, bar_w * bar.percent / 100, bar_h, style="F")
        tick = x + bar_w * max(0.0, min(1.0, bar.expected))
        pdf.set_draw_color(*INK)
        pdf.set_line_width(0.4)
        pdf.line(tick, y, tick, y + bar_h + 1.4)
        pdf.set_xy(x + bar_w + 3, y)
        pdf.font(SMALL, color=FILLS.get(bar.status, INK))
        pdf.cell(pdf.width - label_w - bar_w - 3, 5, bar.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.8)
    pdf.set_line_width(0.2)
    pdf.para(block.legend, size=SMALL, color=MUTED)


def _fit(pdf: PlanPDF, text: str, width: float) -> str:
    """``text`` shortened with … to ``width`` mm in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _risk_matrix(pdf: PlanPDF, block: RiskMatrix) -> None:
    size, left = 11.0, 14.0
    pdf.room(size * 5 + 22)
    top = pdf.get_y() + 5
    x0 = pdf.l_margin + left
    pdf.font(SMALL, bold=True, color=MUTED)
    pdf.set_xy(pdf.l_margin, top - 5)
    pdf.cell(left + size * 5, 4, block.row_title + " ↑")
    pdf.set_draw_color(255, 255, 255)
    pdf.set_line_width(0.6)
    for r, row in enumerate(block.rows):
        y = top + r * size
        pdf.font(SMALL, color=MUTED)
        pdf.set_xy(pdf.l_margin + left - 6, y)
        pdf.cell(5, size, str(5 - r), align="R")
        for c, cell in enumerate(row):
            pdf.set_fill_color(*FILLS[cell.level])
            pdf.rect(x0 + c * size, y, size, size, style="DF")
            if cell.count:
                pdf.font(BODY + 1, bold=True)
                pdf.set_xy(x0 + c * size, y)
                pdf.cell(size, size, str(cell.count), align="C")
    bottom = top + 5 * size
    pdf.font(SMALL, color=MUTED)
    for c in range(5):
        pdf.set_xy(x0 + c * size, bottom + 0.5)
        pdf.cell(size, 4, str(c + 1), align="C")
    pdf.set_xy(x0, bottom + 4.5)
    pdf.font(SMALL, bold=True, color=MUTED)
    pdf.cell(size * 5, 4, block.column_title + " →", align="C")
    _matrix_legend(pdf, block, x0 + size * 5 + 10, top)
    pdf.set_line_width(0.2)
    pdf.set_y(bottom + 10)


def _matrix_legend(pdf: PlanPDF, block: RiskMatrix, x: float, y: float) -> None:
    for i, (level, label) in enumerate(block.legend):
        pdf.set_fill_color(*FILLS[level])
        pdf.rect(x, y + i * 6 + 0.8, 4, 4, style="F")
        pdf.set_xy(x + 6, y + i * 6)
        pdf.font(SMALL + 0.5)
        pdf.cell(40, 5.6, label)


def _chart(pdf: PlanPDF, block: Chart) -> None:
    height, axis = 52.0, 24.0
    pdf.room(height + 24)
    _subtitle(pdf, block.title)
    x0, y0 = pdf.l_margin + axis, pdf.get_y() + 3
    width = pdf.width - axis - 2
    top = block.ticks[-1][0] or 1.0
    slot = width / max(len(block.bars), 1)

    def x_at(index: float) -> float:
        return x0 + index * slot

    def y_at(value: float) -> float:
        return y0 + height - min(value, top) / top * height

    _chart_frame(pdf, block, x_at, y_at, y0, height)
    pdf.set_fill_color(*PRIMARY)
    for i, value in enumerate(block.bars):
        if value > 0:
            pdf.rect(x_at(i) + slot * 0.15, y_at(value), slot * 0.7, y0 + height - y_at(value), style="F")
    pdf.set_draw_color(*TREND)
    pdf.set_line_width(0.7)
    points = [(x_at(i + 0.5), y_at(value)) for i, value in enumerate(block.line)]
    if len(points) > 1 and any(value > 0 for value in block.line):
        pdf.polyline(points)
    pdf.set_line_width(0.2)
    _chart_labels(pdf, block, x_at, y0 + height)


def _chart_frame(
    pdf: PlanPDF, block: Chart, x_at: Callable[[float], float], y_at: Callable[[float], float], y0: float, h: float
) -> None:
    for first, last, label in block.periods:
        pdf.set_fill_color(*PERIOD_FILL)
        pdf.rect(x_at(first), y0, x_at(last + 1) - x_at(first), h, style="F")
        pdf.font(SMALL, bold=True, color=PRIMARY)
        pdf.set_xy(x_at(first), y0 + 0.5)
        pdf.cell(x_at(last + 1) - x_at(first), 4, label, align="C")
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    for value, label in block.ticks:
        y = y_at(value)
        pdf.line(x_at(0), y, x_at(len(block.bars)), y)
        pdf.font(6.5, color=MUTED)
        pdf.set_xy(pdf.l_margin, y - 2)
        pdf.cell(x_at(0) - pdf.l_margin - 1.5, 4, label, align="R")


def _chart_labels(pdf: PlanPDF, block: Chart, x_at: Callable[[float], float], bottom: float) -> None:
    pdf.font(6.5, color=MUTED)
    last_end = -1.0
    for index, label in block.x_labels:
        x = x_at(index)
        if x < last_end:
            continue
        pdf.set_xy(x, bottom + 0.8)
        pdf.cell(pdf.get_string_width(label) + 1, 3.5, label)
        last_end = x + pdf.get_string_width(label) + 2
    y = bottom + 6
    x = x_at(0)
    pdf.set_fill_color(*PRIMARY)
    pdf.rect(x, y + 0.8, 3, 3, style="F")
    pdf.set_xy(x + 4, y)
    pdf.font(SMALL)
    pdf.cell(pdf.get_string_width(block.bar_label) + 8, 4.6, block.bar_label)
    x = pdf.get_x()
    pdf.set_draw_color(*TREND)
    pdf.set_line_width(0.7)
    pdf.line(x, y + 2.3, x + 5, y + 2.3)
    pdf.set_line_width(0.2)
    pdf.set_xy(x + 6, y)
    pdf.cell(pdf.get_string_width(block.line_label) + 2, 4.6, block.line_label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


RENDERERS: dict[type, Callable[[PlanPDF, Any], None]] = {
    Text: _text,
    Facts: _facts,
    Bullets: _bullets,
    Table: _table,
    OrgChart: _org_chart,
    ProgressBars: _progress,
    RiskMatrix: _risk_matrix,
    Chart: _chart,
}
