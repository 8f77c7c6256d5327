"""Small terminals: every screen still opens, the essentials stay on screen, secondary parts go."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from player_clock import play_started, until
from textual.widgets import Static

from knotsession.core.engine import FakeClock
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.completion import CompletionScreen
from knotsession.tui.screens.help import HelpScreen
from knotsession.tui.screens.preview import PreviewScreen

MakeApp = Callable[..., KnotsessionApp]
NOTICE = "No sound device found: cues ring the terminal bell, which some terminals keep quiet."
LONG = " ".join(f"Sentence {number} of a long how-to, said slowly." for number in range(12))


def on_screen(app: KnotsessionApp, selector: str) -> bool:
    """The widget is shown and lies wholly inside the terminal."""
    widget = app.screen.query_one(selector)
    region = widget.region
    return (
        widget.display
        and region.height > 0
        and region.bottom <= app.size.height
        and region.right <= app.size.width
    )


async def test_player_at_44x12_keeps_the_countdown_and_the_instructions(
    make_app: MakeApp, make_cues: type, cues: object
) -> None:
    app = make_app(start_routine="desk-5", cue_player_factory=lambda *_: make_cues(notice=NOTICE))
    async with app.run_test(size=(44, 12)) as pilot:
        await pilot.pause()
        for essential in ("#heading", "#title", "#countdown", "#step-progress", "#next"):
            assert on_screen(app, essential), essential
        assert on_screen(app, "#instructions-box")
        assert app.screen.query_one("#instructions-box").region.height >= 2
        assert app.screen.query_one("#sound").region.height == 1  # the notice, on one line
        assert not app.screen.query_one("#routine-line").display


async def test_a_long_instruction_scrolls_as_the_step_runs(
    make_app: MakeApp, clock: FakeClock
) -> None:
    app = make_app(start_routine="desk-5")
    async with app.run_test(size=(44, 12)) as pilot:
        await pilot.pause()
        player = app.screen
        box = player.query_one("#instructions-box")
        player.query_one("#instructions", Static).update(LONG)  # as a long step would say
        await pilot.pause()
        assert box.max_scroll_y > 0
        assert box.scroll_y == 0  # getting ready: the start of the how-to
        clock.advance(2 + 3.5)  # into the last second of the first 4 s side
        player.tick()
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y  # by the end, the end is in view


async def test_player_at_80x24_shows_everything(make_app: MakeApp) -> None:
    app = make_app(start_routine="desk-5")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for part in ("#heading", "#countdown", "#instructions", "#next", "#routine-line"):
            assert on_screen(app, part), part
        assert not app.screen.query_one("#figure-slot").display  # empty until pose figures


async def test_home_at_44x12_keeps_the_start_button_and_the_menus(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(44, 12)) as pilot:
        await pilot.pause()
        for essential in ("#featured", "#areas", "#routines"):
            assert on_screen(app, essential), essential
        assert not app.screen.query_one("#featured-details").display


@pytest.mark.parametrize("size", [(44, 12), (30, 8), (120, 40)])
async def test_every_screen_opens_at_any_size(
    make_app: MakeApp, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("down", "enter", "down", "enter")
        assert isinstance(app.screen, PreviewScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "s")
        player = await play_started(app, pilot)  # moved before the start, the clock is lost
        clock.advance(20)  # past the end of desk-5's 17 s
        player.tick()
        await until(pilot, lambda: isinstance(app.screen, CompletionScreen), "the completion")
        await pilot.press("question_mark", "escape", "r")
        await pilot.press("q")
        await pilot.pause()
