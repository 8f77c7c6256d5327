"""The words every part of knotsession shares: clock times and counted nouns.

One rule for a clock: a length of time reads to the nearest second (`13.4 s` is `0:13` on
the history screen, in `knotsession history` and after a session alike). A countdown is
the one exception, and says so in its name: it rounds up, so it never reads 0:00 while
there is still time left.
"""

from __future__ import annotations

import math

AVOID_MARK = "⚠"
"""Beside a routine or a step that works an area the person avoids (an injury)."""


def avoid_mark(areas: tuple[str, ...]) -> str:
    """`⚠ shoulders, neck` for the avoided areas a routine works; '' when none."""
    return f"{AVOID_MARK} {', '.join(areas)}" if areas else ""


def clock(seconds: float) -> str:
    """`4:05` for 245 seconds: minutes and seconds, to the nearest second."""
    return _minutes_seconds(math.floor(seconds + 0.5))


def time_left(seconds: float) -> str:
    """A countdown's `0:01` for 0.2 seconds left: rounded up, so 0:00 means done."""
    return _minutes_seconds(math.ceil(seconds))


def _minutes_seconds(whole: int) -> str:
    whole = max(whole, 0)
    return f"{whole // 60}:{whole % 60:02d}"


def plural(count: int, word: str) -> str:
    """`1 routine`, `2 routines`, `0 routines`."""
    return f"{count} {word}{'' if count == 1 else 's'}"
