"""The data of the exported forecast chart: monthly revenue, the trend line, the periods, the axes."""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext as _

from kam.core.templatetags.kam_format import format_money
from kam.plans.analysis import Forecast
from kam.plans.exports.blocks import Chart
from kam.plans.figures import add_months

#: About how many lines the value axis gets.
TICKS = 4


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def nice_step(top: float, ticks: int = TICKS) -> float:
    """A round step (1, 2 or 5 × 10^n) that divides 0…``top`` into about ``ticks`` parts."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)  # pragma: no cover - the loop ends at 10


def forecast_chart(result: Forecast, monthly: Mapping[datetime.date, Decimal]) -> Chart:
    """Bars of the actual monthly revenue up to the last complete month, the fitted trend continued
    (never below 0) through the forecast periods, the periods marked."""
    first_period = result.periods[0].start
    first = min(result.history_start or first_period, first_period)
    months = _months(first, result.periods[-1].end)
    bars = [float(monthly.get(m, 0)) if m <= result.history_end else 0.0 for m in months]
    line = [max(result.fitted(m), 0.0) for m in months]  # 0 throughout without history
    top = max([*bars, *line, 0.0])
    step = nice_step(top)
    count = max(1, math.ceil(top / step)) if top > 0 else TICKS
    ticks = [(step * i, format_money(step * i)) for i in range(count + 1)]
    x_labels = [(i, str(m.year)) for i, m in enumerate(months) if m.month == 1]
    if not x_labels or x_labels[0][0] != 0:
        x_labels.insert(0, (0, f"{months[0]:%m/%Y}"))
    index = {m: i for i, m in enumerate(months)}
    periods = [(index[p.start], index[p.end], p.label) for p in result.periods]
    return Chart(
        title=_("Monthly revenue and trend"),
        bars=bars,
        line=line,
        bar_label=_("Actual revenue per month"),
        line_label=_("Trend (continued into the forecast)"),
        ticks=ticks,
        x_labels=x_labels,
        periods=periods,
    )
