"""Settings from config.toml: every key checked on its own, so one bad value costs only itself.

A problem names the file and the key and the key falls back to its default; the rest of
the file still applies. Command-line flags are applied on top by the caller.
Saving changes only the lines of the keys that changed, so the person's comments stay.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path
from typing import Any, Literal, get_args

import msgspec

from knotsession.core.routine import (
    RoutineError,
    decode_text,
    did_you_mean,
    load_toml,
    parse_duration,
)

Theme = Literal["dark", "light"]
AskTension = Literal["never", "after", "both"]
Audio = Literal["auto", "simpleaudio", "miniaudio", "bell", "off"]
THEMES: tuple[str, ...] = get_args(Theme)
ASK_TENSION: tuple[str, ...] = get_args(AskTension)
AUDIO: tuple[str, ...] = get_args(Audio)


class SettingsError(RoutineError):
    """A problem with config.toml: the file, the key, what is wrong and what would fix it."""


class Settings(msgspec.Struct, frozen=True):
    """The person's preferences; the defaults are what a new user gets."""

    mute: bool = False
    volume: int = 80
    lead_in: int = 5
    theme: Theme = "dark"
    daily_goal: int = 1
    remind_every: int | None = None  # seconds between break reminders; None is off
    ask_tension: AskTension = "after"
    voice: bool = False
    audio: Audio = "auto"  # the sound backend; "auto" tries each, best first
    plain: bool = False  # always the line-per-step runner (screen readers), never full screen


SETTING_KEYS: tuple[str, ...] = Settings.__struct_fields__
LIMITS: dict[str, tuple[int, int]] = {"volume": (0, 100), "lead_in": (0, 60), "daily_goal": (1, 24)}
"""The lowest and highest whole number each numeric key takes."""
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
        if value not in THEMES:
            raise ValueError(f"must be one of {', '.join(THEMES)}, got {value!r}")
        return value
    if key == "ask_tension":
        if value not in ASK_TENSION:
            raise ValueError(f"must be one of {', '.join(ASK_TENSION)}, got {value!r}")
        return value
    if key == "audio":
        if value not in AUDIO:
            raise ValueError(f"must be one of {', '.join(AUDIO)}, got {value!r}")
        return value
    if key == "remind_every":
        if value is False or (isinstance(value, str) and value.strip().lower() in _REMIND_OFF):
            return None
        seconds = parse_interval(value)
        if seconds is None:
            raise ValueError(f'expected an interval like "45m" or "1h", or "off", got {value!r}')
        return seconds
    raise KeyError(key)


_UNIT_WORDS = re.compile(r"(\d)\s*(hours?|hrs?|minutes?|mins?|seconds?|secs?)\b")


def parse_interval(value: Any) -> int | None:
    """Seconds from "45m", "45min", "1h", "1h30m", "90s" or bare minutes ("90"), at least a
    minute; None if not an interval."""
    if not isinstance(value, str):
        return None
    text = _UNIT_WORDS.sub(lambda m: m[1] + m[2][0], value.strip().lower())
    if text.isdecimal() and len(text) <= 4:
        text += "m"  # a bare number of minutes, as people say "every 90"
    hours = re.match(r"^(\d{1,2})\s*h\s*(.*)$", text)
    extra = 0
    if hours:
        extra, text = int(hours[1]) * 3600, hours[2]
    seconds = parse_duration(text) if text else 0
    if seconds is None:
        return None
    total = extra + seconds
    return total if total >= _MIN_REMIND_S else None


def read_settings(path: Path) -> tuple[Settings, list[SettingsError]]:
    """Settings from a file, with one problem per bad key (each such key keeps its default)."""
    file = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Settings(), []
    except OSError as error:
        return Settings(), [SettingsError(file, f"cannot be read ({error.strerror})")]
    try:
        document = load_toml(decode_text(data, file), file)
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

