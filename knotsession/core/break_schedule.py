"""When the next break is due: working hours and days, snooze, skips and idle time.

Everything here is a pure function of datetimes, so tests move a clock and ask again.
The background reminder keeps a `BreakState`; it moves the anchor (the moment the last
break ended: a session finished, a break taken, time away from the keyboard) and asks
`next_break` when to speak up.

Formats (config.toml, documented in the README):
- `remind_hours = "09:00-18:00"`: breaks only between these local times (end excluded).
- `remind_days = "mon-fri"`: day names or ranges, comma separated (`"mon,wed,fri"`,
  `"mon-thu,sat"`), or `"every day"`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EVERY_DAY: frozenset[int] = frozenset(range(7))
SNOOZE_S = 600
SKIPS_BEFORE_BACKOFF = 3
MAX_BACKOFF = 4
"""A skipped break stretches the interval at most this many times (an hour becomes four)."""
IDLE_BREAK_S = 300
"""Five minutes away from the keyboard (or the screen locked) count as a break."""
_HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
_SEARCH_DAYS = 9


@dataclass(frozen=True)
class WorkHours:
    """Local times of day when breaks may come: `start` up to, not including, `end`."""

    start: time
    end: time


def parse_hours(value: str) -> WorkHours:
    """`"09:00-18:00"` as WorkHours; ValueError says what is wrong."""
    match = _HOURS.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f'expected hours like "09:00-18:00", got {value!r}')
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise ValueError(f"not a time of day in {value!r}")
    start = time(h1, m1)
    end = time.max if h2 == 24 else time(h2, m2)
    if end <= start:
        raise ValueError(f"the end must come after the start, got {value!r}")
    return WorkHours(start, end)


def parse_days(value: str) -> frozenset[int]:
    """`"mon-fri"`, `"mon,wed,fri"` or `"every day"` as weekday numbers (Monday is 0)."""
    if not isinstance(value, str):
        raise ValueError(f'expected days like "mon-fri", got {value!r}')
    text = value.strip().lower()
    if text in ("every day", "daily", "all"):
        return EVERY_DAY
    days: set[int] = set()
    for part in text.split(","):
        first, dash, last = part.strip().partition("-")
        low, high = _day_number(first), _day_number(last if dash else first)
        if low is None or high is None:
            raise ValueError(f'expected day names mon..sun like "mon-fri", got {value!r}')
        span = range(low, high + 1) if low <= high else [*range(low, 7), *range(high + 1)]
        days.update(span)
    return frozenset(days)


def _day_number(name: str) -> int | None:
    """0 for "mon" or "monday", ... 6 for "sun"; None for anything else."""
    word = name.strip()
    for number, (short, full) in enumerate(zip(DAY_NAMES, _FULL_DAY_NAMES, strict=True)):
        if word in (short, full):
            return number
    return None


@dataclass(frozen=True)
class Window:
    """When breaks may come; the default is any time."""

    hours: WorkHours | None = None
    days: frozenset[int] = EVERY_DAY

    def contains(self, at: datetime) -> bool:
        """Whether `at` (local, aware) is inside working hours on a working day."""
        if at.weekday() not in self.days:
            return False
        if self.hours is None:
            return True
        return self.hours.start <= at.timetz().replace(tzinfo=None) < self.hours.end

    def opens_after(self, at: datetime) -> datetime | None:
        """The first moment at or after `at` inside the window (None if it never opens)."""
        for offset in range(_SEARCH_DAYS):
            day = at.date() + timedelta(days=offset)
            if day.weekday() not in self.days:
                continue
            start = self.hours.start if self.hours else time()
            opening = datetime.combine(day, start, at.tzinfo)
            if offset == 0 and self.contains(at):
                return at
            if opening >= at:
                return opening
        return None


@dataclass(frozen=True)
class BreakState:
    """What the reminder remembers between breaks."""

    anchor: datetime
    """The last break ended here: a session, a break taken or skipped, time away."""
    snoozed_until: datetime | None = None
    skips: int = 0
    """Breaks skipped in a row since the last session."""


def interval_after_skips(interval_s: int, skips: int) -> int:
    """From the third skip in a row the interval doubles with each skip, up to four times."""
    if skips < SKIPS_BEFORE_BACKOFF:
        return interval_s
    return interval_s * min(2 ** (skips - SKIPS_BEFORE_BACKOFF + 1), MAX_BACKOFF)


def next_break(state: BreakState, interval_s: int, window: Window) -> datetime | None:
    """When the next break is due: after a snooze, or a (stretched) interval after the anchor.

    A break that would fall outside working hours moves to the next working period, a whole
    interval after it opens (no break at 09:00 sharp for yesterday's work). None: never
    (no working day at all).
    """
    if state.snoozed_until is not None:
        return window.opens_after(state.snoozed_until)
    every = timedelta(seconds=interval_after_skips(interval_s, state.skips))
    due = state.anchor + every
    if window.contains(state.anchor) and window.contains(due):
        return due
    opening = window.opens_after(due if window.contains(state.anchor) else state.anchor)
    if opening is None:
        return None
    first = opening + every
    return first if window.contains(first) else window.opens_after(first)


def after_session(state: BreakState, ended: datetime) -> BreakState:
    """A session finished: the next break counts from its end and skips are forgiven."""
    if ended <= state.anchor:
        return state
    return BreakState(anchor=ended)


def after_idle(state: BreakState, now: datetime, idle_s: float, locked: bool) -> BreakState:
    """Time away (idle at least IDLE_BREAK_S, or a locked screen) is a break: count from now."""
    if not locked and idle_s < IDLE_BREAK_S:
        return state
    return BreakState(anchor=now, skips=state.skips)


def after_snooze(state: BreakState, now: datetime, snooze_s: int = SNOOZE_S) -> BreakState:
    """Snooze: the same break comes back in `snooze_s`."""
    return replace(state, snoozed_until=now + timedelta(seconds=snooze_s))


def after_skip(state: BreakState, now: datetime) -> BreakState:
    """Skip: count from now, one more skip in a row."""
    return BreakState(anchor=now, skips=state.skips + 1)


def after_shown(state: BreakState, now: datetime) -> BreakState:
    """A break was shown and not answered: the next one is an interval later."""
    return BreakState(anchor=now, skips=state.skips)


def describe_when(at: datetime, now: datetime) -> str:
    """`14:05`, `tomorrow 09:30` or `Mon 9 Mar 10:00`: the date only when it is not today."""
    if at.date() == now.date():
        return f"{at:%H:%M}"
    if at.date() == now.date() + timedelta(days=1):
        return f"tomorrow {at:%H:%M}"
    return f"{at:%a} {at.day} {at:%b} {at:%H:%M}"
