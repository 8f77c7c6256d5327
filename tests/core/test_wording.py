"""One clock rule for lengths of time, one for countdowns, and counted nouns."""

from __future__ import annotations

import pytest

from knotsession.core.wording import (
    clock,
    goal_progress,
    minutes_label,
    plural,
    sessions_and_minutes,
    streak_brief,
    streak_days,
    streak_summary,
    streak_with_longest,
    time_left,
)


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0, "0:00"), (13.4, "0:13"), (13.5, "0:14"), (59.6, "1:00"), (245, "4:05"), (3600, "60:00")],
)
def test_a_length_of_time_reads_to_the_nearest_second(seconds: float, shown: str) -> None:
    assert clock(seconds) == shown


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0, "0:00"), (0.2, "0:01"), (4.0, "0:04"), (4.01, "0:05")]
)
def test_a_countdown_rounds_up_so_it_reads_zero_only_at_the_end(seconds: float, shown: str) -> None:
    assert time_left(seconds) == shown


def test_negative_time_reads_as_zero() -> None:
    assert clock(-3) == "0:00"
    assert time_left(-0.5) == "0:00"


def test_a_noun_is_counted_in_the_singular_only_for_one() -> None:
    assert [plural(n, "routine") for n in (0, 1, 2)] == ["0 routines", "1 routine", "2 routines"]


def test_one_streak_wording_for_every_screen() -> None:
    assert streak_summary(3, 2, 9) == "3-day streak · 2 sessions this week"
    assert streak_summary(0, 1, 9) == "No streak yet today · 1 session this week"
    assert streak_summary(1, 1, 1, completed_today=1, daily_goal=2) == (
        "1-day streak · 1 session this week · 1 of 2 today"
    )
    assert streak_summary(0, 0, 0) == ""
    assert streak_with_longest(1, 12, True) == "Streak 1 day · longest 12 days"
    assert (
        streak_with_longest(0, 3, True, 0, 3)
        == "No streak right now · longest 3 days · 0 of 3 today"
    )
    assert streak_with_longest(0, 0, False).startswith("No sessions yet")
    assert streak_brief(1, 4) == "Streak: 1 day (longest 4)"
    assert streak_days(5) == "5-day streak" and streak_days(0) == ""
    assert sessions_and_minutes(1, 7.4) == "1 session, 7 min"


@pytest.mark.parametrize(
    ("minutes", "long", "short"),
    [
        (0, "0 min", "0m"),
        (0.05, "<1 min", "<1m"),
        (0.99, "<1 min", "<1m"),
        (1, "1 min", "1m"),
        (18.4, "18 min", "18m"),
    ],
)
def test_minutes_under_one_never_read_as_none(minutes: float, long: str, short: str) -> None:
    assert minutes_label(minutes) == long
    assert minutes_label(minutes, short=True) == short
    assert sessions_and_minutes(1, minutes) == f"1 session, {long}"


def test_a_goal_of_one_a_day_is_told_by_the_streak_alone() -> None:
    assert goal_progress(1, 1) == ""
    assert goal_progress(3, 2) == "2 of 2 today"
