import datetime as dt

import numpy as np
import pytest

from kam.accounts.series import SeriesMatrix, month_date, month_number, pack_series

JAN_2024 = 2024 * 12


def test_month_numbers():
    assert month_number(dt.date(2024, 1, 31)) == JAN_2024
    assert month_number(dt.date(2023, 12, 1)) == JAN_2024 - 1
    assert month_date(JAN_2024 + 13) == dt.date(2025, 2, 1)


def packed_two_accounts():
    # Account 7: Jan 2024 100/10, Mar 2024 −30/−3 (a credit note), lines 1 (Jan) and 2 (Jan, Mar).
    # Account 3: Feb 2024 50/5, line 1 (Feb).
    months = ([7, 3, 7], [JAN_2024 + 2, JAN_2024 + 1, JAN_2024], [-30.0, 50.0, 100.0], [-3.0, 5.0, 10.0])
    lines = ([7, 7, 3, 7], [2, 1, 1, 2], [JAN_2024, JAN_2024, JAN_2024 + 1, JAN_2024 + 2])
    return pack_series(months, lines)


def test_pack_fills_months_without_revenue_with_zero():
    three, seven = packed_two_accounts()
    assert (three.account, three.first_month) == (3, JAN_2024 + 1)
    assert (seven.account, seven.first_month) == (7, JAN_2024)
    assert np.frombuffer(seven.revenue, "<f8").tolist() == [100.0, 0.0, -30.0]
    assert np.frombuffer(seven.margin, "<f8").tolist() == [10.0, 0.0, -3.0]
    assert np.frombuffer(seven.lines, "<i4").reshape(-1, 2).tolist() == [[1, 0], [2, 0], [2, 2]]


def test_unpack_aligns_rows_on_one_month_axis():
    three, seven = packed_two_accounts()
    matrix = SeriesMatrix.unpack([(p.first_month, p.revenue, p.margin, p.lines) for p in (seven, three)])
    assert matrix.origin == JAN_2024
    assert matrix.revenue.tolist() == [[100.0, 0.0, -30.0], [0.0, 50.0, 0.0]]
    assert matrix.margin[:, 1].tolist() == [0.0, 5.0]
    # Lines bought per unit in a range of months: both rows as one unit, then each on its own.
    assert matrix.lines_bought(np.array([0, 0]), 1, JAN_2024, JAN_2024 + 2).tolist() == [2]
    assert matrix.lines_bought(np.array([0, 1]), 2, JAN_2024 + 1, JAN_2024 + 2).tolist() == [1, 1]
    assert matrix.lines_bought(np.array([0, 1]), 2, JAN_2024 + 3, JAN_2024 + 9).tolist() == [0, 0]


def test_unpack_of_nothing():
    matrix = SeriesMatrix.unpack([])
    assert matrix.revenue.shape == (0, 0)
    assert matrix.lines_bought(np.zeros(0, dtype=np.int64), 2, 0, 10).tolist() == [0, 0]


def test_contradictory_inputs_are_refused():
    with pytest.raises(ValueError, match="Account 5: product lines bought but no months"):
        pack_series(([1], [JAN_2024], [1.0], [1.0]), ([5], [1], [JAN_2024]))
    with pytest.raises(ValueError, match="Account 1: product lines bought outside"):
        pack_series(([1], [JAN_2024], [1.0], [1.0]), ([1], [1], [JAN_2024 + 1]))
