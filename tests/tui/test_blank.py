"""Screens and containers drawn as blank lines look exactly as Textual's full drawing of them
would: each screen's frames compared both ways, cell by cell (for a space, what it shows)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from figured_routine import figured_library
from looks import looks
from player_clock import until
from textual.pilot import Pilot
from textual.widgets import Input

from knotsession.core.engine import FakeClock
from knotsession.core.settings import Settings
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.gallery import PoseGalleryScreen
from knotsession.tui.screens.help import HelpScreen
from knotsession.tui.screens.history import HistoryScreen
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.screens.player import PlayerScreen
from knotsession.tui.screens.preview import PreviewScreen
from knotsession.tui.screens.settings import SettingsScreen
from knotsession.tui.widgets import blank

MakeApp = Callable[..., KnotsessionApp]
BLANK_KINDS = (
    blank.BlankHorizontal,
    blank.BlankVertical,
    blank.BlankCenter,
    blank.BlankVerticalScroll,
    HomeScreen,
    PlayerScreen,
    HistoryScreen,
    SettingsScreen,
    PreviewScreen,
    PoseGalleryScreen,
)
# The keys from home to each screen drawn blank, and the screen.
OPENS = [
    ((), HomeScreen),
    (("h",), HistoryScreen),
    (("s",), SettingsScreen),
    (("right", "enter"), PreviewScreen),
    (("right", "enter", "g"), PoseGalleryScreen),
    (("question_mark",), HelpScreen),  # a dialog, its scrolling body drawn blank
]


@pytest.mark.parametrize("size", [(80, 24), (44, 12)])
@pytest.mark.parametrize(("theme", "figured"), [("dark", False), ("light", True), ("dark", True)])
async def test_the_player_looks_the_same_with_its_containers_drawn_blank(
    make_app: MakeApp,
    clock: FakeClock,
    settled: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    size: tuple[int, int],
    theme: str,
    figured: bool,
) -> None:
    options: dict[str, object] = {"settings": Settings(theme=theme), "start_routine": "desk-5"}
    if figured:
        options |= {"library": figured_library(tmp_path / "f"), "start_routine": "neck-figures"}
    app = make_app(**options)
    async with app.run_test(size=size) as pilot:
        await settled(app, pilot)
        clock.advance(3)
        assert isinstance(app.screen, PlayerScreen)
        app.screen.tick()
        await pilot.pause()
        drawn_blank = [w for w in app.screen.query("*") if isinstance(w, BLANK_KINDS)]
        assert len(drawn_blank) >= 6
        await same_drawn_both_ways(pilot, monkeypatch)


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize(("keys", "kind"), OPENS, ids=[kind.__name__ for _, kind in OPENS])
async def test_each_screen_looks_the_same_drawn_blank(
    make_app: MakeApp,
    settled: Any,
    monkeypatch: pytest.MonkeyPatch,
    keys: tuple[str, ...],
    kind: type,
    theme: str,
) -> None:
    app = make_app(settings=Settings(theme=theme))
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(app, pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, kind), kind.__name__)
        # The gallery mounts its cards a batch a frame (the scroll bar changes until the last).
        await until(pilot, lambda: getattr(app.screen, "filled", True), "every card")
        await pilot.pause()
        # (Textual 6.0, the floor, has no BLANK: there the mark changes nothing.)
        assert getattr(app.screen, "BLANK", False) or app.screen.query(blank.BlankVerticalScroll)
        await same_drawn_both_ways(pilot, monkeypatch)


async def same_drawn_both_ways(pilot: Pilot, monkeypatch: pytest.MonkeyPatch) -> None:
    """The screen's frame with its blank widgets drawn blank, and drawn in full."""
    screen = pilot.app.screen
    for field in screen.query(Input):  # a blinking cursor would change between the frames
        field.cursor_blink = False

    async def frame() -> list[list[tuple[str, object]]]:
        for widget in (screen, *screen.walk_children()):
            widget.refresh()
        await pilot.pause()
        return looks(screen._compositor.render_strips())

    quick = await frame()
    with monkeypatch.context() as full:
        for kind in BLANK_KINDS:
            full.setattr(kind, "BLANK", False)
        assert await frame() == quick
