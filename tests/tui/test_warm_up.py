"""Screens made ready after home paints (tui/warm_up.py): a first open has no CSS left to
read, and every screen looks exactly as it does without the warm-up."""

from __future__ import annotations

import asyncio
import gc
import re
from collections.abc import Awaitable, Callable, Iterator

import pytest
from textual.pilot import Pilot

from knotsession.tui import warm_up as warm_up_module
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.help import HelpScreen
from knotsession.tui.screens.history import HistoryScreen
from knotsession.tui.screens.player import PlayerScreen
from knotsession.tui.screens.settings import SettingsScreen
from knotsession.tui.warm_up import full_stylesheet, start_warm_up_for, take_stylesheet, warm_up

pytestmark = pytest.mark.usefixtures("freeze_restored")


@pytest.fixture(autouse=True)
def nothing_stays_frozen() -> Iterator[None]:
    """The warm-up freezes what it made (as the app wants); a test process should not keep it."""
    yield
    gc.unfreeze()


Settled = Callable[[KnotsessionApp, Pilot], Awaitable[None]]
OPENS = [
    ("h", HistoryScreen),
    ("question_mark", HelpScreen),
    ("s", SettingsScreen),
    ("enter", PlayerScreen),
]


@pytest.mark.parametrize(("key", "screen"), OPENS)
async def test_a_first_open_after_the_warm_up_reads_no_more_css(
    make_app: Callable[..., KnotsessionApp], settled: Settled, key: str, screen: type
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(app, pilot)
        await asyncio.to_thread(warm_up, app, asyncio.get_running_loop())
        await pilot.pause()  # the stylesheet is taken on the loop
        sources = set(app.stylesheet.source)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, screen)
        assert set(app.stylesheet.source) - sources == set()


async def test_help_finds_its_keys_laid_out_by_the_warm_up(
    make_app: Callable[..., KnotsessionApp], settled: Settled
) -> None:
    """Both widths the keys are drawn at on a first open (before and after the scroll bar
    shows) were laid out by the warm-up."""
    from knotsession.tui.screens.help import keys_lines

    keys_lines.cache_clear()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(app, pilot)
        await asyncio.to_thread(warm_up, app, asyncio.get_running_loop())
        await pilot.pause()
        laid_out = keys_lines.cache_info()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.query_one("#help-body").scrollbars_enabled[0]  # drawn at both
        assert keys_lines.cache_info().misses == laid_out.misses
        assert keys_lines.cache_info().hits > laid_out.hits


def _screen_picture(app: KnotsessionApp) -> str:
    """The screen as SVG, without the random ids Textual gives each export."""
    return re.sub(r"terminal-\d+", "terminal", app.export_screenshot())


@pytest.mark.parametrize(
    "keys", [(), ("h",), ("h", "escape"), ("question_mark",), ("s",), ("enter",)]
)
async def test_a_screen_looks_the_same_with_every_screen_s_styles_loaded(
    make_app: Callable[..., KnotsessionApp], settled: Settled, keys: tuple[str, ...]
) -> None:
    pictures = []
    for warmed in (False, True):
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await settled(app, pilot)
            if warmed:
                await asyncio.to_thread(warm_up, app, asyncio.get_running_loop())
                await pilot.pause()  # the stylesheet is taken on the loop
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            # Styles are applied again on focus, hover and class changes: all of them at once.
            app.refresh_css(animate=False)
            await pilot.pause()
            pictures.append(_screen_picture(app))
    assert pictures[0] == pictures[1]


async def test_a_stylesheet_built_before_a_theme_change_is_not_taken(
    make_app: Callable[..., KnotsessionApp], settled: Settled
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settled(app, pilot)
        before = app.stylesheet
        variables = app.get_css_variables()
        sheet = full_stylesheet(app.stylesheet)
        await pilot.press("t")  # the theme toggles
        await pilot.pause()
        assert take_stylesheet(app, sheet, variables) is False
        assert app.stylesheet is before


async def test_a_stylesheet_missing_what_the_app_read_meanwhile_is_not_taken(
    make_app: Callable[..., KnotsessionApp], settled: Settled
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settled(app, pilot)
        variables = app.get_css_variables()
        sheet = full_stylesheet(app.stylesheet)
        app.stylesheet.add_source("Static { color: red; }", ("test", "late"))
        assert take_stylesheet(app, sheet, variables) is False
        assert take_stylesheet(app, full_stylesheet(app.stylesheet), variables) is True


class _Shown:
    """A stand-in for a terminal app (not headless) whose warm-ups are only recorded."""

    is_headless = False


def test_while_a_session_plays_only_the_screen_after_it_is_made_ready(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[tuple[str, ...]] = []
    monkeypatch.setattr(
        warm_up_module, "start_warm_up", lambda app, modules, then=None: started.append(modules)
    )
    app = _Shown()
    start_warm_up_for(app, playing=True)  # type: ignore[arg-type]
    assert started == [("knotsession.tui.screens.completion",)]
    start_warm_up_for(app, playing=False)  # home is back: every screen, once
    start_warm_up_for(app, playing=False)
    start_warm_up_for(app, playing=True)
    assert started[1:] == [warm_up_module.SCREEN_MODULES]
