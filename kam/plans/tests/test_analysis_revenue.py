from decimal import Decimal

import pytest

from kam.plans.analysis import revenue
from kam.plans.analysis.revenue import share_of_wallet, whitespace_cells
from kam.plans.choices import WhitespaceStatus


def test_strings_agree_with_the_choices():
    assert (revenue.BOUGHT, revenue.NOT_BOUGHT, revenue.COMPETITOR, revenue.NO_NEED) == (
        WhitespaceStatus.BOUGHT,
        WhitespaceStatus.NOT_BOUGHT,
        WhitespaceStatus.COMPETITOR,
        WhitespaceStatus.NO_NEED,
    )


def test_share_of_wallet_per_line_and_total_over_estimated_lines():
    rows, total = share_of_wallet(
        {"A": Decimal(30000), "B": Decimal(5000), "C": Decimal(1000)},
        {"A": Decimal(120000), "B": Decimal(4000), "D": Decimal(50000)},
    )
    by_line = {row.product_line: row for row in rows}
    assert [row.product_line for row in rows] == ["A", "B", "C", "D"]
    assert by_line["A"].share == pytest.approx(0.25)
    assert by_line["B"].share == pytest.approx(1.25)
    assert by_line["B"].over_estimate
    assert by_line["C"].share is None  # no estimate
    assert by_line["D"].share == 0.0
    assert by_line["D"].revenue == 0
    # lines with an estimate: A, B, D: (30000 + 5000 + 0) / (120000 + 4000 + 50000)
    assert total.revenue == Decimal(35000)
    assert total.estimate == Decimal(174000)
    assert total.share == pytest.approx(35000 / 174000)


def test_zero_estimate_gives_no_share_and_no_estimate_no_total():
    rows, total = share_of_wallet({"A": Decimal(10)}, {"A": Decimal(0)})
    assert total.share is None
    assert rows[0].share is None
    _rows, none = share_of_wallet({"A": Decimal(10)}, {})
    assert none.estimate is None
    assert none.share is None


def test_whitespace_cells_from_data_and_entries():
    grid = whitespace_cells(
        units=[1, 2],
        lines=["A", "B"],
        revenue={(1, "A"): Decimal(500), (2, "A"): Decimal(-20), (2, "B"): Decimal(70)},
        entries={(1, "B"): ("competitor", "Rival AG"), (2, "B"): ("no_need", "")},
    )
    cells = {(c.unit, c.product_line): c for row in grid for c in row}
    assert [[c.product_line for c in row] for row in grid] == [["A", "B"], ["A", "B"]]
    assert (cells[1, "A"].status, cells[1, "A"].entered, cells[1, "A"].revenue) == ("bought", False, 500)
    assert cells[2, "A"].status == "not_bought"  # credit notes only
    assert (cells[1, "B"].status, cells[1, "B"].competitor, cells[1, "B"].entered) == ("competitor", "Rival AG", True)
    assert cells[2, "B"].status == "no_need"
    assert cells[2, "B"].contradicts_data
    assert not cells[1, "B"].contradicts_data
