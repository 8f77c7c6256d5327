"""The history screen made ahead at home (HistoryAccess.make_screen_ahead): `h` shows it
while the file is as it was read, for the same day and goal; a new screen when anything
wrote the file since (another process, or this app), the day changed or the file is large;
none is held while a session plays."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from player_clock import made_ahead, play_started, until
from styles_check import restyled_in_full, styles_of
from textual.pilot import Pilot
from textual.widgets import DataTable

from knotsession.core.history import HistoryStore
from knotsession.core.records import SessionRecord
from knotsession.tui import session_start
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.backends import open_history_store
from knotsession.tui.screens.history import HistoryScreen
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.widgets.heatmap import Heatmap

MakeApp = Callable[..., KnotsessionApp]
TODAY = date(2026, 3, 2)

# Adds one session to the history, from a process of its own.
ANOTHER_PROCESS = textwrap.dedent(
    """
    from datetime import datetime, timezone
    from knotsession.core.history import HistoryStore
    from knotsession.core.records import SessionRecord

    store = HistoryStore.open()
    at = datetime(2026, 3, 2, 7, tzinfo=timezone.utc)
    store.import_rows([SessionRecord(0, "other", "From elsewhere", ("jaw",), at, 60.0, True, 1, 1)])
    store.close()
    """
)


def session(day: int) -> SessionRecord:
    at = datetime(2026, 3, day, 9, tzinfo=UTC)
    return SessionRecord(0, "desk-5", "Tiny desk routine", ("neck",), at, 300.0, True, 2, 2)


@pytest.fixture(autouse=True)
def two_sessions() -> None:
    store = HistoryStore.open()
    store.import_rows([session(1), session(2)])
    store.close()


def history_app(make_app: MakeApp, today: Callable[[], date] = lambda: TODAY) -> KnotsessionApp:
    return make_app(history_store_factory=open_history_store, today=today)


async def history_ahead(app: KnotsessionApp, pilot: Pilot, settled: Any) -> HistoryScreen:
    """The screen made ahead as the app makes it at home (tests are headless, where the
    app does not make screens ahead by itself), its figures read."""
    await settled(app, pilot)  # the streak's read found the file
    app.sessions.make_history_ahead()
    ready = await made_ahead(pilot, lambda: app.sessions.ready_history.screen, "history")
    await until(pilot, lambda: ready.overview is not None, "its figures read")
    return ready


async def after_timers(pilot: Pilot, held: Callable[[], HistoryScreen | None]) -> HistoryScreen:
    """The history made ahead at the end of the chain of timers that makes the screens
    ahead (a tenth of a second apart): waited for up to ten seconds, checked every 10 ms."""
    for _ in range(1000):
        ready = held()
        if ready is not None and ready.made:
            return ready
        await pilot.pause(0.01)
    raise AssertionError("the history was not made ahead")


def rows(screen: HistoryScreen) -> int:
    return screen.query_one("#recent", DataTable).row_count


async def test_h_shows_the_history_made_ahead(make_app: MakeApp, settled: Any) -> None:
    app = history_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        ready = await history_ahead(app, pilot, settled)
        assert not ready.is_current and rows(ready) == 2
        await pilot.press("h")
        assert app.screen is ready
        assert app.sessions.ready_history.screen is None  # used up
        await pilot.pause()
        assert styles_of(ready) == restyled_in_full(ready)


async def test_a_session_written_by_another_process_gets_a_new_screen(
    make_app: MakeApp, settled: Any
) -> None:
    app = history_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        ready = await history_ahead(app, pilot, settled)
        subprocess.run([sys.executable, "-c", ANOTHER_PROCESS], check=True)
        await pilot.press("h")
        shown = app.screen
        assert isinstance(shown, HistoryScreen) and shown is not ready
        await until(pilot, lambda: shown.overview is not None, "its figures read")
        assert rows(shown) == 3
        await until(pilot, lambda: not ready.is_attached, "the old screen removed")


async def test_a_new_day_gets_a_new_screen(make_app: MakeApp, settled: Any) -> None:
    days = [TODAY]
    app = history_app(make_app, today=lambda: days[-1])
    async with app.run_test(size=(100, 30)) as pilot:
        ready = await history_ahead(app, pilot, settled)
        days.append(date(2026, 3, 3))  # past midnight
        await pilot.press("h")
        shown = app.screen
        assert isinstance(shown, HistoryScreen) and shown is not ready
        assert shown.today == date(2026, 3, 3)


async def test_a_large_history_is_not_made_ahead(
    make_app: MakeApp, settled: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(session_start, "HISTORY_AHEAD_MAX_BYTES", 1)
    app = history_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(app, pilot)
        app.sessions.make_history_ahead()
        assert app.sessions.ready_history.screen is None
        await pilot.press("h")
        shown = app.screen
        assert isinstance(shown, HistoryScreen)
        await until(pilot, lambda: shown.overview is not None, "its figures read")


async def test_none_is_held_while_a_session_plays(make_app: MakeApp, settled: Any) -> None:
    app = history_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        ready = await history_ahead(app, pilot, settled)
        await pilot.press("enter")
        await play_started(app, pilot)
        await until(pilot, lambda: not ready.is_attached, "the history dropped")
        app.sessions.make_screens_ahead()  # as home would, were it shown
        for _ in range(5):
            await pilot.pause()
        assert app.sessions.ready_history.screen is None


async def test_made_again_at_home_while_help_is_still_held(make_app: MakeApp, settled: Any) -> None:
    """Back home from the history, the next round of screens made ahead makes the history
    again, though help (never opened) is still made."""
    app = history_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(app, pilot)
        app.sessions.make_screens_ahead()  # the player, the form, help, then the history
        first = await after_timers(pilot, lambda: app.sessions.ready_history.screen)
        await pilot.press("h")
        assert app.screen is first
        await pilot.press("escape")
        help_screen = app.sessions.ready_help.screen
        assert help_screen is not None
        app.sessions.make_screens_ahead()  # as home does when it is shown again
        again = await after_timers(pilot, lambda: app.sessions.ready_history.screen)
        assert again is not first
        assert app.sessions.ready_help.screen is help_screen


async def test_one_dropped_while_it_is_made_fills_nothing_in(
    make_app: MakeApp, settled: Any
) -> None:
    """`h` while the history made ahead is still being made drops it before its mount: it
    never gets its table's columns, and figures read meanwhile must not be filled in (a
    tmux test saw the traceback). Its read is posted here at once, as a fast one would be."""
    app = history_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(app, pilot)
        app.sessions.make_history_ahead()
        half_made = app.sessions.ready_history.screen
        assert half_made is not None and not half_made.made
        app.sessions.ready_history.drop()  # as `h` does with one not made yet
        store = HistoryStore.open()
        overview = store.overview(TODAY)
        store.close()
        half_made.post_message(HistoryScreen.Loaded(overview, None))
        await until(pilot, lambda: not half_made.is_attached, "the dropped one removed")
        await pilot.press("h")
        shown = app.screen
        assert isinstance(shown, HistoryScreen) and shown is not half_made
        await until(pilot, lambda: shown.overview is not None, "its figures read")
        assert rows(shown) == 2
    assert app.return_code in (0, None)


@pytest.mark.parametrize("how", ["dropped once made", "closed as it is shown", "its widgets going"])
async def test_figures_arriving_as_the_screen_goes_are_not_filled_in(
    make_app: MakeApp, settled: Any, how: str
) -> None:
    """A read can land while its screen is being taken down (a made one dropped, a shown
    one closed at once), its widgets going: nothing fails (the floors' run saw a
    NoMatches for the calendar once)."""
    app = history_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        ready = await history_ahead(app, pilot, settled)
        store = HistoryStore.open()
        overview = store.overview(TODAY)
        store.close()
        if how == "dropped once made":
            app.sessions.ready_history.drop()
            assert ready._dropped  # what lands for it from now on is ignored
        elif how == "its widgets going":  # as removing the screen takes them down
            await pilot.press("h")
            await ready.query_one(Heatmap).remove()
            ready.post_message(HistoryScreen.Loaded(overview, None))
            for _ in range(3):
                await pilot.pause()
            ready.dismiss(None)
        else:
            await pilot.press("h")
            assert app.screen is ready
            ready.dismiss(None)
        ready.post_message(HistoryScreen.Loaded(overview, None))
        await until(pilot, lambda: not ready.is_attached, "the screen taken down")
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert app.return_code in (0, None)
