"""Sessions run in the app land in a real history file: completed, stopped, tension, streak."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from player_clock import play_started, until
from textual.pilot import Pilot
from textual.widgets import Static

from knotsession.core.engine import FakeClock
from knotsession.core.history import HistoryStore, SessionRecord
from knotsession.core.settings import Settings
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.completion import CompletionScreen
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.screens.player import PlayerScreen
from knotsession.tui.screens.tension import TensionAsk

MakeApp = Callable[..., KnotsessionApp]


def history_app(make_app: MakeApp, path: Path, **options: object) -> KnotsessionApp:
    """An app that keeps its history in `path`; today is the real date, as the rows are."""
    return make_app(
        history_store_factory=lambda: HistoryStore.open(path), today=date.today, **options
    )


def stored(path: Path) -> list[tuple[str, bool, int, int, int | None]]:
    with HistoryStore.open(path) as store:
        return [
            (s.routine_id, s.completed, s.steps_done, s.steps_total, s.tension_after)
            for s in store.sessions()
        ]


def tensions(path: Path) -> list[tuple[int | None, int | None]]:
    with HistoryStore.open(path) as store:
        return [(s.tension_before, s.tension_after) for s in store.sessions()]


async def run_to_the_end(app: KnotsessionApp, pilot: Pilot, clock: FakeClock) -> None:
    player = await play_started(app, pilot)
    for _ in range(6):  # one tick per segment of desk-5
        clock.advance(4)
        if not player.session.is_over:
            player.tick()
        await pilot.pause()
    await until(pilot, lambda: app.screen is not player, "the screen after the player")


async def test_a_completed_session_is_kept_with_its_tension_rating(
    make_app: MakeApp, settled: Any, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    app = history_app(make_app, path, start_routine="desk-5")
    async with app.run_test() as pilot:
        await settled(app, pilot)
        await run_to_the_end(app, pilot, clock)
        assert isinstance(app.screen, CompletionScreen)
        await settled(app, pilot)
        assert str(app.screen.query_one("#streak", Static).content) == "1-day streak"
        await pilot.press("3")
        assert app.history is not None and app.history.flush(timeout=30)  # written
        assert stored(path) == [("desk-5", True, 2, 2, 3)]
        assert app.notices == []  # a new file opened by two threads at once was never locked
        await pilot.press("escape")
        await settled(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        streak = str(app.screen.query_one("#streak", Static).content)
        assert streak == "1-day streak · 1 session this week"


async def test_home_shows_progress_towards_a_daily_goal_of_two(
    make_app: MakeApp, settled: Any, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    app = history_app(make_app, path, start_routine="desk-5", settings=Settings(daily_goal=2))
    async with app.run_test() as pilot:
        await settled(app, pilot)
        await run_to_the_end(app, pilot, clock)
        await settled(app, pilot)
        await pilot.press("escape")
        await settled(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        streak = str(app.screen.query_one("#streak", Static).content)
        assert streak == "1-day streak · 1 session this week · 1 of 2 today"


async def test_the_tension_scale_takes_arrows_and_enter(
    make_app: MakeApp, settled: Any, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    app = history_app(make_app, path, start_routine="desk-5")
    async with app.run_test() as pilot:
        await run_to_the_end(app, pilot, clock)
        app.screen.query_one("#tension").focus()
        await pilot.press("right", "right", "enter")  # from 5 to 7
        assert app.history is not None and app.history.flush(timeout=30)  # written
        assert stored(path) == [("desk-5", True, 2, 2, 7)]


async def test_a_stopped_session_is_kept_as_not_completed(
    make_app: MakeApp, settled: Any, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    app = history_app(make_app, path, start_routine="desk-5")
    async with app.run_test() as pilot:
        player = await play_started(app, pilot)  # moved before the start, the clock is lost
        clock.advance(13)  # both sides of the first step, and into the second
        player.tick()
        await pilot.press("q", "y")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
    assert stored(path) == [("desk-5", False, 1, 2, None)]


async def test_home_shows_no_streak_line_before_any_session(
    make_app: MakeApp, settled: Any, tmp_path: Path
) -> None:
    app = history_app(make_app, tmp_path / "history.sqlite3")
    async with app.run_test() as pilot:
        await settled(app, pilot)
        assert str(app.screen.query_one("#streak", Static).content) == ""


def damaged(path: Path) -> Path:
    """`path`, made a file that is not a database."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database at all" * 10)
    return path


async def damage_told_once(app: KnotsessionApp, pilot: Pilot, settled: Any) -> None:
    """The damaged file's notice is told, once. A worker posts it, and its handling can
    come just after the workers end: wait for it (bounded by paints), then count."""
    await until(pilot, lambda: bool(app.notices), "the damaged file's notice")
    await settled(app, pilot)
    assert len(app.notices) == 1
    assert app.notices[0].startswith("The history file was damaged")


@pytest.mark.parametrize("real_file", [False, True], ids=["given-store", "real-file"])
async def test_a_damaged_history_file_is_told_once(
    make_app: MakeApp, settled: Any, tmp_path: Path, real_file: bool
) -> None:
    """Also with the real file, whose first open reads the streak before the day's check."""
    from knotsession import paths
    from knotsession.tui.backends import open_history_store

    path = damaged(paths.history_file() if real_file else tmp_path / "history.sqlite3")
    app = (
        make_app(history_store_factory=open_history_store, today=date.today)
        if real_file
        else history_app(make_app, path)
    )
    async with app.run_test() as pilot:
        await settled(app, pilot)
        await damage_told_once(app, pilot, settled)


