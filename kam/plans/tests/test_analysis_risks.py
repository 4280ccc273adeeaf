import pytest

from kam.plans.analysis.risks import risk_level, risk_matrix


@pytest.mark.parametrize(
    ("probability", "impact", "level"),
    [
        (1, 1, "low"),
        (2, 2, "low"),
        (1, 5, "medium"),
        (3, 3, "medium"),
        (2, 5, "high"),
        (3, 4, "high"),
        (3, 5, "critical"),
    ],
)
def test_level_from_score(probability, impact, level):
    assert risk_level(probability, impact) == level


def test_matrix_places_risks_by_probability_and_impact():
    rows = risk_matrix([(7, 2, 5), (3, 2, 5), (9, 5, 1)])
    assert len(rows) == 5
    assert all(len(row) == 5 for row in rows)
    # first row is impact 5, column index probability - 1
    top = rows[0]
    assert top[1].impact == 5
    assert top[1].probability == 2
    assert top[1].risk_ids == (3, 7)
    assert top[1].score == 10
    bottom = rows[4]
    assert bottom[4].risk_ids == (9,)
    assert bottom[0].risk_ids == ()
    assert sum(len(cell.risk_ids) for row in rows for cell in row) == 3


def test_out_of_scale_is_refused():
    with pytest.raises(ValueError, match="1–5"):
        risk_matrix([(1, 0, 3)])
