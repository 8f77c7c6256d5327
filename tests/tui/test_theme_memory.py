"""The theme is remembered: t, the command palette and the settings screen keep it in
config.toml (comments stay); any installed Textual theme is taken, an unknown one is told."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from knotsession.core.settings import Settings, read_settings
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.settings import SettingsScreen
from knotsession.tui.theme_memory import remember_theme, setting_name, textual_name
from knotsession.tui.widgets.choices import Choices

MakeApp = Callable[..., KnotsessionApp]


async def test_t_is_remembered_with_the_files_comments(make_app: MakeApp, config: Path) -> None:
    config.write_text('# mine\nvolume = 60  # quiet office\ntheme = "dark"\n')
    app = make_app(settings=Settings(volume=60))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert app.theme == "knot-light"
        assert config.read_text() == '# mine\nvolume = 60  # quiet office\ntheme = "light"\n'
        assert app.settings == Settings(volume=60, theme="light")
        await pilot.press("t")
        await pilot.pause()
        assert config.read_text() == '# mine\nvolume = 60  # quiet office\ntheme = "dark"\n'


async def test_a_theme_from_the_palette_is_saved_by_its_own_name(
    make_app: MakeApp, config: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "nord"  # what the palette's "Theme" command does
        await pilot.pause()
        assert read_settings(config) == (Settings(theme="nord"), [])
        assert 'theme = "nord"' in config.read_text()


async def test_an_installed_textual_theme_is_used_at_start(make_app: MakeApp) -> None:
    app = make_app(settings=Settings(theme="gruvbox"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "gruvbox"
        assert app.notices == []


async def test_an_unknown_theme_falls_back_to_dark_with_one_line(
    make_app: MakeApp, config: Path, toasts: Any
) -> None:
    config.write_text('theme = "no-such-theme"\n')
    settings, problems = read_settings(config)
    assert problems == []  # the core accepts any name shaped like one
    app = make_app(settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "knot-dark"
        expected = (
            f"{config}: theme: no installed theme is called 'no-such-theme'; using dark"
            "; t or the command palette (ctrl+p, 'theme') lists the themes"
        )
        assert app.notices == [expected]
        assert toasts(app) == [expected]
    assert config.read_text() == 'theme = "no-such-theme"\n'  # not rewritten by starting


async def test_a_palette_theme_is_offered_in_the_settings_screen(
    make_app: MakeApp, config: Path
) -> None:
    config.write_text('theme = "nord"\n')
    app = make_app(settings=Settings(theme="nord"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SettingsScreen)
        assert app.screen.query_one("#theme", Choices).value == "nord"
        app.screen.query_one("#theme", Choices).value = "light"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.theme == "knot-light"
        assert read_settings(config)[0].theme == "light"


def test_an_unwritable_config_is_told_and_the_theme_still_used(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("volume = \n")  # a file that does not parse is never overwritten
    now, notice = remember_theme("knot-light", Settings(), config)
    assert now == Settings(theme="light")
    assert notice is not None and "nothing was saved" in notice
    assert config.read_text() == "volume = \n"


def test_our_themes_are_dark_and_light_in_the_file() -> None:
    assert [setting_name(textual_name(name)) for name in ("dark", "light", "nord")] == [
        "dark",
        "light",
        "nord",
    ]
