"""Screens styled once when they open (tui/styled_once.py): Textual's restyle of the whole
screen on its first showing is skipped when nothing changed since its widgets were styled,
and every widget still ends up styled as a full restyle would style it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from styles_check import restyled_in_full, restyles, screens_restyled_whole, styles_of, warmed_up
from textual import events
from textual.pilot import Pilot
from textual.screen import Screen

from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.gallery import PoseGalleryScreen
from knotsession.tui.screens.guide import GuideScreen
from knotsession.tui.screens.help import HelpScreen
from knotsession.tui.screens.history import HistoryScreen
from knotsession.tui.screens.knot_map import KnotMapScreen
from knotsession.tui.screens.player import PlayerScreen
from knotsession.tui.screens.preview import PreviewScreen
from knotsession.tui.screens.settings import SettingsScreen
from knotsession.tui.styled_once import CAN_SKIP_RESTYLE

MakeApp = Callable[..., KnotsessionApp]
OPENS = [
    (("enter",), PlayerScreen),
    (("h",), HistoryScreen),
    (("question_mark",), HelpScreen),
    (("s",), SettingsScreen),
    (("right", "enter"), PreviewScreen),
    (("right", "enter", "g"), PoseGalleryScreen),
    (("i",), GuideScreen),
    (("k",), KnotMapScreen),
]


async def opened(app: KnotsessionApp, pilot: Pilot, keys: tuple[str, ...]) -> list[object]:
    """Press `keys` from home; the screens Textual restyled as a whole (with their widgets,
    not alone as a class changes) in the last key's handling."""
    await pilot.press(*keys[:-1])
    await pilot.pause()
    with restyles(app) as batches:
        await pilot.press(keys[-1])
        await pilot.pause()
        await pilot.pause()
    return list(screens_restyled_whole(batches))


@pytest.mark.parametrize(("keys", "kind"), OPENS, ids=[kind.__name__ for _, kind in OPENS])
@pytest.mark.parametrize("size", [(100, 30), (50, 16)])
async def test_a_screen_opens_styled_once_and_as_a_full_restyle_would_style_it(
    make_app: MakeApp, keys: tuple[str, ...], kind: type[Screen], size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await warmed_up(app, pilot)
        restyled = await opened(app, pilot, keys)
        screen = app.screen
        assert isinstance(screen, kind)
        if kind is not PlayerScreen:  # the player's own classes change as its session starts
            # not restyled as a whole (where Textual lets a showing skip it)
            assert screen not in restyled or not CAN_SKIP_RESTYLE
        assert styles_of(screen) == restyled_in_full(screen)


async def test_without_the_warm_up_a_screen_is_restyled_as_textual_does(
    make_app: MakeApp,
) -> None:
    """Its CSS is read when it opens: the styles its widgets mounted with are not final."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        restyled = await opened(app, pilot, ("s",))
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        assert screen in restyled
        assert styles_of(screen) == restyled_in_full(screen)


async def test_only_the_first_showing_skips_the_restyle(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await warmed_up(app, pilot)
        await pilot.press("h")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, HistoryScreen)
        with restyles(app) as batches:
            history.post_message(events.ScreenResume())  # as Textual shows it again
            await pilot.pause()
        assert history in screens_restyled_whole(batches)


@pytest.mark.parametrize(("keys", "kind"), OPENS, ids=[kind.__name__ for _, kind in OPENS])
async def test_a_screen_made_in_the_app_has_its_breakpoint_classes_before_it_is_styled(
    make_app: MakeApp, keys: tuple[str, ...], kind: type[Screen]
) -> None:
    """Made on the app's loop, a screen takes its `-wide`/`-narrow` classes as it is made,
    so nothing restyles the screen to give them (its compose used to, once per open, on
    Textual 8; Textual 6.0 restyles nothing not yet mounted)."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await warmed_up(app, pilot)
        await pilot.press(*keys[:-1])
        await pilot.pause()
        with restyles(app) as batches:
            await pilot.press(keys[-1])
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, kind)
        assert screen.has_class("-wide")
        assert [nodes for nodes in batches if nodes == [screen]] == []


def test_every_screen_keeps_the_css_of_the_textual_screen_it_is() -> None:
    """Textual reads a class's CSS type names through its first base only: a dialog made
    `(StyledOnce, ModalScreen)` lost `ModalScreen`'s styles (the help dialog showed opaque,
    in the top left corner and the terminal's full height). StyledOnce goes after it."""
    import importlib

    from textual.dom import DOMNode

    from knotsession.tui.warm_up import SCREEN_MODULES, _subclasses

    for module in SCREEN_MODULES:
        importlib.import_module(module)
    screens = [cls for cls in _subclasses(Screen) if cls.__module__.startswith("knotsession.")]
    assert HelpScreen in screens and len(screens) > 10
    for screen in screens:
        textual_bases = {
            base.__name__
            for base in screen.__mro__
            if issubclass(base, DOMNode) and base.__module__.startswith("textual.")
        }
        assert textual_bases <= screen._css_type_names, screen


async def test_the_help_dialog_sits_in_the_middle_over_the_dimmed_screen(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        dialog = app.screen.query_one("#dialog")
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.styles.background.a < 1  # home shows through, dimmed
        # 76 wide, as tall as its content (the heading, at most 20 rows of body, the hint
        # and the frame), in the middle.
        assert dialog.region.size == (76, 24)
        assert dialog.region.center == app.screen.region.center
