"""The player made ahead, empty, while nothing plays (session_start.py): the next session is
given to it, and it shows and runs that session as a player made at once does."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from desk_routine import write_routines
from figured_routine import FIGURED
from player_clock import play_started, tick, until
from styles_check import restyled_in_full, styles_of, warmed_up
from textual.pilot import Pilot
from textual.widgets import Static

from knotsession.core.engine import FakeClock, Session
from knotsession.core.library import RoutineSource, load_library
from knotsession.figures.render import _render_frames
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.completion import CompletionScreen
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.screens.player import PlayerScreen, stage_figure_box
from knotsession.tui.warm_up import SCREEN_MODULES, warm_up
from knotsession.tui.widgets.figure import FigureView
from knotsession.tui.widgets.keys_footer import KeysFooter

MakeApp = Callable[..., KnotsessionApp]


def said(screen: PlayerScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


async def made_ahead(app: KnotsessionApp, pilot: Pilot) -> PlayerScreen:
    """Every screen's styles loaded and the player made ahead, as the app does once home
    has painted (tests are headless, where the app does neither by itself): the warm-up
    asks the app to make it, from its thread."""
    loop = asyncio.get_running_loop()
    # A thread with none of this task's context (`to_thread` would copy the active app),
    # as the app's worker thread has.
    await loop.run_in_executor(
        None, warm_up, app, loop, SCREEN_MODULES, app.sessions.make_player_ahead
    )
    gc.unfreeze()  # the warm-up freezes what it made; a test process should not keep it

    def made() -> bool:
        ready = app.sessions.ready_player
        return ready is not None and ready.is_mounted

    await until(pilot, made, "the player made ahead")
    assert app.sessions.ready_player is not None
    return app.sessions.ready_player


def shown(app: KnotsessionApp) -> dict[str, str]:
    """What the player says, by widget."""
    player = app.screen
    assert isinstance(player, PlayerScreen)
    ids = ("routine-name", "step-count", "heading", "title", "next", "instructions", "sound")
    return {name: said(player, f"#{name}") for name in ids}


async def test_the_next_session_plays_in_the_player_made_ahead(
    make_app: MakeApp, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        ready = await made_ahead(app, pilot)
        assert said(ready, "#routine-name") == ""  # no session yet
        await pilot.press("enter")  # the featured routine
        player = await play_started(app, pilot)
        assert player is ready
        assert app.sessions.ready_player is None  # used up
        assert said(player, "#routine-name") == "Tiny desk routine"
        assert said(player, "#step-count") == "step 1 of 2"
        await tick(app, pilot, clock, 3)
        assert said(player, "#heading") == "Stretch"
        assert styles_of(player) == restyled_in_full(player)


async def test_the_player_made_ahead_shows_what_a_player_made_at_once_shows(
    make_app: MakeApp, clock: FakeClock
) -> None:
    seen = []
    for ahead in (False, True):
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            if ahead:
                await made_ahead(app, pilot)
            else:
                await warmed_up(app, pilot)
            await pilot.press("enter")
            player = await play_started(app, pilot)
            assert (player is app.sessions.ready_player) is False
            await tick(app, pilot, clock, 5)
            await pilot.pause()
            seen.append((shown(app), player.query_one("#figure-slot").region))
    assert seen[0] == seen[1]


@pytest.mark.parametrize(("routine_id", "getting_ready"), [("desk-5", True), ("my-neck", False)])
async def test_a_session_that_begins_by_getting_ready_is_taken_without_a_class_change(
    make_app: MakeApp, routine_id: str, getting_ready: bool
) -> None:
    """The player is made ahead getting ready, as most sessions begin: taking such a session
    changes no class (a change restyles the countdown and its digits). One that begins with
    the work (no lead-in) is shown so."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        ready = await made_ahead(app, pilot)
        selectors = ("#heading", "#countdown")
        assert [ready.query_one(s).has_class("-getting-ready") for s in selectors] == [True] * 2
        routine = app.library.get(routine_id)
        assert routine is not None
        app.play(routine)
        player = await play_started(app, pilot)
        assert player is ready
        shown = [player.query_one(s).has_class("-getting-ready") for s in selectors]
        assert shown == [getting_ready] * 2
        assert styles_of(player) == restyled_in_full(player)


