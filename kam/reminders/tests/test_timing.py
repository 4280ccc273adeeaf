from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from kam.reminders import timing

BERLIN = ZoneInfo("Europe/Berlin")


def test_morning_of_is_local_time_summer_and_winter():
    assert timing.morning_of(date(2026, 7, 1), 8, BERLIN).astimezone(UTC) == datetime(2026, 7, 1, 6, 0, tzinfo=UTC)
    assert timing.morning_of(date(2026, 1, 5), 8, BERLIN).astimezone(UTC) == datetime(2026, 1, 5, 7, 0, tzinfo=UTC)


def test_falls_due_inside_the_window_only():
    now = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
    since = now - timedelta(days=4)
    assert timing.falls_due(now, since=since, now=now)
    assert timing.falls_due(since, since=since, now=now)
    assert not timing.falls_due(now + timedelta(seconds=1), since=since, now=now)
    assert not timing.falls_due(since - timedelta(seconds=1), since=since, now=now)


def test_stale_cutoff_and_key():
    assert timing.stale_cutoff(date(2026, 3, 31), 30) == date(2026, 3, 1)
    assert timing.reminder_key("task", 12, "20260504T0800+0200", 3) == "task:12:20260504T0800+0200:u3"
