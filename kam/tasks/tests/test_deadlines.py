import datetime

from kam.tasks import deadlines

TODAY = datetime.date(2026, 3, 10)  # a Tuesday


def test_an_open_task_due_yesterday_is_overdue_by_one_day():
    due = datetime.date(2026, 3, 9)
    assert deadlines.is_overdue(due, True, TODAY)
    assert deadlines.days_overdue(due, True, TODAY) == 1
    assert deadlines.due_state(due, True, TODAY) == deadlines.OVERDUE


def test_a_task_due_today_is_not_overdue_but_due_today():
    assert not deadlines.is_overdue(TODAY, True, TODAY)
    assert deadlines.days_overdue(TODAY, True, TODAY) == 0
    assert deadlines.due_state(TODAY, True, TODAY) == deadlines.DUE_TODAY


def test_due_soon_covers_the_next_three_days_inclusive():
    assert deadlines.is_due_soon(datetime.date(2026, 3, 13), True, TODAY)
    assert not deadlines.is_due_soon(datetime.date(2026, 3, 14), True, TODAY)
    assert deadlines.due_state(datetime.date(2026, 3, 13), True, TODAY) == deadlines.DUE_SOON
    assert deadlines.due_state(datetime.date(2026, 3, 14), True, TODAY) == deadlines.ON_TIME
    assert deadlines.is_due_soon(datetime.date(2026, 3, 14), True, TODAY, days=4)


def test_closed_tasks_and_tasks_without_due_date_are_never_overdue():
    long_ago = datetime.date(2025, 1, 1)
    assert not deadlines.is_overdue(long_ago, False, TODAY)
    assert deadlines.days_overdue(long_ago, False, TODAY) == 0
    assert deadlines.due_state(long_ago, False, TODAY) == deadlines.CLOSED
    assert not deadlines.is_overdue(None, True, TODAY)
    assert deadlines.due_state(None, True, TODAY) == deadlines.NO_DUE_DATE


def test_days_overdue_across_a_month_end():
    assert deadlines.days_overdue(datetime.date(2026, 2, 26), True, TODAY) == 12  # 2 in Feb + 10 in March
