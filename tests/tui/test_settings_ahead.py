"""The settings form made ahead at home (settings_apply.py): `s` shows it when config.toml
still holds what it shows, and a new form when not; it is kept through a session, never made
during one; it saves as a form made at once does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from player_clock import play_started, tick, until
from styles_check import restyled_in_full, styles_of
from textual.pilot import Pilot
from textual.widgets import Input, Static, Switch

from knotsession.core.engine import FakeClock
from knotsession.core.settings import Settings, read_settings
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens import settings as settings_module
from knotsession.tui.screens.completion import CompletionScreen
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.screens.settings import SettingsScreen

MakeApp = Callable[..., KnotsessionApp]


async def form_made_ahead(app: KnotsessionApp, pilot: Pilot) -> SettingsScreen:
    """The form made ahead as the app makes it at home once the styles are loaded (tests
    are headless, where the app does not make screens ahead by itself)."""
    app.sessions.make_screens_ahead()

    def made() -> bool:
        ready = app.settings_keeper.ready_form
        return ready is not None and ready.made

    await until(pilot, made, "the form made ahead")
    assert app.settings_keeper.ready_form is not None
    return app.settings_keeper.ready_form


def text_in(form: SettingsScreen, selector: str) -> str:
    return str(form.query_one(selector, Static).content)


async def test_s_shows_the_form_made_ahead(make_app: MakeApp, config: Path) -> None:
    config.write_text("volume = 60\nmute = true\n")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        ready = await form_made_ahead(app, pilot)
        assert not ready.is_current
        await pilot.press("s")
        assert app.screen is ready
        assert app.settings_keeper.ready_form is None  # used up
        assert ready.query_one("#volume", Input).value == "60"
        assert ready.query_one("#mute", Switch).value is True
        assert text_in(ready, "#mute-state") == "no sounds"
        assert ready.focused is ready.query_one("#mute", Switch)
        await pilot.pause()
        assert styles_of(ready) == restyled_in_full(ready)


async def test_a_file_changed_since_gets_a_new_form_with_its_values(
    make_app: MakeApp, config: Path
) -> None:
    config.write_text("volume = 60\n")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        ready = await form_made_ahead(app, pilot)
        config.write_text("volume = 35\nlead_in = 7\n")  # another program, or an editor
        await pilot.press("s")
        form = app.screen
        assert isinstance(form, SettingsScreen) and form is not ready
        assert form.query_one("#volume", Input).value == "35"
        assert form.query_one("#lead_in", Input).value == "7"
        await until(pilot, lambda: not ready.is_attached, "the old form removed")


async def test_the_background_line_is_read_when_the_form_opens(
    make_app: MakeApp, config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        monkeypatch.setattr(
            settings_module, "status_lines", lambda: ["Break reminders: not running."]
        )
        ready = await form_made_ahead(app, pilot)
        assert text_in(ready, "#background") == "not running."
        monkeypatch.setattr(
            settings_module,
            "status_lines",
            lambda: ["Break reminders: running (pid 7).", "Next break: 10:45, 45m of work."],
        )
        await pilot.press("s")
        assert app.screen is ready
        await pilot.pause()
        assert text_in(ready, "#background") == ("running (pid 7). Next break: 10:45, 45m of work.")


async def test_saving_from_the_form_made_ahead_saves_and_applies(
    make_app: MakeApp, config: Path
) -> None:
    config.write_text("# mine\nvolume = 60\n")
    app = make_app(settings=Settings(volume=60))
    async with app.run_test(size=(100, 30)) as pilot:
        ready = await form_made_ahead(app, pilot)
        await pilot.press("s")
        assert app.screen is ready
        ready.query_one("#volume", Input).focus()
        await pilot.pause()
        await pilot.press("4", "0", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home again")
        assert read_settings(config)[0].volume == 40
        assert config.read_text().startswith("# mine\n")
        assert app.settings.volume == 40
        # Back home, the next one is made with the saved values.
        again = await form_made_ahead(app, pilot)
        assert again is not ready
        assert again.query_one("#volume", Input).value == "40"


async def test_the_form_is_kept_through_a_session_and_shown_after_it(
    make_app: MakeApp, config: Path, clock: FakeClock
) -> None:
    """Removing it as the player opens would be loop work then; home's peak memory is the
    same either way."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        ready = await form_made_ahead(app, pilot)
        await pilot.press("enter")  # the featured routine
        await play_started(app, pilot)
        assert app.settings_keeper.ready_form is ready
        await tick(app, pilot, clock, 600)  # past the end
        await until(pilot, lambda: isinstance(app.screen, CompletionScreen), "the card")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home again")
        await pilot.press("s")
        assert app.screen is ready


async def test_no_form_is_made_while_a_session_plays(make_app: MakeApp, config: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # the featured routine
        await play_started(app, pilot)
        app.sessions.make_screens_ahead()  # as the warm-up's end would, while the session plays
        # As a form asked for at home just before the session, once the session plays.
        app.sessions._make_form_ahead()
        await pilot.pause()
        assert app.settings_keeper.ready_form is None


async def test_s_while_the_form_is_still_being_made_gets_a_new_one(
    make_app: MakeApp, config: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.settings_keeper.make_form_ahead()
        half_made = app.settings_keeper.ready_form
        assert half_made is not None and not half_made.is_mounted
        app.action_open_settings()  # at once, before the loop mounts it
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen), "the form")
        assert app.screen is not half_made
        await until(pilot, lambda: not half_made.is_attached, "the half-made form removed")
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_a_form_made_ahead_and_never_used_closes_with_the_app(
    make_app: MakeApp, config: Path
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        ready = await form_made_ahead(app, pilot)
    assert not ready.is_running


@pytest.mark.parametrize("rows_first", [0, 1, 3, 8])
async def test_the_app_closing_while_the_forms_rows_are_mounted_ends_cleanly(
    make_app: MakeApp, config: Path, rows_first: int
) -> None:
    """q on home just as the form made ahead mounts its rows one by one (a tmux test
    caught a MountError there): the app ends as asked, with no error."""
    app = make_app()
    async with app.run_test() as pilot:
        app.settings_keeper.make_form_ahead()
        form = app.settings_keeper.ready_form
        assert form is not None
        await until(pilot, lambda: len(form.query(".field")) >= rows_first, "rows mounted")
        app.exit(0)
    assert app.return_code == 0
