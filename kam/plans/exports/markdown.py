"""A plan document as Markdown: headings, tables and lists (GitHub-flavoured tables).

Only layout happens here; the words and figures come finished in the
:class:`~kam.plans.exports.blocks.PlanDocument`. The chart is given by its figures (the
forecast table next to it holds the periods' totals).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kam.plans.exports.blocks import (
    Bullets,
    Chart,
    Facts,
    OrgChart,
    Person,
    PlanDocument,
    ProgressBars,
    RiskMatrix,
    Table,
    Text,
)

BAR_WIDTH = 20
MARKERS = {"high": "⚠ ", "medium": "", "low": ""}


def _cell(text: str) -> str:
    """A table cell on one line with its pipes escaped."""
    return " ".join(text.replace("|", "\\|").split("\n")).strip() or " "


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _table_lines(header: list[str], rows: list[list[str]], align: str) -> list[str]:
    rule = {"l": ":---", "r": "---:", "c": ":---:"}
    return [_row(header), "| " + " | ".join(rule[a] for a in align) + " |", *(_row(r) for r in rows)]


def _title(title: str) -> list[str]:
    return [f"**{title}**", ""] if title else []


def _text(block: Text) -> list[str]:
    return [f"*{block.text}*" if block.muted else block.text]


def _facts(block: Facts) -> list[str]:
    lines = _title(block.title)
    for label, value in block.rows:
        text = value.replace("\n", "  \n  ")
        lines.append(f"- **{label}:** {text}" if label else f"- {text}")
    return lines


def _bullets(block: Bullets) -> list[str]:
    lines = _title(block.title)
    if not block.items:
        return [*lines, f"*{block.empty}*"]
    return [*lines, *(f"- {MARKERS.get(marker, '')}{text}" for marker, text in block.items)]


def _grouped(block: Table) -> list[str]:
    """The header with each column's group in front ("2025 Revenue")."""
    if not block.groups:
        return block.header
    labels = [label for label, span in block.groups for _i in range(span)]
    return [f"{group} {name}".strip() for group, name in zip(labels, block.header, strict=True)]


def _table(block: Table) -> list[str]:
    lines = _title(block.title)
    if not block.rows:
        return [*lines, f"*{block.empty}*"]
    rows = [*block.rows, [f"**{c}**" for c in block.footer]] if block.footer else block.rows
    lines += _table_lines(_grouped(block), rows, block.align)
    return [*lines, "", f"*{block.note}*"] if block.note else lines


def _people(people: list[Person], depth: int) -> list[str]:
    lines = []
    pad = "  " * depth
    for person in people:
        lines.append(f"{pad}- **{person.name}** — {person.detail}")
        lines += [f"{pad}  - ⚠ {gap}" for gap in person.gaps]
        lines += _people(person.reports, depth + 1)
    return lines


def _org_chart(block: OrgChart) -> list[str]:
    return _people(block.roots, 0) if block.roots else [f"*{block.empty}*"]


def _progress(block: ProgressBars) -> list[str]:
    lines = []
    for bar in block.bars:
        filled = round((bar.percent or 0) / 100 * BAR_WIDTH)
        lines.append(f"- `{'█' * filled}{'░' * (BAR_WIDTH - filled)}` {bar.label}: {bar.text}")
    return [*lines, "", f"*{block.legend}*"]


def _risk_matrix(block: RiskMatrix) -> list[str]:
    header = [f"{block.row_title} ↓ / {block.column_title} →", *(str(p) for p in range(1, 6))]
    rows = [
        [str(5 - r), *(f"{c.count} · {c.label}" if c.count else c.label for c in row)]
        for r, row in enumerate(block.rows)
    ]
    return _table_lines(header, rows, "c" * 6)


def _chart(block: Chart) -> list[str]:
    return []


BLOCKS: dict[type, Callable[[Any], list[str]]] = {
    Text: _text,
    Facts: _facts,
    Bullets: _bullets,
    Table: _table,
    OrgChart: _org_chart,
    ProgressBars: _progress,
    RiskMatrix: _risk_matrix,
    Chart: _chart,
}


def render_markdown(document: PlanDocument) -> str:
    """The document as Markdown text."""
    lines = [f"# {document.title}", ""]
    if document.subtitle:
        lines += [f"*{document.subtitle}*", ""]
    lines += [*_facts(Facts(document.facts)), ""]
    for section in document.sections:
        lines += [f"## {section.title}", ""]
        for block in section.blocks:
            rendered = BLOCKS[type(block)](block)
            if rendered:
                lines += [*rendered, ""]
    lines += ["---", "", f"*{document.generated}*", ""]
    return "\n".join(lines)
