"""Settings from config.toml: every key checked on its own, so one bad value costs only itself.

A problem names the file and the key and the key falls back to its default; the rest of
the file still applies. Command-line flags are applied on top by the caller.
Saving, which keeps the person's comments, is settings_file.py.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Literal, get_args

import msgspec

from knotsession.core.durations import parse_interval
from knotsession.core.errors import DataFileError
from knotsession.core.routine import (
    BODY_AREAS,
    BodyArea,
    RoutineError,
    decode_text,
    did_you_mean,
    is_too_large,
    load_toml,
)

AskTension = Literal["never", "after", "both"]
VoiceDetail = Literal["full", "brief"]
THEMES: tuple[str, ...] = ("dark", "light")
"""knotsession's own looks; any other theme Textual has installed is taken by its name."""
_THEME_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
ASK_TENSION: tuple[str, ...] = get_args(AskTension)
VOICE_DETAILS: tuple[str, ...] = get_args(VoiceDetail)
Audio = Literal["auto", "simpleaudio", "miniaudio", "bell", "off"]
AUDIO: tuple[str, ...] = get_args(Audio)
Figures = Literal["auto", "braille", "picture"]
FIGURES: tuple[str, ...] = get_args(Figures)


class SettingsError(DataFileError):
    """A problem with config.toml: the file, the key, what is wrong and what would fix it."""


class Settings(msgspec.Struct, frozen=True):
    """The person's preferences; the defaults are what a new user gets."""

    mute: bool = False
    volume: int = 80
    lead_in: int = 5
    theme: str = "dark"  # "dark", "light" or the name of any installed Textual theme
    daily_goal: int = 1
    remind_every: int | None = None  # seconds between break reminders; None is off
    ask_tension: AskTension = "after"
    voice: bool = False
    remind_hours: str = ""  # "09:00-18:00": break reminders only then; "" is any time
    remind_days: str = "every day"  # "mon-fri", "mon,wed,fri" or "every day"
    terminal: str = (
        ""  # the terminal a break's Start opens, e.g. "kitty" or "xterm -e"; "" finds one
    )
    voice_detail: VoiceDetail = "full"  # the whole how-to the first time, or always the short one
    avoid: tuple[BodyArea, ...] = ()  # body areas to spare (an injury): marked, offered to skip
    audio: Audio = "auto"  # the sound backend; "auto" tries each, best first
    plain: bool = False  # always the line-per-step runner (screen readers), never full screen
    # Pose figures: pictures where the terminal shows images ("auto"), or always braille;
    # "picture" draws pictures whenever Pillow is installed, whatever the terminal says.
    figures: Figures = "auto"


SETTING_KEYS: tuple[str, ...] = Settings.__struct_fields__
LIMITS: dict[str, tuple[int, int]] = {"volume": (0, 100), "lead_in": (0, 60), "daily_goal": (1, 24)}
"""The lowest and highest whole number each numeric key takes."""
MAX_CONFIG_BYTES = 64 * 1024
_REMIND_OFF = ("off", "never", "")
_MIN_REMIND_S = 60


def check_value(key: str, value: Any) -> Any:
    """The setting `key` takes from a value as config.toml holds it; ValueError says why not."""
    if key in ("mute", "voice", "plain"):
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {value!r}")
        return value
    if key in ("volume", "lead_in", "daily_goal"):
        low, high = LIMITS[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected a whole number {low}..{high}, got {value!r}")
        if not low <= value <= high:
            raise ValueError(f"must be {low}..{high}, got {value}")
        return value
    if key == "theme":
        return check_theme(value)
    if key in ("ask_tension", "voice_detail"):
        choices = ASK_TENSION if key == "ask_tension" else VOICE_DETAILS
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}, got {value!r}")
        return value
    if key == "avoid":
        return check_areas(value)
    if key in ("audio", "figures"):
        choices = AUDIO if key == "audio" else FIGURES
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}, got {value!r}")
        return value
    if key == "remind_every":
        if value is False or (isinstance(value, str) and value.strip().lower() in _REMIND_OFF):
            return None
        seconds = parse_interval(value, minimum_s=_MIN_REMIND_S)
        if seconds is None:
            raise ValueError(f'expected an interval like "45m" or "1h", or "off", got {value!r}')
        return seconds
    if key in ("remind_hours", "remind_days", "terminal"):
        return _check_text(key, value)
    raise KeyError(key)


