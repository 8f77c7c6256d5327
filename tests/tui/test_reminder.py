"""Break reminders in the app: the time to the next break at home, a nudge when it is due
(never during a session), on the fake clock; the tick is called directly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from player_clock import play_started, until
from textual.widgets import Static

from knotsession.core.engine import FakeClock
from knotsession.core.settings import Settings
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.break_reminder import BreakReminder, nudge_text
from knotsession.tui.screens.completion import CompletionScreen
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.screens.player import PlayerScreen

MakeApp = Callable[..., KnotsessionApp]
NUDGE = "Time to stand up and move — b starts Tiny desk routine"
HOUR = 3600


@pytest.mark.parametrize(
    ("every_s", "passed_s", "label"),
    [
        (45 * 60, 0, "Next break in 45 min"),
        (45 * 60, 3 * 60 + 1, "Next break in 42 min"),  # whole minutes, rounded up
        (HOUR, 0, "Next break in 1 h"),
        (90 * 60, 0, "Next break in 1 h 30 min"),
        (HOUR, HOUR - 5, "Next break in 1 min"),
        (HOUR, HOUR + 30, "Next break in 1 min"),  # due: the nudge is on its way
    ],
)
def test_the_label_counts_whole_minutes(every_s: int, passed_s: float, label: str) -> None:
    clock = FakeClock()
    reminder = BreakReminder(every_s, clock)
    clock.advance(passed_s)
    assert reminder.label() == label


def test_due_at_the_deadline_and_restarted_from_then() -> None:
    clock = FakeClock()
    reminder = BreakReminder(HOUR, clock)
    clock.advance(HOUR - 0.5)
    assert not reminder.is_due()
    assert reminder.left_s() == 0.5
    clock.advance(0.5)
    assert reminder.is_due()
    reminder.restart()
    assert reminder.left_s() == HOUR


def test_the_nudge_names_the_routine_to_start() -> None:
    assert nudge_text("Tiny desk routine") == NUDGE
    assert nudge_text(None) == "Time to stand up and move"


# --- in the app -------------------------------------------------------------------------------


def next_break(app: KnotsessionApp) -> str:
    return str(app.screen.query_one("#next-break", Static).content)


@pytest.fixture
def bells(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every time the app rang the bell."""
    rung: list[str] = []
    monkeypatch.setattr(KnotsessionApp, "bell", lambda self: rung.append("\a"))
    return rung


def hourly(make_app: MakeApp) -> KnotsessionApp:
    return make_app(settings=Settings(remind_every=HOUR))


async def test_home_shows_the_time_to_the_next_break(make_app: MakeApp, clock: FakeClock) -> None:
    app = hourly(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert next_break(app) == "Next break in 1 h"
        clock.advance(18 * 60)
        app.breaks.tick()
        assert next_break(app) == "Next break in 42 min"


async def test_no_label_and_no_timers_when_reminders_are_off(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert next_break(app) == ""
        assert app.breaks.reminder is None


async def test_when_due_it_rings_nudges_and_counts_again(
    make_app: MakeApp, clock: FakeClock, bells: list[str], toasts: Any
) -> None:
    app = hourly(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down")  # the focus leaves the start button
        clock.advance(HOUR - 1)
        app.breaks.tick()
        await pilot.pause()
        assert toasts(app) == []
        clock.advance(1)
        app.breaks.tick()
        await pilot.pause()
        assert toasts(app) == [NUDGE]
        assert bells == ["\a"]
        assert next_break(app) == "Next break in 1 h"
        app.breaks.tick()  # once per break
        await pilot.pause()
        assert toasts(app) == [NUDGE]
        await pilot.press("enter")  # the nudge put the focus on the start button
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.routine.id == "desk-5"


async def test_no_nudge_during_a_session_until_it_is_stopped(
    make_app: MakeApp, clock: FakeClock, bells: list[str], toasts: Any
) -> None:
    app = hourly(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        clock.advance(HOUR - 2)
        await pilot.press("enter")
        player = await play_started(app, pilot)
        clock.advance(3)
        player.tick()
        app.breaks.tick()  # due, but the person is in the middle of a session
        await pilot.pause()
        assert toasts(app) == []
        assert bells == []
        await pilot.press("q", "y")  # stopped early: the break is still owed
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        assert toasts(app) == [NUDGE]
        assert bells == ["\a"]
        assert next_break(app) == "Next break in 1 h"


async def test_a_finished_session_counts_as_the_break(
    make_app: MakeApp, clock: FakeClock, bells: list[str], toasts: Any
) -> None:
    app = hourly(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        clock.advance(HOUR - 10)
        await pilot.press("enter")
        player = await play_started(app, pilot)
        clock.advance(20)  # past the end of desk-5's 17 s, and past the break's deadline
        player.tick()
        await until(pilot, lambda: isinstance(app.screen, CompletionScreen), "the completion")
        app.breaks.tick()
        await pilot.pause()
        assert toasts(app) == []
        assert bells == []
        await pilot.press("escape")
        assert next_break(app) == "Next break in 1 h"


async def test_the_nudge_timer_is_set_for_the_exact_deadline(
    make_app: MakeApp, clock: FakeClock
) -> None:
    app = hourly(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        delays: list[float] = []
        set_timer = app.set_timer

        def recording_set_timer(delay: float, *args: Any, **kwargs: Any) -> Any:
            delays.append(delay)
            return set_timer(delay, *args, **kwargs)

        app.set_timer = recording_set_timer  # type: ignore[method-assign]
        clock.advance(100.5)
        app.breaks.tick()
        assert HOUR - 100.5 in delays


async def test_back_at_home_the_label_is_up_to_date(make_app: MakeApp, clock: FakeClock) -> None:
    app = hourly(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")  # the history screen, for a while
        clock.advance(25 * 60)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert next_break(app) == "Next break in 35 min"
