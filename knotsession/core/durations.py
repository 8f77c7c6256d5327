"""Lengths of time as people write them: one parser and the two ways of writing them back.

`45`, `"45s"`, `"2m"`, `"1m30s"` in routine files; `"45m"`, `"1h30m"` for break reminders
(config.toml, `knotsession remind --every`). `format_interval` writes what the parser reads
(config.toml); `interval_words` says it as a person would (`1 h 30 min`).
"""

from __future__ import annotations

import re
from typing import Any

_DURATION_TEXT = re.compile(r"^\s*(?:(?P<m>\d{1,4})\s*m)?\s*(?:(?P<s>\d{1,5})\s*s)?\s*$")
_HOURS_FIRST = re.compile(r"^(\d{1,2})\s*h\s*(.*)$")
_UNIT_WORDS = re.compile(r"(\d)\s*(hours?|hrs?|minutes?|mins?|seconds?|secs?)\b")


def parse_duration(value: int | str) -> int | None:
    """Seconds from `45`, `"45s"`, `"2m"` or `"1m30s"`; None when the text is not a duration."""
    if isinstance(value, int):
        return value
    match = _DURATION_TEXT.match(value)
    if not match or not (match["m"] or match["s"]):
        return None
    return int(match["m"] or 0) * 60 + int(match["s"] or 0)


def parse_interval(value: Any, *, minimum_s: int) -> int | None:
    """Seconds from "45m", "45min", "1h", "1h30m", "90s" or bare minutes ("90"); None if not
    an interval of `minimum_s`+."""
    if not isinstance(value, str):
        return None
    text = _UNIT_WORDS.sub(lambda m: m[1] + m[2][0], value.strip().lower())
    if text.isdecimal() and len(text) <= 4:
        text += "m"  # a bare number of minutes, as people say "every 90"
    hours = _HOURS_FIRST.match(text)
    extra = 0
    if hours:
        extra, text = int(hours[1]) * 3600, hours[2]
    seconds = parse_duration(text) if text else 0
    if seconds is None:
        return None
    total = extra + seconds
    return total if total >= minimum_s else None


def format_interval(seconds: int | None) -> str:
    """The text parse_interval reads back: "45m", "1h30m", "1m30s"; "off" for None."""
    if seconds is None:
        return "off"
    hours = min(seconds // 3600, 99)  # parse_interval reads at most two digits of hours
    minutes, rest_s = divmod(seconds - hours * 3600, 60)
    parts = zip((hours, minutes, rest_s), "hms", strict=True)
    return "".join(f"{amount}{unit}" for amount, unit in parts if amount) or "0s"


def interval_words(seconds: int) -> str:
    """`45 min`, `1 h 30 min`, `1 min 30 s` or `5 s`, as a person says it."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [(hours, "h"), (minutes, "min"), (secs, "s")]
    return " ".join(f"{amount} {unit}" for amount, unit in parts if amount) or "0 s"
