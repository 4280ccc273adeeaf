"""Business days of the demo period, with seasonality and growth, for drawing invoice dates."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from dataclasses import dataclass
from itertools import accumulate

# Relative order intake per calendar month: weak in August (holidays) and December.
SEASONALITY = (0.92, 0.98, 1.12, 1.02, 1.0, 1.06, 0.95, 0.62, 1.06, 1.1, 1.14, 0.74)
MARKET_GROWTH = 0.02  # the company grows about 2 % a year on top of each customer's own trend
PRICE_INCREASE = 0.03  # list prices rise about 3 % a year; the catalogue holds today's prices


@dataclass(frozen=True, slots=True)
class _Month:
    days: tuple[int, ...]  # ordinals of the business days
    season: float
    years: float  # years since the start of the period (middle of the month)


class Calendar:
    """The demo period ``[start, end]``: from 1 January three years back to ``today``."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.start = dt.date(today.year - 3, 1, 1)
        self.start_ordinal = self.start.toordinal()
        self.end_ordinal = today.toordinal()
        self.months: list[_Month] = []
        self._month_first: list[int] = []
        year, month = self.start.year, 1
        while dt.date(year, month, 1) <= today:
            first = dt.date(year, month, 1)
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            days = tuple(
                ordinal
                for ordinal in range(first.toordinal(), min(following.toordinal(), self.end_ordinal + 1))
                if dt.date.fromordinal(ordinal).weekday() < 5
            )
            middle = (first.toordinal() + following.toordinal()) / 2
            self.months.append(_Month(days, SEASONALITY[month - 1], (middle - self.start_ordinal) / 365.25))
            self._month_first.append(first.toordinal())
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    @property
    def years(self) -> float:
        """Length of the period in years."""
        return (self.end_ordinal - self.start_ordinal + 1) / 365.25

    def business_day(self, ordinal: int) -> int:
        """The same day if it is a weekday, else the following Monday (the Friday before at the end)."""
        ordinal = min(ordinal, self.end_ordinal)
        weekday = dt.date.fromordinal(ordinal).weekday()
        if weekday >= 5:
            ordinal = ordinal + 7 - weekday if ordinal + 7 - weekday <= self.end_ordinal else ordinal - (weekday - 4)
        return ordinal

    def sampler(self, first: int, last: int, growth: float) -> DateSampler:
        """A sampler of business days in ``[first, last]`` weighted by season and trend."""
        first, last = max(first, self.start_ordinal), min(last, self.end_ordinal)
        if last < first:
            first = last
        lo_month = max(0, bisect.bisect_right(self._month_first, first) - 1)
        hi_month = max(lo_month, bisect.bisect_right(self._month_first, last) - 1)
        ranges: list[tuple[tuple[int, ...], int, int]] = []
        weights: list[float] = []
        for month in self.months[lo_month : hi_month + 1]:
            lo = bisect.bisect_left(month.days, first)
            hi = bisect.bisect_right(month.days, last)
            if hi <= lo:
                continue
            trend = (1 + MARKET_GROWTH) ** month.years * (1 + growth) ** month.years
            ranges.append((month.days, lo, hi))
            weights.append(month.season * trend * (hi - lo) / len(month.days))
        if not ranges:  # no business day in the range: fall back to the nearest one
            day = self.business_day(first)
            ranges, weights = [((day,), 0, 1)], [1.0]
        return DateSampler(ranges, list(accumulate(weights)))

    def price_index(self, ordinal: int) -> float:
        """Price level at a date relative to today's list prices."""
        return float((1 + PRICE_INCREASE) ** ((ordinal - self.end_ordinal) / 365.25))


class DateSampler:
    """Draws business-day ordinals for one customer's active period."""

    __slots__ = ("_cum", "_indices", "_ranges")

    def __init__(self, ranges: list[tuple[tuple[int, ...], int, int]], cum_weights: list[float]) -> None:
        self._ranges = ranges
        self._cum = cum_weights
        self._indices = range(len(ranges))

    def draw(self, rng: random.Random, k: int) -> list[int]:
        """``k`` dates (ordinals), unsorted."""
        result = []
        rand = rng.random
        for index in rng.choices(self._indices, cum_weights=self._cum, k=k):
            days, lo, hi = self._ranges[index]
            result.append(days[lo + int(rand() * (hi - lo))])
        return result