async def test_the_first_step_is_on_screen_before_the_clock_starts(
    make_app: MakeApp, monkeypatch: Any
) -> None:
    """The session's clock starts with its first step shown, made ahead or not."""
    at_start: list[tuple[bool, str]] = []
    start = Session.start

    def noted_start(session: Session) -> list[Any]:
        player = app.screen
        assert isinstance(player, PlayerScreen)
        at_start.append((player.session is session, said(player, "#step-count")))
        return start(session)

    monkeypatch.setattr(Session, "start", noted_start)
    for ahead in (False, True):
        app = make_app()
        async with app.run_test() as pilot:
            if ahead:
                await made_ahead(app, pilot)
            await pilot.press("enter")
            await play_started(app, pilot)
    assert at_start == [(True, "step 1 of 2"), (True, "step 1 of 2")]


async def test_no_player_is_made_ahead_while_a_session_plays(
    make_app: MakeApp, clock: FakeClock
) -> None:
    """Memory while playing: no screen is kept built beyond the completion card. Once the
    session is over, the next player is made ahead again."""
    app = make_app()
    async with app.run_test() as pilot:
        await made_ahead(app, pilot)
        await pilot.press("enter")
        await play_started(app, pilot)
        app.sessions.make_player_ahead()
        assert app.sessions.ready_player is None
        await tick(app, pilot, clock, 600)  # past the end
        await until(pilot, lambda: isinstance(app.screen, CompletionScreen), "the card")
        app.sessions.make_player_ahead()
        ready = app.sessions.ready_player
        assert ready is not None
        await until(pilot, lambda: ready.is_mounted, "the next player made ahead")


