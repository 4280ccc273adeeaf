import datetime
from decimal import Decimal

import pytest

from kam.plans.analysis.forecast import PipelineItem, forecast_revenue


def month(year, number):
    return datetime.date(year, number, 1)


YEAR_2026 = ("2026", month(2026, 1), month(2026, 12))
YEAR_2027 = ("2027", month(2027, 1), month(2027, 12))


def test_linear_trend_continues_the_line():
    # 2025-01 … 2025-12: 100, 110, …, 210 → a = 100, b = 10 per month
    history = {month(2025, m): Decimal(100 + 10 * (m - 1)) for m in range(1, 13)}
    result = forecast_revenue(history, last_month=month(2025, 12), periods=[YEAR_2026, YEAR_2027])
    assert result.method == "linear_trend"
    assert result.months_used == 12
    assert result.intercept == pytest.approx(100)
    assert result.slope == pytest.approx(10)
    # 2026: x = 12 … 23 → 12 × 100 + 10 × (12 + … + 23) = 1200 + 2100
    assert result.periods[0].trend == pytest.approx(3300)
    assert result.periods[0].actual == 0
    # 2027: x = 24 … 35 → 1200 + 10 × 354
    assert result.periods[1].total == pytest.approx(4740)


def test_actual_months_count_and_only_the_rest_is_trend():
    history = {month(2025, m): 100 for m in range(1, 13)} | {month(2026, 1): 400, month(2026, 2): 50}
    # last complete month 2026-02; window 2025-01 … 2026-02 (14 months)
    # mean = (1200 + 450) / 14, the fit is not flat; compute by hand:
    values = [100.0] * 12 + [400.0, 50.0]
    n = 14
    mean_x, mean_y = 6.5, sum(values) / n
    slope = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values)) / sum((x - mean_x) ** 2 for x in range(n))
    intercept = mean_y - slope * mean_x
    result = forecast_revenue(history, last_month=month(2026, 2), periods=[YEAR_2026])
    assert result.periods[0].actual == pytest.approx(450)
    assert result.periods[0].trend == pytest.approx(sum(intercept + slope * x for x in range(14, 24)))


def test_history_starts_at_the_first_month_with_revenue():
    # a new customer: revenue only from 2025-07, 6 months flat at 300 → average method
    history = {month(2025, m): 300 for m in range(7, 13)}
    result = forecast_revenue(history, last_month=month(2025, 12), periods=[YEAR_2026])
    assert result.method == "average"
    assert result.history_start == month(2025, 7)
    assert result.months_used == 6
    assert result.periods[0].trend == pytest.approx(3600)


def test_window_is_limited_and_months_without_orders_count_zero():
    # 48 months of 1000, then nothing in the last 12 of the 36-month window
    history = {month(2021 + i // 12, i % 12 + 1): 1000 for i in range(48)}
    result = forecast_revenue(history, last_month=month(2025, 12), periods=[YEAR_2026])
    assert result.history_start == month(2023, 1)
    assert result.months_used == 36
    # 24 months of 1000 then 12 zeros: falling line; fitted values clipped at 0
    assert result.slope < 0
    assert result.periods[0].trend == 0


def test_without_history_only_the_pipeline_counts():
    pipeline = [
        PipelineItem(Decimal(10000), 0.5, datetime.date(2026, 12, 31)),
        PipelineItem(Decimal(8000), 0.25, datetime.date(2027, 1, 1)),
    ]
    result = forecast_revenue({}, last_month=month(2025, 12), periods=[YEAR_2026, YEAR_2027], pipeline=pipeline)
    assert result.method == "no_history"
    assert [p.pipeline for p in result.periods] == [5000, 2000]
    assert [p.total for p in result.periods] == [5000, 2000]


def test_months_after_the_last_complete_month_are_ignored():
    history = {month(2025, m): 100 for m in range(1, 13)} | {month(2026, 1): 99999}
    result = forecast_revenue(history, last_month=month(2025, 12), periods=[YEAR_2026])
    assert result.periods[0].actual == 0
    assert result.periods[0].trend == pytest.approx(1200)
