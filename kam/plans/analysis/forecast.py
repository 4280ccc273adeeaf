"""Expected revenue of the next periods: the trend of past monthly revenue plus the weighted pipeline.

Method ``linear_trend``: the monthly revenue of the last ``window`` months (default 36) up
to the last complete month, starting no earlier than the first month with revenue (months
without orders count as 0), is fitted by ordinary least squares, revenue = a + b × month
number; each future month is the fitted line continued, never below 0. It needs at least
``min_months`` (default 12) months of history; with fewer the method is ``average`` (every
future month is the mean of the months there are), with none ``no_history`` (0).

A period's forecast = its actual revenue in the months already complete + the trend for its
remaining months + the pipeline: amount × probability of the open opportunities expected to
close within the period.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

LINEAR_TREND, AVERAGE, NO_HISTORY = "linear_trend", "average", "no_history"
DEFAULT_WINDOW = 36
DEFAULT_MIN_MONTHS = 12


@dataclass(frozen=True)
class PipelineItem:
    """An open opportunity: amount, probability 0…1, expected close date."""

    amount: Decimal
    probability: float
    expected_close: datetime.date


@dataclass(frozen=True)
class PeriodForecast:
    """The forecast of one period (``start``/``end`` are the first days of its first and last month)."""

    label: str
    start: datetime.date
    end: datetime.date
    actual: float
    trend: float
    pipeline: float

    @property
    def total(self) -> float:
        return self.actual + self.trend + self.pipeline


@dataclass(frozen=True)
class Forecast:
    """The method used, its inputs (window, fitted line) and the periods' forecasts."""

    method: str
    history_start: datetime.date | None
    history_end: datetime.date
    months_used: int
    intercept: float
    slope: float
    periods: list[PeriodForecast]

    def fitted(self, month: datetime.date) -> float:
        """The line's value (not clipped) for a month; month 0 is ``history_start``."""
        if self.history_start is None:
            return 0.0
        return self.intercept + self.slope * (_index(month) - _index(self.history_start))


def _index(month: datetime.date) -> int:
    return month.year * 12 + month.month - 1


def _month(index: int) -> datetime.date:
    return datetime.date(index // 12, index % 12 + 1, 1)


def _fit(values: Sequence[float]) -> tuple[float, float]:
    """Least-squares intercept and slope of ``values`` over x = 0, 1, …"""
    n = len(values)
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    sxx = sum((x - mean_x) ** 2 for x in range(n))
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values))
    slope = sxy / sxx if sxx else 0.0
    return mean_y - slope * mean_x, slope


def _history(
    monthly: Mapping[datetime.date, float | Decimal], last: int, window: int
) -> tuple[int | None, list[float]]:
    """The first month index and the values of the history window (None, [] without revenue)."""
    with_revenue = [_index(m) for m, value in monthly.items() if value and _index(m) <= last]
    if not with_revenue:
        return None, []
    first = max(min(with_revenue), last - window + 1)
    by_index = {_index(m): float(value) for m, value in monthly.items()}
    return first, [by_index.get(i, 0.0) for i in range(first, last + 1)]


def forecast_revenue(
    monthly: Mapping[datetime.date, float | Decimal],
    *,
    last_month: datetime.date,
    periods: Sequence[tuple[str, datetime.date, datetime.date]],
    pipeline: Sequence[PipelineItem] = (),
    window: int = DEFAULT_WINDOW,
    min_months: int = DEFAULT_MIN_MONTHS,
) -> Forecast:
    """Forecast each of ``periods`` (label, first month, last month) from ``monthly`` revenue.

    ``monthly`` maps the first day of a month to its revenue; ``last_month`` is the last
    complete month (later months in ``monthly`` are ignored for the trend and the actuals).
    """
    last = _index(last_month)
    first, values = _history(monthly, last, window)
    if first is None:
        method, intercept, slope = NO_HISTORY, 0.0, 0.0
    elif len(values) >= min_months:
        method, (intercept, slope) = LINEAR_TREND, _fit(values)
    else:
        method, intercept, slope = AVERAGE, sum(values) / len(values), 0.0
    by_index = {_index(m): float(value) for m, value in monthly.items()}
    result = []
    for label, start, end in periods:
        actual = trend = 0.0
        for i in range(_index(start), _index(end) + 1):
            if i <= last:
                actual += by_index.get(i, 0.0)
            elif first is not None:
                trend += max(intercept + slope * (i - first), 0.0)
        period_end = _month(_index(end) + 1) - datetime.timedelta(days=1)
        weighted = sum(
            float(item.amount) * item.probability for item in pipeline if start <= item.expected_close <= period_end
        )
        result.append(PeriodForecast(label, start, end, actual, trend, weighted))
    history_start = None if first is None else _month(first)
    return Forecast(method, history_start, last_month, len(values), intercept, slope, result)
