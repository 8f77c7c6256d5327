"""Break reminders on a fake clock: the interval, the text, and deadlines that never drift."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest

from knotsession.core.durations import interval_words
from knotsession.core.engine import FakeClock
from knotsession.core.reminders import (
    intro_line,
    next_deadline,
    nudge_line,
    parse_every,
    run_reminders,
)

START = 1000.0
WALL_START = datetime(2026, 3, 9, 9, 0, 0)
COMMAND = "knotsession start desk-5"


class FakeTime:
    """A monotonic clock, a wall clock that follows it, and a sleep that records and advances."""

    def __init__(self, oversleep_s: dict[int, float] | None = None) -> None:
        self.clock = FakeClock(START)
        self.sleeps: list[float] = []
        self.oversleep_s = oversleep_s or {}  # sleep call index -> extra seconds slept

    def sleep(self, seconds: float) -> None:
        extra = self.oversleep_s.get(len(self.sleeps), 0.0)
        self.sleeps.append(seconds)
        self.clock.advance(seconds + extra)

    def now(self) -> datetime:
        return WALL_START + timedelta(seconds=self.clock() - START)


class Notifications:
    """Records notifications; each one can take a while, like a real notifier."""

    def __init__(self, clock: FakeClock, takes_s: float = 0.0) -> None:
        self.clock = clock
        self.takes_s = takes_s
        self.sent: list[tuple[str, str, float]] = []

    def __call__(self, title: str, body: str) -> bool:
        self.sent.append((title, body, self.clock() - START))
        self.clock.advance(self.takes_s)
        return True


def remind(time: FakeTime, notify: Notifications, interval_s: int, count: int, **kw) -> str:
    """Run the reminders on the fake clock; returns what they printed."""
    out = io.StringIO()
    given = run_reminders(
        interval_s,
        count,
        COMMAND,
        out=out,
        notify=notify,
        clock=time.clock,
        sleep=time.sleep,
        now=time.now,
        **kw,
    )
    assert given == count
    return out.getvalue()


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("45m", 2700),
        ("1h", 3600),
        ("1h30m", 5400),
        (" 2M ", 120),
        ("90s", 90),
        ("5s", 5),
        ("1s", 1),
        ("1m30s", 90),
    ],
)
def test_parse_every_reads_hours_minutes_and_seconds(text: str, seconds: int) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["0s", "0m", "0", "5x", "", "soon", "-5m", 45, None])
def test_parse_every_refuses_what_is_not_an_interval(text: object) -> None:
    assert parse_every(text) is None


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (1, "1 s"),
        (45, "45 s"),
        (90, "1 min 30 s"),
        (2700, "45 min"),
        (3600, "1 h"),
        (5400, "1 h 30 min"),
        (3605, "1 h 5 s"),
    ],
)
def test_interval_words_say_it_as_a_person_would(seconds: int, text: str) -> None:
    assert interval_words(seconds) == text


def test_intro_line_says_what_happens_and_how_to_stop() -> None:
    first = datetime(2026, 3, 9, 9, 45)
    assert intro_line(2700, None, first) == (
        "Nudging you to stand up and move every 45 min; the first at 09:45. Press Ctrl-C to stop."
    )
    assert intro_line(2700, 1, first) == (
        "Nudging you to stand up and move every 45 min, 1 time; the first at 09:45. Press Ctrl-C to stop."
    )
    assert intro_line(5, 3, first) == (
        "Nudging you to stand up and move every 5 s, 3 times; the first at 09:45. Press Ctrl-C to stop."
    )


def test_nudge_line() -> None:
    assert nudge_line(datetime(2026, 3, 9, 14, 5, 59), COMMAND) == (
        "14:05 Time to stand up and move: knotsession start desk-5"
    )


@pytest.mark.parametrize(
    ("now", "deadline"),
    [
        (START, START + 60),  # just started
        (START + 60, START + 120),  # right on a deadline: the next one
        (START + 60.4, START + 120),  # a little late
        (START + 250, START + 300),  # several missed: the next still ahead, no burst
    ],
)
def test_next_deadline_is_the_first_still_ahead(now: float, deadline: float) -> None:
    assert next_deadline(START, 60, now) == deadline


def test_nudges_ring_print_and_notify_at_each_interval_then_stop() -> None:
    time = FakeTime()
    notify = Notifications(time.clock)
    out = remind(time, notify, 2700, 3, notification_body="5-minute desk routine: " + COMMAND)
    assert out.splitlines() == [
        "Nudging you to stand up and move every 45 min, 3 times; the first at 09:45. Press Ctrl-C to stop.",
        "\a09:45 Time to stand up and move: knotsession start desk-5",
        "\a10:30 Time to stand up and move: knotsession start desk-5",
        "\a11:15 Time to stand up and move: knotsession start desk-5",
    ]
    body = "5-minute desk routine: knotsession start desk-5"
    assert notify.sent == [
        ("Time to stand up and move", body, 2700.0),
        ("Time to stand up and move", body, 5400.0),
        ("Time to stand up and move", body, 8100.0),
    ]
    assert time.sleeps == [2700.0, 2700.0, 2700.0]
    assert time.clock() == START + 8100  # stops at the last nudge, no sleep after it


def test_slow_notifications_do_not_push_later_nudges() -> None:
    time = FakeTime()
    notify = Notifications(time.clock, takes_s=4.5)
    remind(time, notify, 60, 4)
    assert [at for _, _, at in notify.sent] == [60.0, 120.0, 180.0, 240.0]
    assert time.sleeps == [60.0, 55.5, 55.5, 55.5]


def test_an_early_wake_up_sleeps_again_until_the_deadline() -> None:
    time = FakeTime(oversleep_s={0: -20.0})  # the first sleep returns 20 s early
    notify = Notifications(time.clock)
    remind(time, notify, 60, 1)
    assert time.sleeps == [60.0, 20.0]
    assert [at for _, _, at in notify.sent] == [60.0]


def test_after_a_long_stall_one_nudge_not_a_burst() -> None:
    # The second sleep lasts 3.5 intervals longer (the terminal was suspended).
    time = FakeTime(oversleep_s={1: 210.0})
    notify = Notifications(time.clock)
    out = remind(time, notify, 60, 3)
    assert [at for _, _, at in notify.sent] == [60.0, 330.0, 360.0]
    assert out.splitlines()[1:] == [
        "\a09:01 Time to stand up and move: knotsession start desk-5",
        "\a09:05 Time to stand up and move: knotsession start desk-5",
        "\a09:06 Time to stand up and move: knotsession start desk-5",
    ]


def test_muted_reminders_print_without_the_bell() -> None:
    time = FakeTime()
    out = remind(time, Notifications(time.clock), 60, 1, bell=False)
    assert out.splitlines()[1] == "09:01 Time to stand up and move: knotsession start desk-5"
    assert "\a" not in out


def test_the_notification_says_the_command_when_no_body_is_given() -> None:
    time = FakeTime()
    notify = Notifications(time.clock)
    remind(time, notify, 60, 1)
    assert notify.sent == [("Time to stand up and move", COMMAND, 60.0)]


def test_without_a_count_it_runs_until_interrupted() -> None:
    time = FakeTime()
    notify = Notifications(time.clock)

    def sleep(seconds: float) -> None:
        if len(time.sleeps) == 5:
            raise KeyboardInterrupt
        time.sleep(seconds)

    out = io.StringIO()
    with pytest.raises(KeyboardInterrupt):
        run_reminders(
            60, None, COMMAND, out=out, notify=notify, clock=time.clock, sleep=sleep, now=time.now
        )
    assert len(notify.sent) == 5
    assert out.getvalue().count("Time to stand up and move: ") == 5
    assert out.getvalue().splitlines()[0] == (
        "Nudging you to stand up and move every 1 min; the first at 09:01. Press Ctrl-C to stop."
    )


def test_a_first_nudge_on_another_day_says_the_date() -> None:
    start = datetime(2026, 3, 9, 17, 45)
    first = start + timedelta(minutes=9999)
    assert intro_line(9999 * 60, None, first, start) == (
        "Nudging you to stand up and move every 166 h 39 min; the first at Mon 16 Mar 16:24. "
        "Press Ctrl-C to stop."
    )
    assert "the first at tomorrow 09:45." in intro_line(
        3600, None, start + timedelta(hours=16), start
    )
