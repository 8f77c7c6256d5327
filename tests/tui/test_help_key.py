"""The `?` key opens help on every screen, and the footer shows it (then `t`) last, as when
the app itself held the binding."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from player_clock import play_started, until
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import Screen

from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.completion import CompletionScreen
from knotsession.tui.screens.guide import GuideScreen
from knotsession.tui.screens.help import HelpScreen, help_keys
from knotsession.tui.screens.history import HistoryScreen
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.screens.knot_map import KnotMapScreen
from knotsession.tui.screens.player import PlayerScreen
from knotsession.tui.screens.preview import PreviewScreen
from knotsession.tui.screens.settings import SettingsScreen

MakeApp = Callable[..., KnotsessionApp]
# The keys from home to each screen that is not a dialog (a dialog keeps its own keys).
# Not the pose gallery: its filter has the focus and takes `?` as text, as it always did.
OPENS = [
    ((), HomeScreen),
    (("enter",), PlayerScreen),
    (("h",), HistoryScreen),
    (("s",), SettingsScreen),
    (("right", "enter"), PreviewScreen),
    (("i",), GuideScreen),
    (("k",), KnotMapScreen),
]


async def opened(pilot: Pilot, keys: tuple[str, ...], kind: type[Screen]) -> Screen:
    app = pilot.app
    await pilot.pause()
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    await until(pilot, lambda: isinstance(app.screen, kind), kind.__name__)
    return app.screen


def footer_keys(screen: Screen) -> list[str]:
    """The keys the footer shows, in its order."""
    return [str(key.key_display) for key in screen.query("FooterKey")]


async def help_opens_and_closes(pilot: Pilot, screen: Screen) -> None:
    app = pilot.app
    await pilot.press("question_mark")
    await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
    await pilot.press("escape")
    await until(pilot, lambda: app.screen is screen, "the screen help was opened from")


@pytest.mark.parametrize(("keys", "kind"), OPENS, ids=[kind.__name__ for _, kind in OPENS])
async def test_question_mark_opens_help_on_every_screen(
    make_app: MakeApp, keys: tuple[str, ...], kind: type[Screen]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await opened(pilot, keys, kind)
        if kind is PlayerScreen:
            await play_started(app, pilot)
        await until(pilot, lambda: footer_keys(screen)[-3:-1] == ["?", "t"], "? and t last")
        await help_opens_and_closes(pilot, screen)


async def test_question_mark_opens_help_on_the_completion_card(make_app: MakeApp) -> None:
    app = make_app(start_routine="desk-5")
    async with app.run_test(size=(120, 30)) as pilot:
        player = await play_started(app, pilot)
        for _ in player.session.segments:
            if isinstance(app.screen, CompletionScreen):
                break
            await pilot.press("n")
            await pilot.pause()
        screen = await opened(pilot, (), CompletionScreen)
        await until(pilot, lambda: footer_keys(screen)[-3:-1] == ["?", "t"], "? and t last")
        await help_opens_and_closes(pilot, screen)


def test_the_app_binds_no_key_whose_character_textual_must_look_up() -> None:
    """Textual filters the app's keys through the screen's with `key_to_character`, which
    reads `unicodedata`'s name tables (0.3 MiB resident) for a key named like
    `question_mark`; a single character or a key with a modifier needs no look-up."""
    for binding in Binding.make_bindings(KnotsessionApp.BINDINGS):
        assert len(binding.key) == 1 or "+" in binding.key, binding.key


def test_help_lists_the_question_mark_once_under_anywhere() -> None:
    for place, rows in help_keys():
        assert rows.count(("?", "this help")) == (place == "Anywhere"), place
