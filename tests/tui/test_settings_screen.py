"""The settings screen: edits config.toml (comments kept), says what is wrong, never crashes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static, Switch

from knotsession.core.settings import Settings
from knotsession.tui.screens.settings import Field, SettingsScreen
from knotsession.tui.themes import THEMES
from knotsession.tui.widgets.choices import Choices

APP_STYLES = Path(__file__).parents[2] / "knotsession" / "tui" / "app.tcss"

COMMENTED = """\
# Mine. Louder in the office.
volume = 90  # the office is noisy
lead_in = 8
"""


class Host(App[None]):
    """A bare app that opens the settings screen and keeps what it is closed with."""

    CSS_PATH = [APP_STYLES]

    def __init__(self, settings: Settings, path: Path) -> None:
        super().__init__()
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = THEMES["dark"].name
        self.settings = settings
        self.path = path
        self.results: list[Settings | None] = []

    def on_mount(self) -> None:
        self.push_screen(SettingsScreen(self.settings, self.path), self.results.append)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "knotsession" / "config.toml"


def commented(config: Path) -> Host:
    """A host on a config.toml with comments, and the settings it holds."""
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(COMMENTED)
    return Host(Settings(volume=90, lead_in=8), config)


async def type_into(pilot: Pilot, selector: str, text: str) -> None:
    """Focus a text field (which selects its text) and type over it."""
    pilot.app.screen.query_one(selector, Input).focus()
    await pilot.pause()
    await pilot.press(*text)


async def click_option(pilot: Pilot, selector: str, value: str) -> None:
    """Click the middle of one option of a set of choices."""
    choices = pilot.app.screen.query_one(selector, Choices)
    spot = choices.spots()[[option for option, _ in choices.options].index(value)]
    await pilot.click(selector, offset=((spot.start + spot.end) // 2, spot.line))


def text_of(pilot: Pilot, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


async def test_changed_volume_and_theme_are_saved_and_returned(config: Path) -> None:
    app = commented(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_into(pilot, "#volume", "35")
        await click_option(pilot, "#theme", "light")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert config.read_text() == (
        '# Mine. Louder in the office.\nvolume = 35  # the office is noisy\nlead_in = 8\ntheme = "light"\n'
    )
    assert app.results == [Settings(volume=35, lead_in=8, theme="light")]


async def test_the_save_button_saves_a_new_file_with_only_the_changes(config: Path) -> None:
    app = Host(Settings(), config)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_into(pilot, "#remind_every", "1h30m")
        await click_option(pilot, "#ask_tension", "both")
        await pilot.press("tab", "space")  # on to the voice switch, and on
        await pilot.click("#save")
        await pilot.pause()
    assert config.read_text() == (
        "# knotsession settings. Comments and lines you add stay when the app saves.\n"
        'remind_every = "1h30m"\nask_tension = "both"\nvoice = true\n'
    )
    assert app.results == [Settings(remind_every=5400, ask_tension="both", voice=True)]


async def test_a_switch_says_what_it_does(config: Path) -> None:
    app = Host(Settings(), config)
    async with app.run_test(size=(80, 24)) as pilot:
        assert text_of(pilot, "#mute-state") == "sounds play"
        await pilot.press("space")  # the mute switch has the focus first
        assert text_of(pilot, "#mute-state") == "no sounds"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == [Settings(mute=True)]


async def test_the_classes_given_as_widgets_are_made_are_the_ones_textual_gives(
    config: Path,
) -> None:
    """Switches, buttons and fields are made with the classes Textual would give them (so
    it need not restyle them before they mount): only the ones that apply, and they follow
    a change. The choices show the chosen options marked."""
    app = Host(Settings(mute=True, voice=False, ask_tension="never"), config)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert screen.query_one("#mute", Switch).has_class("-on")
        assert not screen.query_one("#voice", Switch).has_class("-on")
        drawn = [choices.render_line(0).text.rstrip() for choices in screen.query(Choices)]
        assert drawn == ["● dark   ○ light", "● never   ○ after   ○ before and after"]
        save, cancel = screen.query_one("#save", Button), screen.query_one("#cancel", Button)
        assert save.has_class("-primary") and not save.has_class("-default")
        assert not cancel.has_class("-default") and not cancel.has_class("-primary")
        volume = screen.query_one("#volume", Input)
        assert volume.has_class("-valid") and not volume.has_class("-invalid")
        await type_into(pilot, "#volume", "abc")
        assert volume.has_class("-invalid") and not volume.has_class("-valid")
        screen.query_one("#mute", Switch).toggle()
        await pilot.pause()
        assert not screen.query_one("#mute", Switch).has_class("-on")


async def test_an_invalid_volume_is_named_and_nothing_is_saved(config: Path) -> None:
    app = commented(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_into(pilot, "#volume", "abc")
        assert text_of(pilot, "#volume-note") == "a whole number from 0 to 100"
        await pilot.press("tab", "ctrl+s")
        await pilot.pause()
        assert text_of(pilot, "#status") == "Fix the marked fields to save."
        assert app.focused is app.screen.query_one("#volume")
        assert isinstance(app.screen, SettingsScreen)
    assert config.read_text() == COMMENTED
    assert app.results == []


async def test_a_fixed_value_clears_its_note(config: Path) -> None:
    app = Host(Settings(), config)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_into(pilot, "#remind_every", "soon")
        assert text_of(pilot, "#remind_every-note") == "off, or at least 1m, like 45m"
        await pilot.press(*["backspace"] * 4, "o", "f", "f")
        assert text_of(pilot, "#remind_every-note") == "off, 30m, 45m, 60m, 90m or like 1h30m"


@pytest.mark.parametrize(
    ("selector", "text", "note"),
    [
        ("#volume", "101", "a whole number from 0 to 100"),
        ("#lead_in", "-1", "a whole number from 0 to 60"),
        ("#daily_goal", "0", "a whole number from 1 to 24"),
        ("#remind_every", "30s", "off, or at least 1m, like 45m"),
    ],
)
async def test_values_out_of_range_are_refused(
    config: Path, selector: str, text: str, note: str
) -> None:
    app = Host(Settings(), config)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_into(pilot, selector, text)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert text_of(pilot, f"{selector}-note") == note
    assert not config.exists()
    assert app.results == []


async def test_escape_cancels_and_leaves_the_file_alone(config: Path) -> None:
    app = commented(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_into(pilot, "#volume", "20")
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]
    assert config.read_text() == COMMENTED


async def test_a_file_with_a_syntax_error_is_named_and_kept(config: Path) -> None:
    config.parent.mkdir(parents=True)
    config.write_text("volume = \n")
    app = Host(Settings(), config)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_into(pilot, "#volume", "20")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert text_of(pilot, "#status") == (
            f"{config}:1:10: invalid value; fix it first; nothing was saved"
        )
        assert isinstance(app.screen, SettingsScreen)
    assert config.read_text() == "volume = \n"
    assert app.results == []


async def test_at_44x12_every_field_scrolls_into_view(config: Path) -> None:
    app = Host(Settings(), config)
    async with app.run_test(size=(44, 12)) as pilot:
        await pilot.pause()
        visited = []
        for _ in range(10):  # eight fields, then the two buttons
            focused = app.focused
            assert focused is not None
            region = focused.region
            assert region.height > 0 and region.bottom <= 12 and region.right <= 44, focused
            visited.append(focused.id)
            await pilot.press("tab")
            await pilot.pause()
        assert visited == [
            "mute", "volume", "lead_in", "theme", "daily_goal", "remind_every",
            "ask_tension", "voice", "save", "cancel",
        ]  # fmt: skip
        path = app.screen.query_one("#path")
        assert path.region.bottom <= 11  # above the footer
        assert text_of(pilot, "#path") == f"Saved in {config}"


def test_snapshot_at_80x24(snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/home/pat")
    app = Host(
        Settings(volume=60, remind_every=2700), Path("/home/pat/.config/knotsession/config.toml")
    )
    assert snap_compare(app, terminal_size=(80, 24))


async def test_inside_the_app_letters_go_into_the_fields(config: Path, make_app: Any) -> None:
    app = make_app()
    results: list[Settings | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(SettingsScreen(app.settings, config), results.append)
        await pilot.pause()
        await type_into(pilot, "#remind_every", "2h")  # h is the history key at home
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.theme == THEMES["dark"].name
    assert results == [Settings(remind_every=7200)]
    assert config.read_text().endswith('\nremind_every = "2h"\n')


async def test_the_background_reminder_state_is_shown(config: Path) -> None:
    app = Host(Settings(), config)
    async with app.run_test(size=(80, 24)) as pilot:
        assert text_of(pilot, "#background") == (
            "not running (not installed). Turn them on: knotsession remind --install"
        )


async def test_a_running_background_reminder_shows_its_next_break(config: Path) -> None:
    import os

    from knotsession import paths
    from knotsession.breaks.service import hold_lock
    from knotsession.breaks.status_file import write_status

    lock = hold_lock(paths.remind_lock_file())
    write_status(paths.remind_status_file(), {"next_break_text": "14:05", "why": "1 h after x"})
    try:
        app = Host(Settings(), config)
        async with app.run_test(size=(80, 24)) as pilot:
            assert text_of(pilot, "#background") == (
                f"running (pid {os.getpid()}; not installed). Next break: 14:05, 1 h after x."
            )
    finally:
        lock.close()


@pytest.mark.parametrize("size", [(80, 24), (44, 12)])
async def test_each_row_draws_its_name_where_its_control_leaves_room(
    config: Path, size: tuple[int, int]
) -> None:
    app = Host(Settings(), config)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        names = []
        for field in app.screen.query(Field):
            first = field.render_lines(Region(0, 0, field.size.width, 1))[0].text
            control = field.children[0]
            assert first.startswith(field.setting_name)
            assert control.region.x - field.content_region.x > len(field.setting_name), field
            names.append(field.setting_name)
        assert names == [
            "Mute sounds", "Volume", "Lead-in", "Theme", "Daily goal", "Break reminder",
            "Background breaks", "Ask how tense", "Spoken guidance",
        ]  # fmt: skip
