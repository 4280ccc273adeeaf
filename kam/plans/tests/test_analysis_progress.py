import datetime
from decimal import Decimal

import pytest

from kam.plans.analysis.progress import goal_progress, time_elapsed

START = datetime.date(2026, 1, 1)
DUE = datetime.date(2026, 12, 31)  # 364 days after START


def progress(baseline, target, current, today):
    return goal_progress(
        baseline=Decimal(baseline),
        target=Decimal(target),
        current=None if current is None else Decimal(current),
        start=START,
        due=DUE,
        today=today,
    )


def test_time_elapsed_is_the_share_of_days_passed():
    assert time_elapsed(START, DUE, datetime.date(2026, 7, 2)) == pytest.approx(182 / 364)
    assert time_elapsed(START, DUE, datetime.date(2025, 6, 1)) == 0.0
    assert time_elapsed(START, DUE, datetime.date(2027, 3, 1)) == 1.0
    assert time_elapsed(START, START, START) == 1.0


def test_halfway_to_target_at_half_time_is_on_track():
    # (110 - 100) / (120 - 100) = 0.5; elapsed 182/364 = 0.5
    result = progress("100", "120", "110", datetime.date(2026, 7, 2))
    assert result.ratio == pytest.approx(0.5)
    assert result.percent == 50
    assert result.status == "on_track"
    assert result.notes == ()


def test_a_quarter_of_the_way_at_half_time_is_behind():
    # ratio 0.25 < 0.5 - 0.10
    result = progress("100", "120", "105", datetime.date(2026, 7, 2))
    assert result.ratio == pytest.approx(0.25)
    assert result.status == "behind"


def test_within_tolerance_is_still_on_track():
    # ratio 0.45 ≥ 0.5 - 0.10
    assert progress("100", "120", "109", datetime.date(2026, 7, 2)).status == "on_track"


def test_past_the_target_is_achieved_and_clamped():
    # (130 - 100) / 20 = 1.5
    result = progress("100", "120", "130", datetime.date(2026, 3, 1))
    assert result.ratio == pytest.approx(1.5)
    assert result.percent == 100
    assert result.status == "achieved"
    assert result.notes == ("past_target",)


def test_below_the_baseline_is_clamped_to_zero():
    # (90 - 100) / 20 = -0.5
    result = progress("100", "120", "90", datetime.date(2026, 2, 1))
    assert result.ratio == pytest.approx(-0.5)
    assert result.percent == 0
    assert result.notes == ("below_baseline",)


def test_a_falling_target_counts_in_its_direction():
    # complaints from 10 down to 4; now 7: (7 - 10) / (4 - 10) = 0.5
    result = progress("10", "4", "7", datetime.date(2026, 7, 2))
    assert result.ratio == pytest.approx(0.5)
    assert result.status == "on_track"


def test_not_reached_after_the_due_date_is_missed():
    assert progress("100", "120", "119", datetime.date(2027, 1, 5)).status == "missed"


def test_without_a_current_value_there_is_no_progress():
    result = progress("100", "120", None, datetime.date(2026, 7, 2))
    assert result.status == "no_data"
    assert result.percent is None
    assert result.expected == pytest.approx(0.5)


def test_target_equal_to_baseline_is_a_level_to_hold():
    held = progress("40", "40", "42", datetime.date(2026, 7, 2))
    assert (held.status, held.ratio, held.percent, held.notes) == ("achieved", None, 100, ("target_equals_baseline",))
    assert progress("40", "40", "39", datetime.date(2026, 7, 2)).status == "behind"
