"""`s` at home: the settings screen on the file's own values; saved settings apply at once,
the command line's flags still beating them; a bad config.toml is told in the app."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static, Switch

from knotsession.core.settings import Settings, SettingsError, with_flags
from knotsession.tui import app as app_module
from knotsession.tui.app import CommandLine, KnotsessionApp
from knotsession.tui.launch import launch
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.screens.player import PlayerScreen
from knotsession.tui.screens.settings import SettingsScreen
from knotsession.tui.widgets.choices import Choices

MakeApp = Callable[..., KnotsessionApp]


async def open_settings(pilot: Pilot) -> SettingsScreen:
    await pilot.press("s")
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def type_into(pilot: Pilot, selector: str, text: str) -> None:
    """Focus a text field (which selects its text) and type over it."""
    pilot.app.screen.query_one(selector, Input).focus()
    await pilot.pause()
    await pilot.press(*text)


async def test_s_shows_the_files_values_not_the_command_lines(
    make_app: MakeApp, config: Path
) -> None:
    config.write_text("volume = 60\n")
    in_file = Settings(volume=60)
    app = make_app(settings=with_flags(in_file, mute=True), command_line=CommandLine(mute=True))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        assert screen.settings == in_file
        assert screen.path == config
        assert screen.query_one("#mute", Switch).value is False
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert app.settings == Settings(volume=60, mute=True)


async def test_saving_applies_theme_volume_and_voice_at_once(
    make_app: MakeApp, config: Path, cues: Any, settled: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(app, pilot)
        app.ensure_cues()
        await settled(app, pilot)
        await open_settings(pilot)
        await type_into(pilot, "#volume", "35")
        app.screen.query_one("#theme", Choices).value = "light"
        app.screen.query_one("#voice", Switch).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.settings == Settings(volume=35, theme="light", voice=True)
        assert app.theme == "knot-light"
        assert cues.volume == 35
        assert app.voice is True
    assert config.read_text().splitlines()[1:] == [
        "volume = 35",
        'theme = "light"',
        "voice = true",
    ]


async def test_mute_saved_reaches_the_cue_player(
    make_app: MakeApp, config: Path, cues: Any, settled: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.ensure_cues()
        await settled(app, pilot)
        await open_settings(pilot)
        app.screen.query_one("#mute", Switch).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert cues.muted is True
        assert app.cues.muted is True


async def test_the_command_lines_flags_still_beat_what_was_saved(
    make_app: MakeApp, config: Path, cues: Any, settled: Any
) -> None:
    app = make_app(
        settings=Settings(mute=True, voice=False),
        command_line=CommandLine(mute=True, voice=False),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        app.ensure_cues()
        await settled(app, pilot)
        await open_settings(pilot)
        app.screen.query_one("#voice", Switch).value = True  # saved, but --no-voice wins
        await type_into(pilot, "#volume", "50")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.settings == Settings(mute=True, volume=50, voice=False)
        assert cues.muted is True
        assert app.voice is False
    assert config.read_text().splitlines()[1:] == ["volume = 50", "voice = true"]


async def test_a_new_lead_in_applies_to_the_next_session(make_app: MakeApp, config: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await type_into(pilot, "#lead_in", "9")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.settings.lead_in == 9
        app.play(app.library.routines["desk-5"])
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.running.lead_in_s == 9


async def test_a_new_lead_in_shows_at_once_in_the_durations_at_home(
    make_app: MakeApp, config: Path, tmp_path: Path
) -> None:
    """A routine without its own lead-in takes the setting's, so its duration changes."""
    from desk_routine import DESK, write_routines

    from knotsession.core.library import RoutineSource, load_library

    no_lead_in = DESK.replace("lead_in = 2\n", "")
    folder = write_routines(tmp_path / "bundled", {"desk-5": no_lead_in})
    app = make_app(library=load_library([RoutineSource(folder, "bundled")]))
    async with app.run_test(size=(80, 24)) as pilot:
        details = app.screen.query_one("#featured-details", Static)
        assert str(details.content) == "26 s · 2 steps · no equipment"
        await open_settings(pilot)
        await type_into(pilot, "#lead_in", "9")
        await pilot.press("ctrl+s")
        # Saved, then home hears the new settings: a few message rounds on a busy machine.
        for _ in range(100):
            if str(details.content) != "26 s · 2 steps · no equipment":
                break
            await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert str(details.content) == "38 s · 2 steps · no equipment"


async def test_a_reminder_set_in_the_settings_starts_counting(
    make_app: MakeApp, config: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert str(app.screen.query_one("#next-break", Static).content) == ""
        await open_settings(pilot)
        await type_into(pilot, "#remind_every", "45m")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert str(app.screen.query_one("#next-break", Static).content) == ("Next break in 45 min")


async def test_cancel_changes_nothing(make_app: MakeApp, config: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await type_into(pilot, "#volume", "10")
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert app.settings == Settings()
    assert not config.exists()


# --- a bad config.toml ----------------------------------------------------------------------


BAD_VOLUME = "~/.config/knotsession/config.toml: volume: must be 0..100, got 140; using the default"


def arguments(**flags: object) -> argparse.Namespace:
    return argparse.Namespace(routines=[], **{"mute": None, "voice": None, **flags})


def test_launch_hands_the_problems_to_the_app_and_runs_on_defaults(
    config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config.write_text('volume = 140\ntheme = "light"\n')
    started: list[KnotsessionApp] = []
    monkeypatch.setattr(
        app_module.KnotsessionApp, "run", lambda self, **_options: started.append(self)
    )
    assert launch(arguments(mute=True)) == 0
    (app,) = started
    assert [str(problem) for problem in app.settings_problems] == [BAD_VOLUME]
    assert app.settings == Settings(theme="light", mute=True)  # volume is the default
    assert app.command_line == CommandLine(mute=True, voice=None)
    assert capsys.readouterr().err == ""  # nothing printed behind the full screen


async def test_the_app_tells_each_settings_problem_once(make_app: MakeApp, toasts: Any) -> None:
    problems = [
        SettingsError(
            "~/.config/knotsession/config.toml",
            "must be 0..100, got 140; using the default",
            "volume",
        ),
        SettingsError("~/.config/knotsession/config.toml", "unknown key 'colour'", hint="x"),
    ]
    app = make_app(settings_problems=problems)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        expected = [BAD_VOLUME, "~/.config/knotsession/config.toml: unknown key 'colour'; x"]
        assert app.notices == expected
        assert toasts(app) == expected
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("h", "escape")
        assert app.notices == expected


async def test_a_syntax_error_in_the_file_is_named_in_the_settings_screen(
    make_app: MakeApp, config: Path
) -> None:
    config.write_text("volume = \n")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        assert screen.settings == Settings()
        await type_into(pilot, "#volume", "50")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen  # not saved: the file stays as the person wrote it
        status = str(screen.query_one("#status", Static).render())
        assert status == f"{config}:1:10: invalid value; fix it first; nothing was saved"
    assert config.read_text() == "volume = \n"


async def test_saving_the_form_keeps_the_keys_it_does_not_show(
    make_app: MakeApp, config: Path
) -> None:
    config.write_text(
        'avoid = ["shoulders"]\nremind_hours = "09:00-18:00"\nterminal = "kitty"\nplain = false\n'
        'audio = "bell"\nvolume = 60\n'
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await type_into(pilot, "#volume", "35")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert config.read_text() == (
        'avoid = ["shoulders"]\nremind_hours = "09:00-18:00"\nterminal = "kitty"\nplain = false\n'
        'audio = "bell"\nvolume = 35\n'
    )
