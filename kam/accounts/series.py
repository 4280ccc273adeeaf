"""Each account's monthly revenue, margin and product lines bought, packed into bytes (numpy, no Django).

The portfolio analysis needs, per account, sums over several ranges of months (the period,
the XYZ window with its squares, the same months one and three years earlier) and the
product lines bought in the period. Reading those from rows (one per account and month, or
per order line) costs as much as the bare aggregate over the order lines; packed, one
row per account holds them all and numpy answers any range at once:

* ``revenue`` and ``margin``: little-endian float64, one per month from the account's
  first month with order lines to its last (months without order lines are 0);
* ``lines``: little-endian int32 pairs (product line id, month offset from the first
  month), one per product line and month in which the account bought that line.

Months are numbered ``year * 12 + month - 1`` (:func:`month_number`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

FLOAT = np.dtype("<f8")
PAIR = np.dtype("<i4")
Blob = bytes | memoryview


def month_number(day: dt.date) -> int:
    """The running number of ``day``'s month (year × 12 + month − 1)."""
    return day.year * 12 + day.month - 1


def month_date(number: int) -> dt.date:
    """The first day of the month with running number ``number``."""
    return dt.date(number // 12, number % 12 + 1, 1)


@dataclass(frozen=True)
class PackedSeries:
    """One account's packed row (see the module docstring)."""

    account: int
    first_month: int
    revenue: bytes
    margin: bytes
    lines: bytes


def _runs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(distinct keys, start index, end index) of the runs of equal values in a sorted array."""
    if not len(keys):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    ends = np.concatenate((starts[1:], [len(keys)]))
    return keys[starts], starts, ends


def pack_series(
    months: tuple[Sequence[int], Sequence[int], Sequence[float], Sequence[float]],
    lines: tuple[Sequence[int], Sequence[int], Sequence[int]],
) -> list[PackedSeries]:
    """Pack (account, month number, revenue, margin) rows and distinct (account, product line,
    month number) rows into one :class:`PackedSeries` per account that has months.

    Rows may come in any order; a line row of an account without a month row, or outside
    its months, is a contradiction of the inputs and raises ValueError.
    """
    account, month = np.asarray(months[0], dtype=np.int64), np.asarray(months[1], dtype=np.int64)
    revenue, margin = np.asarray(months[2], dtype=float), np.asarray(months[3], dtype=float)
    order = np.lexsort((month, account))
    account, month, revenue, margin = account[order], month[order], revenue[order], margin[order]
    line_account, line_id = np.asarray(lines[0], dtype=np.int64), np.asarray(lines[1], dtype=np.int64)
    line_month = np.asarray(lines[2], dtype=np.int64)
    line_order = np.lexsort((line_month, line_id, line_account))
    line_account, line_id, line_month = line_account[line_order], line_id[line_order], line_month[line_order]
    keys, starts, ends = _runs(account)
    line_keys, line_starts, line_ends = _runs(line_account)
    line_slot = dict(zip(line_keys.tolist(), zip(line_starts.tolist(), line_ends.tolist(), strict=True), strict=True))
    packed = []
    for key, start, end in zip(keys.tolist(), starts.tolist(), ends.tolist(), strict=True):
        first, last = int(month[start]), int(month[end - 1])
        dense_revenue = np.zeros(last - first + 1, dtype=FLOAT)
        dense_margin = np.zeros(last - first + 1, dtype=FLOAT)
        np.add.at(dense_revenue, month[start:end] - first, revenue[start:end])
        np.add.at(dense_margin, month[start:end] - first, margin[start:end])
        pairs = b""
        slot = line_slot.pop(key, None)
        if slot is not None:
            offsets = line_month[slot[0] : slot[1]] - first
            if offsets.min() < 0 or offsets.max() > last - first:
                raise ValueError(f"Account {key}: product lines bought outside its months with revenue")
            pairs = np.column_stack((line_id[slot[0] : slot[1]], offsets)).astype(PAIR).tobytes()
        packed.append(PackedSeries(key, first, dense_revenue.tobytes(), dense_margin.tobytes(), pairs))
    if line_slot:
        raise ValueError(f"Account {min(line_slot)}: product lines bought but no months with revenue")
    return packed


@dataclass(frozen=True)
class SeriesMatrix:
    """Many accounts' packed rows unpacked: dense months × accounts and the (row, line, month) triples.

    ``revenue[i, m]`` is row ``i``'s revenue in month ``origin + m`` (``months`` columns);
    ``line_rows``, ``line_ids``, ``line_months`` list every product line bought per row and month.
    """

    origin: int
    revenue: np.ndarray
    margin: np.ndarray
    line_rows: np.ndarray
    line_ids: np.ndarray
    line_months: np.ndarray

    @classmethod
    def unpack(
        cls, rows: Sequence[tuple[int, bytes | memoryview, bytes | memoryview, bytes | memoryview]]
    ) -> SeriesMatrix:
        """From (first month, revenue, margin, lines) per row, in the order the result's rows take."""
        n = len(rows)
        firsts = np.fromiter((row[0] for row in rows), dtype=np.int64, count=n)
        revenue = np.frombuffer(b"".join(_bytes(row[1]) for row in rows), dtype=FLOAT)
        margin = np.frombuffer(b"".join(_bytes(row[2]) for row in rows), dtype=FLOAT)
        lengths = np.fromiter((len(row[1]) // FLOAT.itemsize for row in rows), dtype=np.int64, count=n)
        pairs = np.frombuffer(b"".join(_bytes(row[3]) for row in rows), dtype=PAIR).reshape(-1, 2)
        pair_counts = np.fromiter((len(row[3]) // (2 * PAIR.itemsize) for row in rows), dtype=np.int64, count=n)
        origin = int(firsts.min()) if n else 0
        width = int((firsts + lengths).max() - origin) if n else 0
        dense_revenue, dense_margin = np.zeros((n, width)), np.zeros((n, width))
        row_of = np.repeat(np.arange(n), lengths)
        column = np.repeat(firsts - origin, lengths) + _positions(lengths)
        dense_revenue[row_of, column] = revenue
        dense_margin[row_of, column] = margin
        line_rows = np.repeat(np.arange(n), pair_counts)
        line_months = pairs[:, 1].astype(np.int64) + firsts[line_rows]
        return cls(origin, dense_revenue, dense_margin, line_rows, pairs[:, 0].astype(np.int64), line_months)

    def lines_bought(self, unit_of_row: np.ndarray, units: int, first: int, last: int) -> np.ndarray:
        """Per unit (``unit_of_row`` maps rows to 0 … units − 1): distinct product lines bought in the months."""
        inside = (self.line_months >= first) & (self.line_months <= last)
        unit = unit_of_row[self.line_rows[inside]]
        line = self.line_ids[inside]
        if not len(line):
            return np.zeros(units, dtype=np.int64)
        pairs = np.unique(unit * (int(line.max()) + 1) + line)
        return np.bincount(pairs // (int(line.max()) + 1), minlength=units)


def _bytes(value: Blob) -> bytes:
    return value if isinstance(value, bytes) else bytes(value)


def _positions(lengths: np.ndarray) -> np.ndarray:
    """0 … length − 1 for every length, concatenated."""
    total = int(lengths.sum())
    starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.arange(total) - starts
