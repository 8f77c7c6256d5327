"""The break schedule on an injected clock: hours, days, snooze, skips, idle time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from knotsession.core.break_schedule import (
    BreakState,
    Window,
    after_idle,
    after_session,
    after_skip,
    after_snooze,
    describe_when,
    interval_after_skips,
    next_break,
    parse_days,
    parse_hours,
)

ZONE = timezone(timedelta(hours=1))
HOUR = 3600
OFFICE = Window(parse_hours("09:00-18:00"), parse_days("mon-fri"))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in March 2026 (Monday 9 March is day 9)."""
    return datetime(2026, 3, day, hour, minute, tzinfo=ZONE)


def test_an_hour_after_the_anchor_inside_working_hours() -> None:
    assert next_break(BreakState(at(9, 10, 15)), HOUR, OFFICE) == at(9, 11, 15)


def test_a_break_that_would_fall_after_hours_comes_an_interval_into_the_next_day() -> None:
    assert next_break(BreakState(at(9, 17, 30)), HOUR, OFFICE) == at(10, 10, 0)


def test_friday_evening_moves_to_monday() -> None:
    assert next_break(BreakState(at(13, 17, 30)), HOUR, OFFICE) == at(16, 10, 0)


def test_an_anchor_before_hours_counts_from_the_opening() -> None:
    assert next_break(BreakState(at(10, 8, 30)), HOUR, OFFICE) == at(10, 10, 0)


def test_without_hours_any_time_goes_and_a_long_interval_lands_days_later() -> None:
    assert next_break(BreakState(at(9, 23, 0)), 9999 * 60, Window()) == at(9, 23) + timedelta(
        minutes=9999
    )


def test_no_working_day_means_no_break() -> None:
    assert next_break(BreakState(at(9, 10)), HOUR, Window(days=frozenset())) is None


def test_a_session_resets_the_anchor_and_forgives_skips() -> None:
    state = BreakState(at(9, 10), skips=4)
    assert after_session(state, at(9, 10, 40)) == BreakState(at(9, 10, 40))
    assert next_break(after_session(state, at(9, 10, 40)), HOUR, OFFICE) == at(9, 11, 40)


def test_an_older_session_changes_nothing() -> None:
    state = BreakState(at(9, 10), skips=1)
    assert after_session(state, at(9, 9, 30)) is state


def test_snooze_brings_the_break_back_in_ten_minutes() -> None:
    state = after_snooze(BreakState(at(9, 10)), at(9, 11))
    assert next_break(state, HOUR, OFFICE) == at(9, 11, 10)


def test_a_snooze_past_closing_time_waits_for_the_next_morning() -> None:
    state = after_snooze(BreakState(at(9, 10)), at(9, 17, 55))
    assert next_break(state, HOUR, OFFICE) == at(10, 9, 0)


@pytest.mark.parametrize(
    ("skips", "minutes"), [(0, 60), (1, 60), (2, 60), (3, 120), (4, 240), (5, 240), (9, 240)]
)
def test_from_the_third_skip_the_interval_doubles_up_to_four_times(
    skips: int, minutes: int
) -> None:
    assert interval_after_skips(HOUR, skips) == minutes * 60


def test_three_skips_in_a_row_back_off() -> None:
    state = BreakState(at(9, 9, 30))
    for hour in (10, 11, 12):
        state = after_skip(state, at(9, hour))
    assert state.skips == 3
    assert next_break(state, HOUR, OFFICE) == at(9, 14, 0)


def test_a_short_idle_is_not_a_break() -> None:
    state = BreakState(at(9, 10))
    assert after_idle(state, at(9, 10, 50), idle_s=120, locked=False) is state


def test_five_minutes_idle_or_a_locked_screen_is_a_break() -> None:
    state = BreakState(at(9, 10), skips=1)
    assert after_idle(state, at(9, 10, 50), idle_s=300, locked=False) == BreakState(
        at(9, 10, 50), skips=1
    )
    assert after_idle(state, at(9, 10, 50), idle_s=0, locked=True).anchor == at(9, 10, 50)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon-fri", {0, 1, 2, 3, 4}),
        ("Mon,Wed,Fri", {0, 2, 4}),
        ("mon-thu, sat", {0, 1, 2, 3, 5}),
        ("fri-mon", {4, 5, 6, 0}),
        ("every day", set(range(7))),
        ("monday-friday", {0, 1, 2, 3, 4}),
    ],
)
def test_days_read_names_ranges_and_every_day(text: str, days: set[int]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize("text", ["", "weekdays", "mon-", "mon,,fri", "1-5"])
def test_days_that_are_not_day_names_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="day names"):
        parse_days(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9-18", "expected hours like"),
        ("18:00-09:00", "the end must come after the start"),
        ("09:00-25:00", "not a time of day"),
        ("09:60-10:00", "not a time of day"),
    ],
)
def test_bad_hours_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_hours(text)


def test_hours_may_run_to_midnight() -> None:
    window = Window(parse_hours("20:00-24:00"))
    assert window.contains(at(9, 23, 59))
    assert not window.contains(at(9, 19, 59))


@pytest.mark.parametrize(
    ("when", "text"),
    [(at(9, 14, 5), "14:05"), (at(10, 9, 30), "tomorrow 09:30"), (at(16, 10), "Mon 16 Mar 10:00")],
)
def test_the_date_is_said_only_when_it_is_not_today(when: datetime, text: str) -> None:
    assert describe_when(when, at(9, 12)) == text


def test_config_toml_hours_and_days_are_checked_with_the_key_named(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from knotsession.core.settings import read_settings

    config = tmp_path / "config.toml"
    config.write_text(
        'remind_hours = "9-17"\nremind_days = "weekdays"\nterminal = "kitty --single-instance"\n'
    )
    settings, problems = read_settings(config)
    assert [str(problem) for problem in problems] == [
        f"{config}: remind_hours: expected hours like \"09:00-18:00\", got '9-17'; using the default",
        f"{config}: remind_days: expected day names mon..sun like \"mon-fri\", got 'weekdays'; using the default",
    ]
    assert (settings.remind_hours, settings.remind_days) == ("", "every day")
    assert settings.terminal == "kitty --single-instance"
