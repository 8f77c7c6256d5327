"""Settings: each key checked on its own; a bad one names the file and key and keeps its default."""

from __future__ import annotations

from pathlib import Path

import pytest

from knotsession.core.durations import parse_interval
from knotsession.core.settings import (
    Settings,
    load_settings,
    read_settings,
    with_flags,
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_no_file_means_defaults(tmp_path: Path) -> None:
    assert read_settings(tmp_path / "config.toml") == (Settings(), [])


def test_every_setting_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '# mine\nmute = true\nvolume = 40\nlead_in = 8\ntheme = "light"\ndaily_goal = 2\n'
        'remind_every = "45m"\nask_tension = "both"\nvoice = true\n',
    )
    settings, problems = read_settings(path)
    assert problems == []
    assert settings == Settings(
        mute=True, volume=40, lead_in=8, theme="light", daily_goal=2,
        remind_every=2700, ask_tension="both", voice=True,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("volume = 140", "config.toml: volume: must be 0..100, got 140; using the default"),
        (
            "volume = true",
            "config.toml: volume: expected a whole number 0..100, got True; using the default",
        ),
        (
            "lead_in = 2.5",
            "config.toml: lead_in: expected a whole number 0..60, got 2.5; using the default",
        ),
        (
            'theme = "deep blue"',
            'config.toml: theme: expected "dark", "light" or a Textual theme\'s name like "nord", got \'deep blue\'; using the default',
        ),
        ('mute = "yes"', "config.toml: mute: expected true or false, got 'yes'; using the default"),
        (
            'remind_every = "soon"',
            'config.toml: remind_every: expected an interval like "45m" or "1h", or "off", got \'soon\'; using the default',
        ),
        (
            'ask_tension = "always"',
            "config.toml: ask_tension: must be one of never, after, both, got 'always'; using the default",
        ),
        ("volum = 50", "config.toml: unknown key 'volum'; did you mean 'volume'?"),
    ],
)
def test_a_bad_value_is_named_and_falls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    settings, problems = read_settings(Path(write(tmp_path, f"daily_goal = 3\n{line}\n").name))
    assert [str(p) for p in problems] == [message]
    assert settings == Settings(daily_goal=3)  # the good key still applies


def test_a_syntax_error_gives_line_and_column_and_all_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "volume = 50\ntheme = \n")
    settings, problems = read_settings(Path("config.toml"))
    assert [str(p) for p in problems] == ["config.toml:2:9: invalid value"]
    assert settings == Settings()


def test_remind_every_can_be_off(tmp_path: Path) -> None:
    assert read_settings(write(tmp_path, 'remind_every = "off"\n'))[0].remind_every is None


@pytest.mark.parametrize("mode", ["auto", "braille", "picture"])
def test_the_figures_setting_is_read(tmp_path: Path, mode: str) -> None:
    assert read_settings(write(tmp_path, f'figures = "{mode}"\n')) == (Settings(figures=mode), [])


def test_an_unknown_figures_mode_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings, problems = read_settings(Path(write(tmp_path, 'figures = "sixel"\n').name))
    assert [str(p) for p in problems] == [
        "config.toml: figures: must be one of auto, braille, picture, got 'sixel'; using the default"
    ]
    assert settings.figures == "auto"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("45m", 2700), ("1h", 3600), ("1h30m", 5400), ("90s", 90), ("30s", None), ("x", None)],
)
def test_intervals(text: str, seconds: int | None) -> None:
    assert parse_interval(text, minimum_s=60) == seconds


def test_flags_beat_the_file() -> None:
    settings = Settings(mute=False, voice=True)
    assert with_flags(settings, mute=True, voice=None) == Settings(mute=True, voice=True)


def test_load_settings_reports_each_problem_on_stderr(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = isolated_dirs / ".config" / "knotsession"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text("volume = 500\n")
    assert load_settings(report=True) == Settings()
    assert capsys.readouterr().err == (
        f"knotsession: {folder / 'config.toml'}: volume: must be 0..100, got 500; using the default\n"
    )


def test_avoid_lists_body_areas_once_each(tmp_path: Path) -> None:
    path = write(tmp_path, 'avoid = ["shoulders", "lower-back", "shoulders"]\n')
    assert read_settings(path) == (Settings(avoid=("shoulders", "lower-back")), [])


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('["sholders"]', "unknown body area 'sholders' (did you mean 'shoulders'?)"),
        ('"shoulders"', "expected a list of body areas like [\"shoulders\"], got 'shoulders'"),
        ("[1]", 'expected a list of body areas like ["shoulders"], got [1]'),
    ],
)
def test_a_bad_avoid_names_the_file_and_key(tmp_path: Path, value: str, message: str) -> None:
    path = write(tmp_path, f"avoid = {value}\n")
    settings, problems = read_settings(path)
    assert settings.avoid == ()
    assert [str(problem) for problem in problems] == [
        f"{path}: avoid: {message}; using the default"
    ]


def test_audio_and_plain_are_read(tmp_path: Path) -> None:
    path = write(tmp_path, 'audio = "bell"\nplain = true\n')
    settings, problems = read_settings(path)
    assert problems == []
    assert (settings.audio, settings.plain) == ("bell", True)


def test_an_unknown_audio_backend_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings, problems = read_settings(Path(write(tmp_path, 'audio = "alsa"\n').name))
    assert [str(p) for p in problems] == [
        "config.toml: audio: must be one of auto, simpleaudio, miniaudio, bell, off, "
        "got 'alsa'; using the default"
    ]
    assert settings.audio == "auto"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("45min", 2700), ("45 minutes", 2700), ("90", 5400), ("1 hour", 3600), ("1h30min", 5400)],
)
def test_intervals_as_people_write_them(text: str, seconds: int) -> None:
    assert parse_interval(text, minimum_s=60) == seconds