DEFAULTS = Settings()
_NEW_FILE_HEADER = "# knotsession settings. Comments and lines you add stay when the app saves.\n"
# A top-level `key = rest` line; the key may be quoted.
_KEY_LINE = re.compile(
    r"""^(?P<lead>[ \t]*(?P<q>["']?)(?P<key>[A-Za-z0-9_-]+)(?P=q)[ \t]*=[ \t]*)(?P<rest>.*)$"""
)
_TABLE_HEADER = re.compile(r"^[ \t]*\[")
_LINE_END = re.compile(r"\r?\n$")
_BASIC_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_LITERAL_STRING = re.compile(r"'[^']*'")
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def format_interval(seconds: int | None) -> str:
    """The text of a reminder interval: "45m", "1h30m", "1m30s"; "off" for None."""
    if seconds is None:
        return "off"
    hours = min(seconds // 3600, 99)  # parse_interval reads at most two digits of hours
    minutes, rest_s = divmod(seconds - hours * 3600, 60)
    parts = zip((hours, minutes, rest_s), "hms", strict=True)
    return "".join(f"{amount}{unit}" for amount, unit in parts if amount) or "0s"


def toml_value(value: bool | int | str) -> str:
    """A TOML literal for a bool, a whole number or a string (a basic string, escaped)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + "".join(_ESCAPES.get(c, _control_escape(c)) for c in value) + '"'


def _control_escape(char: str) -> str:
    return f"\\u{ord(char):04x}" if ord(char) < 0x20 or ord(char) == 0x7F else char


def _file_value(settings: Settings, key: str) -> bool | int | str:
    """What config.toml holds for `key`: the setting itself, or an interval as text."""
    value = getattr(settings, key)
    return format_interval(value) if key == "remind_every" else value


def save_settings(settings: Settings, path: Path) -> None:
    """Write `settings` to config.toml atomically, changing only the lines of keys that changed.

    Comments, blank lines, order and other lines stay as they are; keys not in the file yet are
    added when they differ from the default. A file that does not parse is never overwritten:
    SettingsError names it (and so does any failure to read or write).
    """
    file = str(path)
    target = path.resolve() if path.is_symlink() else path  # keep a dotfiles symlink working
    try:
        data = target.read_bytes()
    except FileNotFoundError:
        data = None
    except OSError as error:
        raise SettingsError(file, f"cannot be read ({error.strerror}); nothing was saved") from None
    old_text = "" if data is None else _decoded(data, file)
    new_text = update_settings_text(old_text, settings, file)
    if data is not None and new_text == old_text:
        return
    if data is None and new_text == "":
        return  # all defaults and no file: nothing worth writing
    bom = "\ufeff" if data is not None and data.startswith(b"\xef\xbb\xbf") else ""
    _write_atomically(target, (bom + new_text).encode("utf-8"), file)


def _decoded(data: bytes, file: str) -> str:
    try:
        return decode_text(data, file)
    except RoutineError as error:
        raise _not_saved(error) from None


def _not_saved(error: RoutineError) -> SettingsError:
    """The file's own problem, and that it was left as it is."""
    hint = "fix it first; nothing was saved"
    return SettingsError(error.file, error.message, error.place, hint=hint)


def update_settings_text(text: str, settings: Settings, file: str) -> str:
    """The text of config.toml after saving `settings` into `text` (see save_settings)."""
    _check_all(settings, file)
    try:
        document = load_toml(text, file)
    except RoutineError as error:
        raise _not_saved(error) from None
    lines = _split_lines(text)
    top_end = next((i for i, line in enumerate(lines) if _TABLE_HEADER.match(line)), len(lines))
    written: dict[str, bool | int | str] = {}
    seen: set[str] = set()
    for number, line in enumerate(lines[:top_end]):
        match = _KEY_LINE.match(_LINE_END.sub("", line))
        if not match or match["key"] not in SETTING_KEYS or match["key"] not in document:
            continue
        key = match["key"]
        seen.add(key)
        if _setting_of(key, document[key]) == getattr(settings, key):
            continue  # keep the person's own spelling ("60m", 0x50...)
        written[key] = _file_value(settings, key)
        lines[number] = _with_value(line, match, toml_value(written[key]))
    added: list[str] = []
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    for key in SETTING_KEYS:
        if key not in seen and getattr(settings, key) != getattr(DEFAULTS, key):
            written[key] = _file_value(settings, key)
            added.append(f"{key} = {toml_value(written[key])}{newline}")
    if added:
        at = top_end
        while at > 0 and not lines[at - 1].strip():
            at -= 1  # new keys go with the others, before blank lines closing the section
        if at > 0 and not lines[at - 1].endswith("\n"):
            lines[at - 1] += newline
        if not text.strip():
            added.insert(0, _NEW_FILE_HEADER)
        lines[at:at] = added
    new_text = "".join(lines)
    _verify(new_text, {**document, **written}, file)
    return new_text


def _check_all(settings: Settings, file: str) -> None:
    """Refuse values that would not read back (Settings built in code can hold anything)."""
    for key in SETTING_KEYS:
        try:
            read_back = check_value(key, _file_value(settings, key))
        except (ValueError, TypeError) as reason:
            raise SettingsError(file, f"{reason}; nothing was saved", place=key) from None
        if read_back != getattr(settings, key):
            value = getattr(settings, key)
            raise SettingsError(file, f"{value!r} cannot be written; nothing was saved", key)


def _setting_of(key: str, value: Any) -> Any:
    """The setting a file value gives, or a marker that never equals a setting."""
    try:
        return check_value(key, value)
    except ValueError:
        return _INVALID


_INVALID = object()


def _split_lines(text: str) -> list[str]:
    """Lines with their endings; only "\\n" ends a line in TOML (unlike str.splitlines)."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _with_value(line: str, match: re.Match[str], value: str) -> str:
    """`line` with the value after `key =` replaced; spacing, a comment and the ending stay."""
    ending = line[len(_LINE_END.sub("", line)) :]
    rest = match["rest"]
    quoted = {'"': _BASIC_STRING, "'": _LITERAL_STRING}.get(rest[:1])
    found = quoted.match(rest) if quoted and not rest.startswith(('"""', "'''")) else None
    # A bare value (true, 80, 2.5...) ends at a comment.
    old = found[0] if found else rest.split("#", 1)[0].rstrip()
    return match["lead"] + value + rest[len(old) :] + ending


def _verify(new_text: str, expected: dict[str, Any], file: str) -> None:
    """The new text must parse to exactly the old document with the written keys changed;
    lines this simple editor cannot follow (a value across lines) end here, not in the file."""
    try:
        document = load_toml(new_text, file)
    except RoutineError:
        document = None
    if document != expected:
        raise SettingsError(
            file,
            "cannot be updated line by line without changing other values",
            hint="put each setting on a line of its own, before any [table]; nothing was saved",
        )


def _write_atomically(target: Path, data: bytes, file: str) -> None:
    """Write a temporary file beside `target`, then rename it over `target` in one step."""
    temp = target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            mode: int | None = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = None
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        descriptor = os.open(temp, flags, 0o666 if mode is None else mode)
        try:
            with os.fdopen(descriptor, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            if mode is not None:
                os.chmod(temp, mode)
            os.replace(temp, target)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    except OSError as error:
        raise SettingsError(file, f"cannot be saved ({error.strerror or error})") from None
