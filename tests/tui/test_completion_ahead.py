"""The completion screen made while the last step plays: shown at the end, dropped on a stop."""

from __future__ import annotations

from collections.abc import Callable

from player_clock import play_started, tick, until
from styles_check import restyled_in_full, restyles, screens_restyled_whole, styles_of, warmed_up
from textual.pilot import Pilot
from textual.widgets import Static

from knotsession.core.engine import FakeClock
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.completion import CompletionScreen
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.styled_once import CAN_SKIP_RESTYLE

MakeApp = Callable[..., KnotsessionApp]


def said(screen: CompletionScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


async def last_step(app: KnotsessionApp, pilot: Pilot, clock: FakeClock) -> CompletionScreen:
    """Skip to the last segment, let half of it pass and wait until the completion screen
    is made ahead."""
    player = await play_started(app, pilot)
    while player.session.index < len(player.session.segments) - 1:
        await pilot.press("n")
    await tick(app, pilot, clock, 1)  # of its 3 s
    assert app.sessions.ready_completion is None  # not before it is halfway
    await tick(app, pilot, clock, 0.5)
    assert app.screen is player

    def made() -> bool:
        ready = app.sessions.ready_completion
        return ready is not None and ready.is_mounted

    await until(pilot, made, "the completion screen made ahead")
    ready = app.sessions.ready_completion
    assert ready is not None
    return ready


async def test_the_card_made_during_the_last_step_is_shown_at_the_end(
    make_app: MakeApp, clock: FakeClock
) -> None:
    app = make_app(start_routine="desk-5")
    async with app.run_test() as pilot:
        ready = await last_step(app, pilot, clock)
        assert app.screen is not ready
        await tick(app, pilot, clock, 60)  # past the end of the last step
        await until(pilot, lambda: app.screen is ready, "the card made ahead on screen")
        assert said(ready, "#done") == "✓ Done"  # the steps before were skipped
        assert said(ready, "#spent") == "1 of 2 steps · 0:03 spent"
        assert ready.query_one("#not-counted").display is False  # half the steps: counted
        assert app.sessions.ready_completion is None


async def test_a_session_stopped_in_its_last_step_drops_the_card_made_ahead(
    make_app: MakeApp, clock: FakeClock
) -> None:
    app = make_app(start_routine="desk-5")
    async with app.run_test() as pilot:
        ready = await last_step(app, pilot, clock)
        await pilot.press("q")
        await pilot.press("y")
        assert isinstance(app.screen, HomeScreen)
        assert app.sessions.ready_completion is None
        await until(pilot, lambda: not ready.is_attached, "the card made ahead removed")


async def test_the_card_made_ahead_shows_without_a_restyle_and_with_the_same_styles(
    make_app: MakeApp, clock: FakeClock
) -> None:
    """Textual restyles a screen as a whole when it is shown; the card made ahead skips it,
    and every widget ends up styled as a full restyle would style it."""
    app = make_app(start_routine="desk-5")
    async with app.run_test(size=(80, 24)) as pilot:
        await warmed_up(app, pilot)
        ready = await last_step(app, pilot, clock)
        with restyles(app) as batches:
            await tick(app, pilot, clock, 60)
            await until(pilot, lambda: app.screen is ready, "the card made ahead on screen")
            await pilot.pause()
        # Where Textual lets a showing skip its restyle (its later versions), it is skipped.
        assert ready not in screens_restyled_whole(batches) or not CAN_SKIP_RESTYLE
        assert styles_of(ready) == restyled_in_full(ready)


async def test_the_card_made_ahead_is_restyled_when_the_theme_changed_meanwhile(
    make_app: MakeApp, clock: FakeClock
) -> None:
    app = make_app(start_routine="desk-5")
    async with app.run_test(size=(80, 24)) as pilot:
        ready = await last_step(app, pilot, clock)
        app.action_toggle_theme()
        await tick(app, pilot, clock, 60)
        await until(pilot, lambda: app.screen is ready, "the card made ahead on screen")
        await pilot.pause()
        assert styles_of(ready) == restyled_in_full(ready)
