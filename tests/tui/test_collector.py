"""The garbage collector is off while the app starts and on again once it has painted."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from knotsession.tui.app import KnotsessionApp
from knotsession.tui.collector import (
    collector_paused,
    pause_while_opening,
    resume_after_opening,
    resume_collector,
)

pytestmark = pytest.mark.usefixtures("freeze_restored")


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """Whatever a test does, the collector is on and nothing stays frozen afterwards."""
    yield
    gc.unfreeze()
    gc.enable()


def test_the_collector_is_off_inside_the_block_and_on_after_it() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_resuming_a_paused_collector_freezes_what_start_up_made() -> None:
    made_at_start_up = [object() for _ in range(100)]
    gc.disable()
    resume_collector()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(made_at_start_up)


def test_resuming_a_running_collector_freezes_nothing() -> None:
    """Tests and other callers that never paused it keep their objects collectable."""
    frozen = gc.get_freeze_count()  # the test process's own (tests/conftest.py)
    made_since = [object() for _ in range(100)]
    resume_collector()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen, f"{len(made_since)} objects made since were frozen"


def test_an_error_inside_the_block_still_turns_it_back_on() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("the app failed before it painted")
    assert gc.isenabled()


async def test_the_app_turns_it_back_on_after_its_first_paint(
    make_app: Callable[..., KnotsessionApp], settled: Any
) -> None:
    app = make_app()
    with collector_paused():
        async with app.run_test() as pilot:
            await settled(app, pilot)
            assert gc.isenabled(), "the collector stayed off while the app ran"


@pytest.mark.parametrize("command", ["app", "start"])
def test_the_commands_that_open_the_app_pause_it_until_then(
    command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib
    from types import SimpleNamespace

    import knotsession.tui.launch

    enabled_while_launching: list[bool] = []

    def launch(args: object, routine_id: str | None = None) -> int:
        enabled_while_launching.append(gc.isenabled())
        return 0

    monkeypatch.setattr(knotsession.tui.launch, "launch", launch)
    # pytest's stdin is not a terminal; here the app would open (why_plain has its own tests).
    monkeypatch.setattr("knotsession.plain_choice.why_plain", lambda settings: (False, None))
    module = importlib.import_module(f"knotsession.commands.{command}")
    args = SimpleNamespace(routines=[], mute=None, voice=None, routine_id="desk-5", plain=False)
    assert module.run(args) == 0
    assert enabled_while_launching == [False]
    assert gc.isenabled()


async def test_a_screen_opens_with_the_collector_paused_and_resumes_it_once_drawn(
    make_app: Callable[..., KnotsessionApp],
    settled: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from knotsession.tui import styled_once
    from knotsession.tui.screens.settings import SettingsScreen

    # Only the resume after the first frame may turn it back on here, not the fallback.
    monkeypatch.setattr(styled_once, "COLLECTOR_BACK_AT_LATEST_S", 3600.0)
    enabled_on_mount: list[bool] = []
    monkeypatch.setattr(
        SettingsScreen, "on_mount", lambda self: enabled_on_mount.append(gc.isenabled()), False
    )
    app = make_app()
    async with app.run_test() as pilot:
        await settled(app, pilot)
        assert gc.isenabled()
        app.push_screen(SettingsScreen(app.settings, tmp_path / "config.toml"))
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert enabled_on_mount == [False]  # composed and mounted without collections
        await pilot.pause()  # its first frame
        assert gc.isenabled()


async def test_a_screen_opening_while_start_up_paused_it_leaves_it_to_start_up(
    make_app: Callable[..., KnotsessionApp], settled: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from knotsession.tui import styled_once
    from knotsession.tui.screens.help import HelpScreen

    monkeypatch.setattr(styled_once, "COLLECTOR_BACK_AT_LATEST_S", 3600.0)

    app = make_app()
    async with app.run_test() as pilot:
        await settled(app, pilot)
        gc.disable()  # as the app's start-up does until its first paint
        app.push_screen(HelpScreen())
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert not gc.isenabled()  # start-up's own resume freezes what it made, then enables


async def test_a_screen_made_ahead_composes_with_the_collector_on(
    make_app: Callable[..., KnotsessionApp], settled: Any
) -> None:
    """The player made at home ahead of the next session is not being shown: pausing the
    collector until its first frame would pause it until the next session."""
    from test_player_ahead import made_ahead

    app = make_app()
    async with app.run_test() as pilot:
        await settled(app, pilot)
        await made_ahead(app, pilot)
        assert gc.isenabled()


async def test_the_collector_comes_back_even_when_a_screen_sees_no_resume(
    make_app: Callable[..., KnotsessionApp], settled: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A screen closed while it composed never handles its resume: a timer of the app's
    turns the collector back on all the same (called here rather than waited for)."""
    from knotsession.tui import styled_once
    from knotsession.tui.screens.help import HelpScreen

    monkeypatch.setattr(styled_once, "COLLECTOR_BACK_AT_LATEST_S", 3600.0)
    monkeypatch.setattr(styled_once.StyledOnce, "_on_screen_resume", lambda self, event: None)
    app = make_app()
    timers: list[tuple[float, Callable[[], None]]] = []
    set_timer = app.set_timer

    def noted(delay: float, callback: Callable[[], None], **options: Any) -> Any:
        timers.append((delay, callback))
        return set_timer(delay, callback, **options)

    monkeypatch.setattr(app, "set_timer", noted)
    async with app.run_test() as pilot:
        await settled(app, pilot)
        app.push_screen(HelpScreen())
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert not gc.isenabled()  # paused, and no resume came
        [back] = [callback for delay, callback in timers if delay == 3600.0]
        back()
        assert gc.isenabled()