def _check_text(key: str, value: Any) -> str:
    """remind_hours, remind_days and terminal: text, checked where it has a format."""
    from knotsession.core.break_schedule import parse_days, parse_hours

    if not isinstance(value, str) or len(value) > 200:
        raise ValueError(f"expected text, got {value!r}")
    text = value.strip()
    if key == "remind_hours" and text:
        parse_hours(text)
    if key == "remind_days":
        parse_days(text)
    return text


def check_theme(value: Any) -> str:
    """A theme's name: "dark", "light" or a Textual theme's ("nord", "gruvbox" ...).

    The core cannot know which themes Textual has installed without importing it, so it
    checks only the shape of the name; the app checks that such a theme exists when it starts.
    """
    if not isinstance(value, str) or not _THEME_NAME.fullmatch(value):
        expected = 'expected "dark", "light" or a Textual theme\'s name like "nord"'
        raise ValueError(f"{expected}, got {value!r}")
    return value


def check_areas(value: Any) -> tuple[str, ...]:
    """Body areas to avoid, as a list of area names; ValueError names the first bad one."""
    if not isinstance(value, list) or not all(isinstance(area, str) for area in value):
        raise ValueError(f'expected a list of body areas like ["shoulders"], got {value!r}')
    for area in value:
        if area not in BODY_AREAS:
            hint = did_you_mean(area, BODY_AREAS) or f"choose from: {', '.join(BODY_AREAS)}"
            raise ValueError(f"unknown body area '{area}' ({hint})")
    return tuple(dict.fromkeys(value))


def read_settings(path: Path) -> tuple[Settings, list[SettingsError]]:
    """Settings from a file, with one problem per bad key (each such key keeps its default)."""
    from knotsession.core.library import NotAFileError, read_capped

    file = str(path)
    try:
        # Read as routine files are: a FIFO must not hang every command, nor a link to
        # /dev/zero fill the memory.
        data = read_capped(path, MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        return Settings(), []
    except (IsADirectoryError, NotAFileError):
        return Settings(), [
            SettingsError(file, "is not a regular file (a folder, pipe or device?)")
        ]
    except OSError as error:
        return Settings(), [SettingsError(file, f"cannot be read ({error.strerror})")]
    if len(data) > MAX_CONFIG_BYTES:
        too_large = f"file is too large: config.toml is at most {MAX_CONFIG_BYTES // 1024} KiB"
        return Settings(), [SettingsError(file, too_large)]
    try:
        document = load_toml(decode_text(data, file), file, check_numbers=False)
    except RoutineError as error:
        problem = SettingsError(error.file, error.message, error.place, error.hint)
        return Settings(), [problem]
    values: dict[str, Any] = {}
    problems: list[SettingsError] = []
    for key, value in document.items():
        if key not in SETTING_KEYS:
            hint = did_you_mean(key, SETTING_KEYS) or f"known keys: {', '.join(SETTING_KEYS)}"
            problems.append(SettingsError(file, f"unknown key '{key}'", hint=hint))
            continue
        if is_too_large(value):  # one huge number costs only its key, and is not echoed
            too_large = "a number is too large (TOML allows 64-bit integers); using the default"
            problems.append(SettingsError(file, too_large, place=key))
            continue
        try:
            values[key] = check_value(key, value)
        except ValueError as reason:
            problems.append(SettingsError(file, f"{reason}; using the default", place=key))
    return msgspec.structs.replace(Settings(), **values), problems


def load_settings(path: Path | None = None, *, report: bool = False) -> Settings:
    """The person's settings; with `report`, problems are printed to stderr, one line each."""
    from knotsession import paths

    settings, problems = read_settings(path or paths.settings_file())
    if report:
        for problem in problems:
            print(f"knotsession: {problem}", file=sys.stderr)
    return settings


def with_flags(
    settings: Settings, *, mute: bool | None = None, voice: bool | None = None
) -> Settings:
    """Command-line flags beat the file."""
    changes: dict[str, Any] = {}
    if mute is not None:
        changes["mute"] = mute
    if voice is not None:
        changes["voice"] = voice
    return msgspec.structs.replace(settings, **changes)


# --- saving -------------------------------------------------------------------------------
