"""The words every part of knotsession shares: clock times, counted nouns and streaks.

One rule for a clock: a length of time reads to the nearest second (`13.4 s` is `0:13` on
the history screen, in `knotsession history` and after a session alike). A countdown is
the one exception, and says so in its name: it rounds up, so it never reads 0:00 while
there is still time left.

One home for the streak: the home screen's line, the history screen's, the completion
screen's and `knotsession history`'s are all worded here, from the same figures.
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


def minutes_label(minutes: float, *, short: bool = False) -> str:
    """`7 min` (`7m` short): whole minutes, and `<1 min` for some time under a minute, so
    half a minute spent never reads as none. The history screen and `knotsession history`
    both word minutes here."""
    unit = "m" if short else " min"
    if 0 < minutes < 1:
        return f"<1{unit}"
    return f"{minutes:.0f}{unit}"


def listed(words: list[str], named: int = 2, noun: str = "") -> str:
    """`a`, `a and b`, `a, b and 2 more` (`a, b and 2 more spots` with the noun `spot`)."""
    if len(words) <= named:
        return " and ".join(words)
    rest = len(words) - named
    more = f"{rest} more" + (f" {noun}{'' if rest == 1 else 's'}" if noun else "")
    return f"{', '.join(words[:named])} and {more}"


def sessions_and_minutes(sessions: int, minutes: float) -> str:
    """`2 sessions, 7 min`: a count of sessions and their whole minutes."""
    return f"{plural(sessions, 'session')}, {minutes_label(minutes)}"


def goal_progress(completed_today: int, daily_goal: int) -> str:
    """`1 of 2 today`; '' for a goal of one a day, which the streak already tells."""
    if daily_goal <= 1:
        return ""
    return f"{min(completed_today, daily_goal)} of {daily_goal} today"


def streak_days(current: int) -> str:
    """`3-day streak`, or '' with no streak running."""
    return f"{current}-day streak" if current else ""


def _with_goal(parts: list[str], completed_today: int, daily_goal: int) -> str:
    goal = goal_progress(completed_today, daily_goal)
    return " · ".join([*parts, goal] if goal else parts)


def streak_summary(
    current: int,
    week_sessions: int,
    total_sessions: int,
    completed_today: int = 0,
    daily_goal: int = 1,
) -> str:
    """`3-day streak · 2 sessions this week · 1 of 2 today`, or '' before any session."""
    if not total_sessions:
        return ""
    streak = streak_days(current) or "No streak yet today"
    parts = [streak, f"{plural(week_sessions, 'session')} this week"]
    return _with_goal(parts, completed_today, daily_goal)


def streak_with_longest(
    current: int, longest: int, any_sessions: bool, completed_today: int = 0, daily_goal: int = 1
) -> str:
    """`Streak 3 days · longest 12 days · 1 of 2 today` (the history screen's heading)."""
    if not any_sessions:
        return "No sessions yet: your first one starts a streak."
    now = f"Streak {plural(current, 'day')}" if current else "No streak right now"
    return _with_goal([now, f"longest {plural(longest, 'day')}"], completed_today, daily_goal)


def streak_brief(current: int, longest: int) -> str:
    """`Streak: 3 days (longest 12)`, for `knotsession history`."""
    return f"Streak: {plural(current, 'day')} (longest {longest})"
