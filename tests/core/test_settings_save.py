"""Saving config.toml: only changed lines change, comments stay, and a broken file is never replaced."""

from __future__ import annotations

import os
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knotsession.core.durations import format_interval, parse_interval
from knotsession.core.settings import (
    ASK_TENSION,
    THEMES,
    Settings,
    SettingsError,
    read_settings,
)
from knotsession.core.settings_file import save_settings, toml_value

COMMENTED = """\
# My knotsession settings
mute = false

# Quieter after the kids are asleep.
volume = 40   # was 80
theme = "dark"
remind_every = "60m"  # a long call needs a break
my_note = "not a setting; keep me"

[later]
volume = 3
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "config.toml"


def test_every_setting_round_trips_through_a_new_file(config: Path) -> None:
    settings = Settings(
        mute=True, volume=35, lead_in=0, theme="light", daily_goal=3,
        remind_every=5400, ask_tension="both", voice=True,
    )  # fmt: skip
    save_settings(settings, config)
    assert read_settings(config) == (settings, [])


def test_a_new_file_holds_only_the_changed_keys(tmp_path: Path) -> None:
    config = tmp_path / "knotsession" / "config.toml"  # the folder is made too
    save_settings(Settings(volume=40, remind_every=2700), config)
    assert config.read_text() == (
        "# knotsession settings. Comments and lines you add stay when the app saves.\n"
        "volume = 40\n"
        'remind_every = "45m"\n'
    )


def test_defaults_and_no_file_write_nothing(config: Path) -> None:
    save_settings(Settings(), config)
    assert not config.exists()


def test_changing_one_value_keeps_comments_and_other_lines_exactly(config: Path) -> None:
    config.write_text(COMMENTED)
    save_settings(Settings(volume=65, remind_every=3600), config)
    assert config.read_text() == COMMENTED.replace(
        "volume = 40   # was 80", "volume = 65   # was 80"
    )


def test_new_keys_go_after_the_others_and_before_a_table(config: Path) -> None:
    config.write_text(COMMENTED)
    save_settings(Settings(volume=40, remind_every=3600, voice=True, daily_goal=2), config)
    assert config.read_text() == COMMENTED.replace(
        'keep me"\n', 'keep me"\ndaily_goal = 2\nvoice = true\n'
    )


def test_a_key_set_back_to_its_default_stays_in_the_file(config: Path) -> None:
    config.write_text(COMMENTED)
    save_settings(Settings(volume=80, remind_every=None), config)
    assert config.read_text() == COMMENTED.replace("volume = 40 ", "volume = 80 ").replace(
        'remind_every = "60m"', 'remind_every = "off"'
    )


def test_a_bad_value_in_the_file_is_replaced_in_place(config: Path) -> None:
    config.write_text('volume = "loud" # too much\ntheme = "blue"\n')
    save_settings(Settings(), config)
    assert config.read_text() == 'volume = 80 # too much\ntheme = "dark"\n'
    assert read_settings(config) == (Settings(), [])


def test_windows_line_endings_and_a_byte_order_mark_stay(config: Path) -> None:
    config.write_bytes(b"\xef\xbb\xbf# mine\r\nvolume = 40\r\n")
    save_settings(Settings(volume=50, voice=True), config)
    assert config.read_bytes() == b"\xef\xbb\xbf# mine\r\nvolume = 50\r\nvoice = true\r\n"


def test_a_last_line_without_newline_gets_one_before_a_new_key(config: Path) -> None:
    config.write_text("'volume'=40")
    save_settings(Settings(volume=41, mute=True), config)
    assert config.read_text() == "'volume'=41\nmute = true\n"


def test_nothing_is_written_when_nothing_changed(config: Path) -> None:
    config.write_text(COMMENTED)
    os.utime(config, (0, 0))
    save_settings(Settings(volume=40, remind_every=3600), config)
    assert config.stat().st_mtime == 0


def test_the_write_leaves_no_temporary_file_and_keeps_the_mode(config: Path) -> None:
    config.write_text(COMMENTED)
    config.chmod(0o600)
    save_settings(Settings(volume=10, remind_every=3600), config)
    assert sorted(p.name for p in config.parent.iterdir()) == ["config.toml"]
    assert config.stat().st_mode & 0o777 == 0o600


def test_a_failed_write_keeps_the_old_file_and_no_temporary_file(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config.write_text(COMMENTED)

    def refuse(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(SettingsError) as raised:
        save_settings(Settings(volume=10), config)
    assert str(raised.value) == f"{config}: cannot be saved (Permission denied)"
    assert config.read_text() == COMMENTED
    assert sorted(p.name for p in config.parent.iterdir()) == ["config.toml"]


def test_a_file_with_a_syntax_error_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("config.toml").write_text("volume = 50\ntheme = \n")
    with pytest.raises(SettingsError) as raised:
        save_settings(Settings(volume=60), Path("config.toml"))
    assert str(raised.value) == "config.toml:2:9: invalid value; fix it first; nothing was saved"
    assert Path("config.toml").read_text() == "volume = 50\ntheme = \n"


def test_a_value_across_lines_is_refused_rather_than_mangled(config: Path) -> None:
    text = 'remind_every = """\n45m"""\n'
    config.write_text(text)
    with pytest.raises(SettingsError) as raised:
        save_settings(Settings(remind_every=3600), config)
    assert str(raised.value) == (
        f"{config}: cannot be updated line by line without changing other values; "
        "put each setting on a line of its own, before any [table]; nothing was saved"
    )
    assert config.read_text() == text


def test_an_unreadable_file_is_named(config: Path) -> None:
    config.mkdir()
    with pytest.raises(SettingsError) as raised:
        save_settings(Settings(volume=60), config)
    assert str(raised.value) == f"{config}: cannot be read (Is a directory); nothing was saved"


def test_a_value_that_would_not_read_back_is_refused(config: Path) -> None:
    with pytest.raises(SettingsError) as raised:
        save_settings(Settings(volume=500), config)
    assert str(raised.value) == f"{config}: volume: must be 0..100, got 500; nothing was saved"
    assert not config.exists()


def test_a_symlinked_file_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "knotsession.toml"
    real.parent.mkdir()
    real.write_text("volume = 40\n")
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    save_settings(Settings(volume=45), link)
    assert link.is_symlink()
    assert real.read_text() == "volume = 45\n"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(None, "off"), (60, "1m"), (90, "1m30s"), (2700, "45m"), (3600, "1h"), (5400, "1h30m")],
)
def test_intervals_are_written_as_people_write_them(seconds: int | None, text: str) -> None:
    assert format_interval(seconds) == text


@given(st.integers(min_value=60, max_value=400_000))
def test_every_interval_reads_back(seconds: int) -> None:
    assert parse_interval(format_interval(seconds), minimum_s=60) == seconds


@given(st.one_of(st.booleans(), st.integers(), st.text()))
def test_toml_values_parse_back(value: bool | int | str) -> None:
    assert tomllib.loads(f"key = {toml_value(value)}") == {"key": value}


settings_strategy = st.builds(
    Settings,
    mute=st.booleans(),
    volume=st.integers(0, 100),
    lead_in=st.integers(0, 60),
    theme=st.sampled_from(THEMES),
    daily_goal=st.integers(1, 24),
    remind_every=st.one_of(st.none(), st.integers(60, 99 * 3600)),
    ask_tension=st.sampled_from(ASK_TENSION),
    voice=st.booleans(),
)


@given(settings_strategy, settings_strategy)
def test_any_settings_round_trip_over_a_commented_file(first: Settings, second: Settings) -> None:
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "config.toml"
        config.write_text(COMMENTED)
        save_settings(first, config)
        save_settings(second, config)
        settings, problems = read_settings(config)
        assert settings == second
        assert [p.message for p in problems] == ["unknown key 'my_note'", "unknown key 'later'"]
        assert "# Quieter after the kids are asleep.\n" in config.read_text()


def test_avoid_is_saved_as_a_list_and_reads_back(config: Path) -> None:
    save_settings(Settings(avoid=("shoulders", "lower-back")), config)
    assert 'avoid = ["shoulders", "lower-back"]' in config.read_text()
    assert read_settings(config)[0].avoid == ("shoulders", "lower-back")
    save_settings(Settings(), config)
    assert read_settings(config)[0].avoid == ()
