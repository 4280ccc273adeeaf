"""The portfolio summary: class counts and shares, the ABC/XYZ grid, quadrants, the Pareto curve."""

from __future__ import annotations

from collections import Counter

import numpy as np

from .base import ABC, QUADRANTS, XYZ, Summary
from .compute import Computed

PARETO_POINTS = 101


def summarise(c: Computed) -> Summary:
    """Everything the overview shows without reading the entries (see Summary)."""
    n = len(c.values)
    ranking = c.ranking
    classes: dict[str, dict[str, float]] = {}
    for name in ABC:
        in_class = ranking.abc == name
        count = int(in_class.sum())
        classes[name] = {
            "count": count,
            "value": round(float(c.values[in_class].sum()), 2),
            "share": round(float(ranking.share[in_class].sum()), 6),
            "customer_share": round(count / n, 6) if n else 0.0,
        }
    cells = Counter(np.char.add(ranking.abc, np.where(c.xyz == "", "-", c.xyz)).tolist())
    quadrants = Counter(c.quadrant.tolist())
    directions = Counter(c.direction.tolist())
    return Summary(
        accounts=n,
        total=round(float(c.values.sum()), 2),
        classes=classes,
        grid={a + x: cells[a + x] for a in ABC for x in (*XYZ, "-")},
        quadrants={q: quadrants[q] for q in QUADRANTS},
        pareto=pareto_curve(ranking.cumulative_share[ranking.order]),
        candidates={d: directions[d] for d in ("promote", "demote")},
        positive_total=round(ranking.positive_total, 2),
    )


def pareto_curve(sorted_cumulative: np.ndarray, points: int = PARETO_POINTS) -> list[tuple[float, float]]:
    """(share of units, cumulative share of value) from (0, 0) to (1, final share), at most ``points`` points.

    The units are taken in rank order; with more units than points, evenly spaced ones.
    """
    n = len(sorted_cumulative)
    if n == 0:
        return [(0.0, 0.0)]
    cumulative = np.concatenate(([0.0], np.minimum(sorted_cumulative, 1.0)))
    index = np.unique(np.round(np.linspace(0, n, min(n, points - 1) + 1)).astype(np.int64))
    return [(round(i / n, 4), round(float(cumulative[i]), 4)) for i in index.tolist()]
