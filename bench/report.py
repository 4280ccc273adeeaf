"""Figures of a benchmark run: timing statistics and the printed table."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Timing:
    """Median and 95th percentile (nearest rank) of a list of durations in seconds."""

    samples: tuple[float, ...]

    @classmethod
    def of(cls, samples: Sequence[float]) -> Timing:
        if not samples:
            raise ValueError("A timing needs at least one sample.")
        return cls(tuple(samples))

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)]


def ms(seconds: float) -> str:
    """Seconds as milliseconds for the table."""
    return f"{seconds * 1000:,.1f}"


def ratio(numerator: float, denominator: float) -> str:
    """``a / b`` as ``1.23×`` (``n/a`` when b is zero)."""
    return f"{numerator / denominator:.2f}×" if denominator > 0 else "n/a"


@dataclass
class Section:
    """A titled block of the report: a table (header + rows) and notes below it."""

    title: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def render(self) -> str:
        widths = [len(h) for h in self.header]
        for row in self.rows:
            widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

        def line(cells: list[str]) -> str:
            first, *rest = cells
            parts = [first.ljust(widths[0])] + [c.rjust(w) for c, w in zip(rest, widths[1:], strict=True)]
            return "  ".join(parts).rstrip()

        out = [self.title, "=" * len(self.title), line(self.header), line(["-" * w for w in widths])]
        out += [line(row) for row in self.rows]
        out += [f"  {note}" for note in self.notes]
        return "\n".join(out)


@dataclass
class Report:
    """The whole printed result: a heading, the sections and a verdict on the goals."""

    heading: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    verdicts: list[str] = field(default_factory=list)

    def render(self) -> str:
        parts = ["\n".join(self.heading)]
        parts += [section.render() for section in self.sections]
        if self.verdicts:
            parts.append("Goals\n=====\n" + "\n".join(self.verdicts))
        return "\n\n".join(parts) + "\n"
