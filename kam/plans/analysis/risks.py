"""The risk matrix: probability (1–5) × impact (1–5).

Score = probability × impact; level ``low`` up to 4, ``medium`` up to 9, ``high`` up to 14,
``critical`` from 15. The matrix is 5 rows (impact 5 at the top down to 1) × 5 columns
(probability 1 to 5), each cell with its score, level and the ids of the risks in it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

LEVELS = ((4, "low"), (9, "medium"), (14, "high"), (25, "critical"))
SCALE = range(1, 6)


@dataclass(frozen=True)
class RiskCell:
    """One cell of the matrix and the risks that fall into it."""

    probability: int
    impact: int
    score: int
    level: str
    risk_ids: tuple[int, ...]


def risk_level(probability: int, impact: int) -> str:
    """The level of a risk from its score (probability × impact)."""
    score = probability * impact
    for upper, level in LEVELS:
        if score <= upper:
            return level
    raise ValueError(f"probability and impact must be 1–5, got {probability} × {impact}")


def risk_matrix(risks: Iterable[tuple[int, int, int]]) -> list[list[RiskCell]]:
    """Rows of cells from impact 5 down to 1, columns probability 1 to 5; ``risks`` as (id, probability, impact)."""
    placed: dict[tuple[int, int], list[int]] = {}
    for risk_id, probability, impact in risks:
        if probability not in SCALE or impact not in SCALE:
            raise ValueError(f"probability and impact must be 1–5, got {probability} × {impact}")
        placed.setdefault((probability, impact), []).append(risk_id)
    return [
        [RiskCell(p, i, p * i, risk_level(p, i), tuple(sorted(placed.get((p, i), ())))) for p in SCALE]
        for i in reversed(SCALE)
    ]