async def test_a_player_made_ahead_and_never_used_closes_with_the_app(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        ready = await made_ahead(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    assert not ready.is_running


def keys_of(screen: PlayerScreen | CompletionScreen) -> list[str]:
    keys = screen.query_one(KeysFooter).query("FooterKey")
    return [str(getattr(key, "description", "")) for key in keys]


async def test_a_screen_made_ahead_gets_its_footer_keys_once_shown(
    make_app: MakeApp, clock: FakeClock
) -> None:
    """Off screen the footer builds no keys (they would be drawn in the first paint); on
    screen it does, for the player and for the completion card made ahead."""
    app = make_app()
    async with app.run_test() as pilot:
        ready = await made_ahead(app, pilot)
        ready.refresh_bindings()  # as a focus change or a key turned on would
        await pilot.pause()
        assert keys_of(ready) == []
        await pilot.press("enter")
        player = await play_started(app, pilot)
        await until(pilot, lambda: "Pause" in keys_of(player), "the player's keys")
        await tick(app, pilot, clock, 600)  # past the end
        await until(pilot, lambda: isinstance(app.screen, CompletionScreen), "the card")
        card = app.screen
        assert isinstance(card, CompletionScreen)
        await until(pilot, lambda: "Home" in keys_of(card), "the card's keys")


async def test_the_app_closing_while_the_player_is_made_ahead_ends_cleanly(
    make_app: MakeApp,
) -> None:
    """q on home just as the player is being made: it may mount half-composed, and must
    not fail the app's end (a tmux test caught a NoMatches there)."""
    app = make_app()
    async with app.run_test():
        app.sessions.make_player_ahead()
        app.exit()
    assert app.return_code == 0


async def test_a_session_started_while_the_player_is_made_ahead_gets_a_new_one(
    make_app: MakeApp,
) -> None:
    """Enter just as the player is being made: the half-made one is not given the session
    (its auto-width step count, filled as it mounts, could keep its empty width), it is
    removed once mounted, and the session plays in a new player with its header."""
    app = make_app()
    async with app.run_test() as pilot:
        app.sessions.make_player_ahead()
        half_made = app.sessions.ready_player
        assert half_made is not None and not half_made.is_mounted
        home = app.screen
        assert isinstance(home, HomeScreen) and home.featured is not None
        app.play(home.featured)  # at once, before the loop mounts it
        player = await play_started(app, pilot)
        assert player is not half_made
        assert app.sessions.ready_player is None
        await until(pilot, lambda: not half_made.is_attached, "the half-made player removed")
        assert said(player, "#step-count") == "step 1 of 2"
        assert player.query_one("#step-count").region.width == len("step 1 of 2")


@pytest.mark.parametrize(("sides", "size"), [("right", (120, 40)), ("both", (100, 30))])
async def test_the_featured_routines_first_figure_is_drawn_ahead(
    make_app: MakeApp, tmp_path: Path, sides: str, size: tuple[int, int]
) -> None:
    """At both sizes the player shows it (as the session is taken, then laid out for the
    terminal), the other way round for a right side: opening draws no figure itself."""
    first_step = FIGURED.replace('sides = "both"', f'sides = "{sides}"', 1)
    folder = write_routines(tmp_path / "bundled", {"desk-5": first_step})
    app = make_app(library=load_library([RoutineSource(folder, "bundled")]))
    async with app.run_test(size=size) as pilot:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, warm_up, app, loop, SCREEN_MODULES, None)
        gc.unfreeze()
        _render_frames.cache_clear()  # the gallery's poses, drawn by the warm-up
        app.sessions.make_player_ahead()
        await app.workers.wait_for_complete()  # the drawing, on a worker thread
        drawn = _render_frames.cache_info()
        assert drawn.currsize == 2  # at the two sizes
        ready = app.sessions.ready_player
        assert ready is not None
        await until(pilot, lambda: ready.is_mounted, "the player made ahead")
        await pilot.press("enter")
        player = await play_started(app, pilot)
        figure = player.query_one(FigureView)
        box = stage_figure_box(*size)
        await until(pilot, lambda: figure.region.size == box, "the figure laid out")
        await until(pilot, lambda: len(figure.rows) == box[1], "the figure drawn at its size")
        assert any(row.strip() for row in figure.rows)  # a figure, not blank rows
        assert _render_frames.cache_info().misses == drawn.misses


async def test_the_cue_player_is_opened_as_the_clock_starts_not_as_the_player_opens(
    make_app: MakeApp, monkeypatch: Any, cues: Any
) -> None:
    """Opening it (imports, decoding) on a worker thread held the event loop back through
    the GIL while the player was laid out and drawn: it is asked for with the clock's start,
    once the first step is on screen, and a session's first cue still reaches it."""
    wanted_at_start: list[int] = []
    start = Session.start

    def noted_start(session: Session) -> list[Any]:
        wanted_at_start.append(len(wanted))
        return start(session)

    monkeypatch.setattr(Session, "start", noted_start)
    app = make_app()
    wanted: list[object] = []
    async with app.run_test() as pilot:
        await made_ahead(app, pilot)
        want = app.sound.want

        def noted_want(settings: Any) -> None:
            wanted.append(settings)
            want(settings)

        monkeypatch.setattr(app.sound, "want", noted_want)
        await pilot.press("enter")
        await play_started(app, pilot)
        await until(pilot, lambda: len(wanted) == 1, "the cue player asked for")
        await until(pilot, lambda: app.sound.relay.player is not None, "the cue player open")
    assert wanted_at_start == [0]
    # The session's first event, from before the player was open, was kept for it.
    assert [type(event).__name__ for event in cues.events[:1]] == ["SegmentStarted"]


async def test_the_history_writer_opens_its_file_with_the_player_made_ahead(
    make_app: MakeApp, tmp_path: Path, clock: FakeClock
) -> None:
    """Its thread opens the file at home, not while the player opens; the session then
    writes through it."""
    from knotsession.core.history import HistoryStore

    path = tmp_path / "history.sqlite3"
    app = make_app(history_store_factory=lambda: HistoryStore.open(path))
    async with app.run_test() as pilot:
        assert app.history_access.writer is None
        await made_ahead(app, pilot)
        writer = app.history_access.writer
        assert writer is not None and writer.wait_open(10) and writer.available
        await pilot.press("enter")
        player = await play_started(app, pilot)
        assert app.history_access.writer is writer
        assert player.running.session.state == "running"
        assert writer.flush(10)
    store = HistoryStore.open(path)
    try:
        assert [row.routine_id for row in store.sessions()] == ["desk-5"]
    finally:
        store.close()


async def test_an_unusable_history_file_is_told_once_at_home(
    make_app: MakeApp, tmp_path: Path
) -> None:
    """The writer opening its file at home finds what home's read found: told once, and
    the session still plays (its history kept as the notice says)."""
    from knotsession.core.history import HistoryStore

    folder = tmp_path / "data"
    folder.write_text("a file where the folder should be")
    app = make_app(history_store_factory=lambda: HistoryStore.open(folder / "history.sqlite3"))
    async with app.run_test() as pilot:
        app.history_access.read_for_home(app.settings, app.library)
        await until(pilot, lambda: len(app.notices) == 1, "home's read told of the file")
        await made_ahead(app, pilot)
        writer = app.history_access.writer
        assert writer is not None and writer.wait_open(10) and not writer.available
        await until(pilot, lambda: app.history_notice != "", "the writer's trouble")
        assert app.notices == [app.history_notice]
        await pilot.press("enter")
        await play_started(app, pilot)
        for _ in range(3):
            await pilot.pause()
        assert len(app.notices) == 1
