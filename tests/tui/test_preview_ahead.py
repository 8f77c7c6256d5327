"""The preview of the routine the person rests on in home's list, made ahead (ReadyPreview in
screens/preview.py): Enter shows it when it shows that routine as the settings are now, and a
new preview otherwise; moving on drops it; nothing is made while the list has no focus."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from player_clock import made_ahead, until
from styles_check import restyled_in_full, styles_of
from textual.pilot import Pilot
from textual.widgets import Static

from knotsession.core.settings import Settings
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens import home as home_module
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.screens.preview import PreviewScreen

MakeApp = Callable[..., KnotsessionApp]


@pytest.fixture(autouse=True)
def rest_briefly(monkeypatch: pytest.MonkeyPatch) -> None:
    """A person resting on a routine, in a hundredth of the time."""
    monkeypatch.setattr(home_module, "PREVIEW_AHEAD_S", 0.003)


def home_of(app: KnotsessionApp) -> HomeScreen:
    home = app.screen_stack[0]
    assert isinstance(home, HomeScreen)
    return home


def ready_preview(app: KnotsessionApp) -> PreviewScreen | None:
    ready = home_of(app)._preview
    return None if ready is None else ready.screen


async def preview_ahead(app: KnotsessionApp, pilot: Pilot) -> PreviewScreen:
    return await made_ahead(pilot, lambda: ready_preview(app), "the preview")


def highlighted(app: KnotsessionApp) -> str:
    routine_id = home_of(app)._routines().highlighted_id
    assert routine_id is not None
    return routine_id


async def test_enter_shows_the_preview_made_ahead(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("right")
        ready = await preview_ahead(app, pilot)
        assert not ready.is_current
        assert ready.routine.id == highlighted(app)
        # Nothing focused off screen: a focused widget is blurred (and restyled) whenever
        # another screen opens. Shown, its start button has the focus.
        assert ready.focused is None
        await pilot.press("enter")
        assert app.screen is ready
        assert app.focused is ready.query_one("#start")
        assert ready_preview(app) is None  # used up
        title = ready.query_one("#title", Static)
        assert str(title.content) == app.library.routines[highlighted(app)].name
        await pilot.pause()
        assert styles_of(ready) == restyled_in_full(ready)
        await pilot.press("escape")  # back to the list, and on it again: made anew
        assert isinstance(app.screen, HomeScreen)
        again = await preview_ahead(app, pilot)
        assert again is not ready and again.routine.id == highlighted(app)


async def test_moving_on_drops_it_and_enter_shows_the_routine_under_the_cursor(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("right")
        first = await preview_ahead(app, pilot)
        await pilot.press("down")
        second = await preview_ahead(app, pilot)
        assert second is not first and second.routine.id == highlighted(app)
        await until(pilot, lambda: not first.is_attached, "the first one removed")
        await pilot.press("enter")
        assert app.screen is second


async def test_enter_before_it_is_made_opens_a_new_preview_of_that_routine(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(home_module, "PREVIEW_AHEAD_S", 30.0)  # the person is quick
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("right", "down", "enter")
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        assert preview.routine.id == highlighted(app)
        assert ready_preview(app) is None


async def test_settings_changed_since_get_a_new_preview_with_them(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("right")
        ready = await preview_ahead(app, pilot)
        assert not ready.query_one("#avoid", Static).display
        app.settings = Settings(avoid=("neck",), lead_in=9)  # saved from the settings form
        await pilot.press("enter")
        preview = app.screen
        assert isinstance(preview, PreviewScreen) and preview is not ready
        assert (preview.lead_in_s, preview.avoid) == (9, ("neck",))
        assert str(preview.query_one("#avoid", Static).content).startswith("⚠ Works neck")
        await until(pilot, lambda: not ready.is_attached, "the old preview removed")


async def test_nothing_is_made_while_the_list_has_no_focus(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "down")  # through the body areas: the list refills
        for _ in range(20):
            await pilot.pause(0.01)
        assert home_of(app)._preview is None
        assert not [s for s in app._registry if isinstance(s, PreviewScreen)]


async def test_the_sound_is_opened_when_the_preview_is_shown_not_when_made(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    wanted: list[Settings] = []
    async with app.run_test(size=(100, 30)) as pilot:
        monkeypatch.setattr(app.sound, "want", wanted.append)
        await pilot.press("right")
        await preview_ahead(app, pilot)
        for _ in range(5):
            await pilot.pause()
        assert wanted == []
        await pilot.press("enter")
        await until(pilot, lambda: len(wanted) == 1, "the sound wanted")


async def test_closing_the_app_while_it_is_being_made(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("right")
        await pilot.pause(0.005)
        await app.action_quit()
    assert app.return_code in (0, None)
