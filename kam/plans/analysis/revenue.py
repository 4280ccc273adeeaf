"""Share of wallet per product line and the cells of the whitespace grid.

**Share of wallet** = our revenue ÷ the customer's estimated total spend (per product line,
and in total over the lines with an estimate). None without an estimate or with an estimate
of 0; ``over_estimate`` when our revenue exceeds the estimate (the estimate is too low).

**Whitespace cell** (customer unit × product line): an entry made by people wins; without
one the cell is ``bought`` when the unit had positive revenue in the line in the window,
otherwise ``not_bought``. An entry of ``not_bought`` or ``no_need`` where the data shows
revenue is flagged ``contradicts_data``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

# Values of kam.plans.choices.WhitespaceStatus (a test checks that they agree).
BOUGHT, NOT_BOUGHT, COMPETITOR, NO_NEED = "bought", "not_bought", "competitor", "no_need"

K = TypeVar("K", bound=Hashable)  # a product line's key
U = TypeVar("U", bound=Hashable)  # a customer unit's key


@dataclass(frozen=True)
class WalletShare(Generic[K]):
    """Our revenue against the customer's estimated spend in one product line (None: the total)."""

    product_line: K | None
    revenue: Decimal
    estimate: Decimal | None
    share: float | None
    over_estimate: bool


def _share(line: K | None, revenue: Decimal, estimate: Decimal | None) -> WalletShare[K]:
    share = None if not estimate else float(revenue / estimate)
    return WalletShare(line, revenue, estimate, share, share is not None and share > 1)


def share_of_wallet(
    revenue: Mapping[K, Decimal], estimates: Mapping[K, Decimal]
) -> tuple[list[WalletShare[K]], WalletShare[K]]:
    """Rows per product line (every line with revenue or an estimate, in the given order) and the total.

    The total sums revenue and estimates over the lines that have an estimate, so that lines
    without one do not inflate the share.
    """
    lines = list(dict.fromkeys([*revenue, *estimates]))
    rows = [_share(line, revenue.get(line, Decimal(0)), estimates.get(line)) for line in lines]
    estimated = [line for line in lines if line in estimates]
    total: WalletShare[K] = _share(
        None,
        sum((revenue.get(line, Decimal(0)) for line in estimated), Decimal(0)),
        sum((estimates[line] for line in estimated), Decimal(0)) if estimated else None,
    )
    return rows, total


@dataclass(frozen=True)
class WhitespaceCell(Generic[U, K]):
    """One cell of the grid: status, whether entered by people, our revenue, competitor."""

    unit: U
    product_line: K
    status: str
    entered: bool
    revenue: Decimal
    competitor: str = ""
    contradicts_data: bool = False


def whitespace_cells(
    units: Sequence[U],
    lines: Sequence[K],
    revenue: Mapping[tuple[U, K], Decimal],
    entries: Mapping[tuple[U, K], tuple[str, str]],
) -> list[list[WhitespaceCell[U, K]]]:
    """Rows per unit, columns per product line; ``entries`` map (unit, line) to (status, competitor)."""
    grid = []
    for unit in units:
        row: list[WhitespaceCell[U, K]] = []
        for line in lines:
            amount = revenue.get((unit, line), Decimal(0))
            if (unit, line) in entries:
                status, competitor = entries[(unit, line)]
                contradicts = amount > 0 and status in (NOT_BOUGHT, NO_NEED)
                row.append(WhitespaceCell(unit, line, status, True, amount, competitor, contradicts))
            else:
                row.append(WhitespaceCell(unit, line, BOUGHT if amount > 0 else NOT_BOUGHT, False, amount))
        grid.append(row)
    return grid
