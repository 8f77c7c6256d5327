"""Help made ahead at home (SessionStarter.help): `?` shows it when it was made for the
terminal's size, styled as a dialog made at once; a new one otherwise; none is held while a
session plays."""

from __future__ import annotations

from collections.abc import Callable

from player_clock import made_ahead, play_started, until
from styles_check import restyled_in_full, styles_of
from textual.pilot import Pilot

from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.help import HelpScreen
from knotsession.tui.screens.home import HomeScreen

MakeApp = Callable[..., KnotsessionApp]


async def help_ahead(app: KnotsessionApp, pilot: Pilot) -> HelpScreen:
    """Help made ahead as the app makes it at home once the styles are loaded (tests are
    headless, where the app does not make screens ahead by itself)."""
    app.sessions.make_screens_ahead()
    return await made_ahead(pilot, lambda: app.sessions.ready_help.screen, "help")


async def test_question_mark_shows_help_made_ahead(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        ready = await help_ahead(app, pilot)
        assert not ready.is_current
        assert ready.focused is None  # focused when shown, not off screen
        await pilot.press("question_mark")
        assert app.screen is ready
        assert app.focused is ready.query_one("#help-body")
        assert app.sessions.ready_help.screen is None  # used up
        await pilot.pause()
        # A dialog still: its CSS type names come through ModalScreen, not Droppable.
        assert ready.styles.background.a < 1
        assert styles_of(ready) == restyled_in_full(ready)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await until(pilot, lambda: not ready.is_attached, "help removed once closed")
        await pilot.press("question_mark")  # made at once the next time
        assert isinstance(app.screen, HelpScreen) and app.screen is not ready


async def test_a_terminal_resized_since_gets_a_new_help(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        ready = await help_ahead(app, pilot)
        await pilot.resize_terminal(100, 14)
        await pilot.pause()
        await pilot.press("question_mark")
        shown = app.screen
        assert isinstance(shown, HelpScreen) and shown is not ready
        assert shown.has_class("-short")
        await until(pilot, lambda: not ready.is_attached, "the old help removed")


async def test_none_is_held_while_a_session_plays(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        ready = await help_ahead(app, pilot)
        await pilot.press("enter")
        await play_started(app, pilot)
        await until(pilot, lambda: not ready.is_attached, "help dropped")
        app.sessions.make_screens_ahead()  # as home would, were it shown
        for _ in range(5):
            await pilot.pause()
        assert app.sessions.ready_help.screen is None
