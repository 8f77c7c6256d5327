"""Break reminders: the interval, the nudge text and the schedule, with an injected clock.

Nudges fall on monotonic deadlines (start + k * interval), so a slow notification or
a late wake-up never pushes the rest of the day later. After a long stall (the
terminal was suspended, the laptop slept) missed nudges are not fired in a burst:
the next one waits for the next deadline still ahead.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TextIO

from knotsession.core.routine import parse_duration
from knotsession.core.settings import parse_interval
from knotsession.core.text import shown

NUDGE_TEXT = "Time to stand up and move"
BELL = "\a"
MIN_EVERY_S = 1

Notify = Callable[[str, str], object]
"""Sends a desktop notification (title, body); whatever it returns is ignored."""


def parse_every(value: Any) -> int | None:
    """Seconds from "45m", "1h", "1h30m" or "90s" (at least 1 s); None if not an interval."""
    seconds = parse_interval(value)
    if seconds is not None:
        return seconds
    # parse_interval wants a minute at least; a reminder may come more often if asked.
    if not isinstance(value, str):
        return None
    seconds = parse_duration(value.strip().lower())
    return seconds if seconds is not None and seconds >= MIN_EVERY_S else None


def format_interval(seconds: int) -> str:
    """`45 min`, `1 h 30 min`, `1 min 30 s` or `5 s`, as a person says it."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [(hours, "h"), (minutes, "min"), (secs, "s")]
    return " ".join(f"{amount} {unit}" for amount, unit in parts if amount) or "0 s"


def intro_line(interval_s: int, count: int | None, first_at: datetime) -> str:
    """The first line: what will happen, when first, and how to stop."""
    times = ""
    if count is not None:
        times = f", {count} time{'s' if count != 1 else ''}"
    return (
        f"Nudging you to stand up and move every {format_interval(interval_s)}{times}; "
        f"the first at {first_at:%H:%M}. Press Ctrl-C to stop."
    )


def nudge_line(at: datetime, command: str) -> str:
    """`14:05 Time to stand up and move: knotsession start desk-5`."""
    return f"{at:%H:%M} {NUDGE_TEXT}: {command}"


def next_deadline(start: float, interval_s: float, now: float) -> float:
    """The first deadline start + k * interval (k >= 1) that is still ahead of `now`."""
    k = max(1, int((now - start) // interval_s) + 1)
    return start + k * interval_s


def run_reminders(
    interval_s: int,
    count: int | None,
    command: str,
    *,
    out: TextIO,
    notify: Notify,
    bell: bool = True,
    notification_body: str = "",
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    now: Callable[[], datetime] = datetime.now,
) -> int:
    """Print the intro, then nudge at each deadline until `count` nudges (forever if None).

    Returns how many nudges were given. Ctrl-C arrives as KeyboardInterrupt from `sleep`.
    """
    start = clock()
    out.write(intro_line(interval_s, count, now() + timedelta(seconds=interval_s)) + "\n")
    out.flush()
    given = 0
    deadline = start + interval_s
    while count is None or given < count:
        while (left := deadline - clock()) > 0:
            sleep(left)
        out.write((BELL if bell else "") + shown(nudge_line(now(), command)) + "\n")
        out.flush()
        notify(NUDGE_TEXT, notification_body or command)
        given += 1
        deadline = next_deadline(start, interval_s, clock())
    return given