def test_a_block_begun_while_a_screen_opens_keeps_the_collector_off_and_freezes_at_its_end() -> (
    None
):
    """The warm-up (a `collector_paused` block, on its thread) may begin while a screen is
    opening: the screen's first frame must not switch the collector on under it, and its
    end freezes what it made, as when it runs alone."""
    assert pause_while_opening()
    with collector_paused():
        made_by_the_warm_up = [[] for _ in range(100)]  # tracked by the collector
        resume_after_opening()  # the screen's first frame
        assert not gc.isenabled()
        frozen_before = gc.get_freeze_count()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen_before + len(made_by_the_warm_up)


def test_a_screen_opening_inside_a_block_leaves_the_collector_to_it() -> None:
    with collector_paused():
        assert not pause_while_opening()
        assert not gc.isenabled()
    assert gc.isenabled()


async def test_a_screen_closed_before_its_first_frame_turns_the_collector_back_on(
    make_app: Callable[..., KnotsessionApp], settled: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As when the app closes while a screen opens: its timers go with it, its unmount
    does not."""
    from knotsession.tui import styled_once
    from knotsession.tui.screens.help import HelpScreen

    monkeypatch.setattr(styled_once, "COLLECTOR_BACK_AT_LATEST_S", 3600.0)
    monkeypatch.setattr(styled_once.StyledOnce, "_on_screen_resume", lambda self, event: None)
    app = make_app()
    async with app.run_test() as pilot:
        await settled(app, pilot)
        app.push_screen(HelpScreen())
        await pilot.pause()
        assert not gc.isenabled()
        await app.pop_screen()
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert gc.isenabled()


async def test_a_screen_made_ahead_is_shown_with_the_collector_paused_until_drawn(
    make_app: Callable[..., KnotsessionApp], settled: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made ahead, it composed with the collector on; its first showing (layout and frame:
    most of an open's allocations) runs with it paused, and it is on again after."""
    from test_player_ahead import made_ahead

    from knotsession.tui import styled_once
    from knotsession.tui.screens.player import PlayerScreen

    monkeypatch.setattr(styled_once, "COLLECTOR_BACK_AT_LATEST_S", 3600.0)
    on_while_drawn: list[bool] = []
    draw = PlayerScreen._compositor_refresh

    def noted(self: PlayerScreen) -> None:
        on_while_drawn.append(gc.isenabled())
        draw(self)

    monkeypatch.setattr(PlayerScreen, "_compositor_refresh", noted)
    app = make_app()
    async with app.run_test() as pilot:
        await settled(app, pilot)
        ready = await made_ahead(app, pilot)
        assert gc.isenabled() and on_while_drawn == []
        await pilot.press("enter")
        for _ in range(3):
            await pilot.pause()
        assert app.screen is ready
        assert on_while_drawn[0] is False  # its first frame
        assert gc.isenabled()
