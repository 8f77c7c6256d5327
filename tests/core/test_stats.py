"""Streaks and totals, counted by the local calendar date where each session started."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from knotsession.core import stats
from knotsession.core.history import SessionRecord

NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def session(
    started_at: datetime,
    *,
    completed: bool = True,
    minutes: float = 5,
    routine_id: str = "desk-5",
    areas: tuple[str, ...] = ("neck",),
    before: int | None = None,
    after: int | None = None,
    tags: tuple[str, ...] = (),
    name: str = "Desk reset",
    id: int = 0,
) -> SessionRecord:
    return SessionRecord(
        id=id,
        routine_id=routine_id,
        routine_name=name,
        areas=areas,
        started_at=started_at,
        duration_s=minutes * 60,
        completed=completed,
        steps_done=3 if completed else 1,
        steps_total=3,
        tension_before=before,
        tension_after=after,
        tags=tags,
    )


def at(day: date, hour: int = 9, minute: int = 0, zone: timezone | ZoneInfo = UTC) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def daily(first: date, count: int) -> list[SessionRecord]:
    return [session(at(first + timedelta(days=n))) for n in range(count)]


# --- streaks ------------------------------------------------------------------------------


def test_current_streak_counts_consecutive_days_ending_today() -> None:
    sessions = daily(date(2026, 3, 1), 5)
    assert stats.current_streak(sessions, date(2026, 3, 5)) == 5


def test_current_streak_still_stands_when_today_has_no_session_yet() -> None:
    sessions = daily(date(2026, 3, 1), 5)
    assert stats.current_streak(sessions, date(2026, 3, 6)) == 5


def test_current_streak_is_broken_by_a_missed_day() -> None:
    sessions = daily(date(2026, 3, 1), 5)
    assert stats.current_streak(sessions, date(2026, 3, 7)) == 0


def test_only_completed_sessions_count_towards_a_streak() -> None:
    sessions = [
        *daily(date(2026, 3, 1), 2),
        session(at(date(2026, 3, 3)), completed=False),
        session(at(date(2026, 3, 4))),
    ]
    assert stats.current_streak(sessions, date(2026, 3, 4)) == 1
    assert stats.longest_streak(sessions) == 2


def test_longest_streak_is_the_longest_run_ever() -> None:
    sessions = [*daily(date(2025, 12, 30), 4), *daily(date(2026, 2, 1), 2)]
    assert stats.longest_streak(sessions) == 4
    assert stats.current_streak(sessions, date(2026, 2, 2)) == 2


def test_no_sessions_no_streak() -> None:
    assert stats.current_streak([], date(2026, 3, 1)) == 0
    assert stats.longest_streak([]) == 0


def test_a_session_running_past_midnight_counts_for_the_day_it_started() -> None:
    zone = timezone(timedelta(hours=1))
    late = session(at(date(2026, 3, 1), 23, 55, zone), minutes=20)  # ends 00:15 on the 2nd
    early = session(at(date(2026, 3, 3), 0, 5, zone))
    assert stats.counted_days(stats.day_totals([late, early])) == {
        date(2026, 3, 1),
        date(2026, 3, 3),
    }
    assert stats.current_streak([late, early], date(2026, 3, 3)) == 1


def test_sessions_just_before_and_after_midnight_are_consecutive_days() -> None:
    zone = timezone(timedelta(hours=-8))
    sessions = [
        session(at(date(2026, 3, 1), 23, 59, zone)),
        session(at(date(2026, 3, 2), 0, 1, zone)),
    ]
    assert stats.current_streak(sessions, date(2026, 3, 2)) == 2


def test_daylight_saving_day_is_one_day() -> None:
    # 2026-03-08 in New York: 01:30 is EST (-05:00), 03:30 is EDT (-04:00).
    est = session(datetime(2026, 3, 8, 1, 30, tzinfo=NEW_YORK))
    edt = session(datetime(2026, 3, 8, 3, 30, tzinfo=NEW_YORK))
    assert est.started_at.utcoffset() == timedelta(hours=-5)
    assert edt.started_at.utcoffset() == timedelta(hours=-4)
    days = stats.day_totals([est, edt])
    assert days == (stats.DayTotal(date(2026, 3, 8), 2, 2, 10.0),)
    before = session(datetime(2026, 3, 7, 23, 30, tzinfo=NEW_YORK))
    after = session(datetime(2026, 3, 9, 0, 30, tzinfo=NEW_YORK))
    assert stats.current_streak([before, est, edt, after], date(2026, 3, 9)) == 3


def test_moving_time_zones_counts_each_session_on_its_own_local_date() -> None:
    # Tokyo, 1 May 08:00 (30 April in UTC), then New York, 2 May 20:00 (3 May in UTC).
    tokyo = session(datetime(2026, 5, 1, 8, 0, tzinfo=TOKYO))
    new_york = session(datetime(2026, 5, 2, 20, 0, tzinfo=NEW_YORK))
    assert tokyo.started_at.astimezone(UTC).date() == date(2026, 4, 30)
    assert new_york.started_at.astimezone(UTC).date() == date(2026, 5, 3)
    assert stats.current_streak([tokyo, new_york], date(2026, 5, 2)) == 2
    assert stats.longest_streak([tokyo, new_york]) == 2


def test_flying_west_two_sessions_on_one_local_date_are_one_day() -> None:
    tokyo = session(datetime(2026, 5, 1, 8, 0, tzinfo=TOKYO))
    new_york = session(datetime(2026, 5, 1, 20, 0, tzinfo=NEW_YORK))
    assert stats.day_totals([tokyo, new_york]) == (stats.DayTotal(date(2026, 5, 1), 2, 2, 10.0),)


# --- totals -------------------------------------------------------------------------------


def test_this_week_runs_from_monday_to_today() -> None:
    sunday, monday, wednesday = date(2026, 3, 8), date(2026, 3, 9), date(2026, 3, 11)
    sessions = [
        session(at(sunday), minutes=50),
        session(at(monday), minutes=5),
        session(at(wednesday), minutes=7),
        session(at(wednesday, 18), minutes=3, completed=False),
    ]
    assert stats.this_week(sessions, wednesday) == (2, 12.0)
    assert stats.this_week(sessions, sunday) == (1, 50.0)


def test_total_minutes_leave_out_sessions_that_do_not_count() -> None:
    sessions = [
        session(at(date(2026, 1, 1)), minutes=4),
        session(at(date(2026, 1, 2)), minutes=1.5, completed=False),
    ]
    assert stats.total_minutes(sessions) == 4.0


def test_minutes_per_area_split_across_a_sessions_areas_over_30_days() -> None:
    today = date(2026, 3, 31)
    sessions = [
        session(at(today), minutes=10, areas=("neck", "shoulders")),
        session(at(date(2026, 3, 2)), minutes=4, areas=("neck",)),  # day 30 of 30
        session(at(date(2026, 3, 1)), minutes=60, areas=("hips",)),  # 31 days ago: out
        session(at(today), minutes=3, areas=()),
    ]
    assert stats.minutes_by_area(sessions, today) == (("neck", 9.0), ("shoulders", 5.0))


def test_tension_change_is_averaged_per_routine_most_helpful_first() -> None:
    day = date(2026, 3, 1)
    sessions = [
        session(at(day, 8), routine_id="desk-5", before=7, after=3),
        session(at(day, 9), routine_id="desk-5", before=6, after=4),
        session(at(day, 10), routine_id="neck", name="Old name", before=5, after=5),
        session(at(day, 11), routine_id="neck", name="Neck release", before=5, after=4),
        session(at(day, 12), routine_id="hips", before=5),  # no after: not counted
    ]
    assert stats.tension_changes(sessions) == (
        stats.TensionChange("desk-5", "Desk reset", -3.0, 2),
        stats.TensionChange("neck", "Neck release", -0.5, 2),
    )


def test_common_tags_most_used_first_then_by_name() -> None:
    day = date(2026, 3, 1)
    sessions = [
        session(at(day), tags=("long call", "laptop on sofa")),
        session(at(day), tags=("long call",)),
        session(at(day), tags=("driving",)),
        session(at(day), tags=("stress",)),
    ]
    assert stats.common_tags(sessions, limit=3) == (
        ("long call", 2),
        ("driving", 1),
        ("laptop on sofa", 1),
    )


def test_overview_puts_it_all_together() -> None:
    today = date(2026, 3, 11)
    sessions = [
        session(at(date(2026, 3, 9)), minutes=6, id=1, areas=("neck", "jaw"), before=6, after=2),
        session(at(date(2026, 3, 10)), minutes=4, id=2, tags=("long call",)),
        session(at(date(2026, 3, 11)), minutes=2, id=3, completed=False),
    ]
    overview = stats.overview(sessions, today)
    assert overview.current_streak == 2
    assert overview.longest_streak == 2
    # Session 3 was stopped: it counts in no total, no area and no day of the heat map.
    assert (overview.week_sessions, overview.week_minutes) == (2, 10.0)
    assert (overview.total_sessions, overview.total_minutes) == (2, 10.0)
    assert overview.area_minutes == (("neck", 7.0), ("jaw", 3.0))
    assert overview.tension_changes == (stats.TensionChange("desk-5", "Desk reset", -4.0, 1),)
    assert overview.common_tags == (("long call", 1),)
    assert [s.id for s in overview.recent] == [3, 2, 1]
    assert overview.minutes_by_day() == {
        date(2026, 3, 9): 6.0,
        date(2026, 3, 10): 4.0,
        date(2026, 3, 11): 0.0,
    }


@pytest.mark.parametrize(
    ("today", "monday"),
    [(date(2026, 3, 9), date(2026, 3, 9)), (date(2026, 3, 15), date(2026, 3, 9))],
)
def test_week_starts_on_monday(today: date, monday: date) -> None:
    assert stats.week_start(today) == monday
