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

from knotsession.core.break_schedule import describe_when
from knotsession.core.durations import interval_words, parse_interval
from knotsession.core.text import shown
from knotsession.core.wording import plural

NUDGE_TEXT = "Time to stand up and move"
BELL = "\a"
MIN_EVERY_S = 1

Notify = Callable[[str, str], object]
"""Sends a desktop notification (title, body); whatever it returns is ignored."""


def parse_every(value: Any) -> int | None:
    """Seconds from "45m", "1h", "1h30m" or "90s" (at least 1 s); None if not an interval."""
    return parse_interval(value, minimum_s=MIN_EVERY_S)


def intro_line(
    interval_s: int, count: int | None, first_at: datetime, now: datetime | None = None
) -> str:
    """The first line: what will happen, when first (with the date when not today), and how
    to stop."""
    times = ""
    if count is not None:
        times = f", {plural(count, 'time')}"
    return (
        f"Nudging you to stand up and move every {interval_words(interval_s)}{times}; "
        f"the first at {describe_when(first_at, now or first_at)}. Press Ctrl-C to stop."
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
    started = now()
    first_at = started + timedelta(seconds=interval_s)
    out.write(intro_line(interval_s, count, first_at, started) + "\n")
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