async def test_a_damaged_file_set_aside_by_todays_plan_read_is_told(
    make_app: MakeApp, settled: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Home reads the streak and today's plan in two workers; either open may be the one
    that sets the damaged file aside. Here the plan's read goes first, and the notice it
    found is still told (once), though the streak's read then finds a sound new file."""
    from knotsession import paths
    from knotsession.tui.backends import open_history_store
    from knotsession.tui.history_access import HistoryAccess

    path = damaged(paths.history_file())
    held: list[tuple[HistoryAccess, int]] = []
    read_streak = HistoryAccess.read_streak  # called by hand once the plan's read is done
    monkeypatch.setattr(
        HistoryAccess, "read_streak", lambda access, goal: held.append((access, goal))
    )
    app = make_app(history_store_factory=open_history_store, today=date.today)
    async with app.run_test() as pilot:
        await settled(app, pilot)
        assert [p.name for p in path.parent.iterdir() if ".corrupt-" in p.name], "set aside"
        read_streak(*held[0])
        await settled(app, pilot)
        await damage_told_once(app, pilot, settled)


async def test_the_streak_line_does_not_wait_for_the_days_page_check(
    make_app: MakeApp, settled: Any, monkeypatch: Any
) -> None:
    """The real file's first open of the day checks every page (seconds at a million
    sessions): home's streak line is read beside it, not after it. Here the check is held
    until the line is shown; then it runs, and the day is marked checked."""
    import threading
    from datetime import datetime

    from knotsession import paths
    from knotsession.core import history_file
    from knotsession.tui.backends import open_history_store

    path = paths.history_file()
    session = SessionRecord(0, "desk-5", "Desk", ("neck",), datetime.now().astimezone(), 60.0,
                            True, 2, 2)  # fmt: skip
    with HistoryStore.open(path, check=False) as store:  # one session today, never checked
        store.import_rows([session])
    real_check, release, checking = history_file.quick_check_aside, threading.Event(), []

    def held_check(file: Path) -> list[str]:
        checking.append(file)
        release.wait(60)  # bounded: a broken read path fails below, it does not hang
        return real_check(file)

    monkeypatch.setattr(history_file, "quick_check_aside", held_check)
    app = make_app(history_store_factory=open_history_store, today=date.today)
    async with app.run_test() as pilot:
        streak = app.screen.query_one("#streak", Static)
        # Paints, not time: the line lands while the check is held. The check starts on the
        # history's own thread, which a busy machine can reach after the line is shown.
        for _ in range(400):
            if (str(streak.content) and checking) or release.is_set():
                break
            await pilot.pause(0.01)
        assert "1 session" in str(streak.content), str(streak.content)
        assert not release.is_set() and checking == [path]
        release.set()
        await settled(app, pilot)
    assert history_file.checked_today(path)


async def test_asked_before_and_after_when_the_settings_say_both(
    make_app: MakeApp, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    app = history_app(make_app, path, settings=Settings(ask_tension="both"))
    async with app.run_test() as pilot:
        await pilot.press("enter")  # the desk routine: first, how tense?
        assert isinstance(app.screen, TensionAsk)
        await pilot.press("6")
        assert isinstance(app.screen, PlayerScreen)
        await run_to_the_end(app, pilot, clock)
        await pilot.press("2")
    assert tensions(path) == [(6, 2)]


async def test_the_question_before_can_be_skipped(
    make_app: MakeApp, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    app = history_app(make_app, path, start_routine="desk-5", settings=Settings(ask_tension="both"))
    async with app.run_test() as pilot:
        assert isinstance(app.screen, TensionAsk)
        await pilot.press("escape")
        assert isinstance(app.screen, PlayerScreen)
        await run_to_the_end(app, pilot, clock)
    assert tensions(path) == [(None, None)]


async def test_never_asks_nothing(make_app: MakeApp, clock: FakeClock, tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    app = history_app(
        make_app, path, start_routine="desk-5", settings=Settings(ask_tension="never")
    )
    async with app.run_test() as pilot:
        assert isinstance(app.screen, PlayerScreen)
        await run_to_the_end(app, pilot, clock)
        assert isinstance(app.screen, CompletionScreen)
        assert not app.screen.query("#check-in")
        await pilot.press("4")
    assert tensions(path) == [(None, None)]


async def test_closing_the_app_mid_session_keeps_it_as_not_completed(
    make_app: MakeApp, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    app = history_app(make_app, path, start_routine="desk-5")
    async with app.run_test() as pilot:
        player = await play_started(app, pilot)
        clock.advance(13)
        player.tick()
        await pilot.press("ctrl+q")
    assert stored(path) == [("desk-5", False, 1, 2, None)]


async def test_a_session_skipped_through_says_why_it_does_not_count(
    make_app: MakeApp, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    app = history_app(make_app, path, start_routine="desk-5")
    async with app.run_test() as pilot:
        for _ in range(12):  # skip every segment to the end
            if isinstance(app.screen, CompletionScreen):
                break
            await pilot.press("n")
        assert isinstance(app.screen, CompletionScreen)
        line = str(app.screen.query_one("#not-counted", Static).content)
        assert line == (
            "Not counted in your streak or totals: 0 of 2 steps done; a session counts once"
            " at least half of its steps are done."
        )
    assert stored(path) == [("desk-5", False, 0, 2, None)]
