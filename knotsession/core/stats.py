"""Streaks and totals: pure functions of (sessions, today).

Every day here is the *local calendar date at the start* of a session: the date on
the clock where the person was when it started (`started_at` keeps its own UTC
offset). A session at 23:50 that runs past midnight belongs to the day it started;
a session in Tokyo and the next one in New York each count on their own local date;
a daylight-saving change moves no session to another day.

What counts (one rule, used by the streak, the heat map, the week and all-time totals,
minutes by area, `history`, `history --json` and the completion screen):
- A session counts when it is *completed*: it ran to its end with at least half of its
  steps done (the engine decides, `SessionSummary.completed`). A stopped or mostly
  skipped one stays in the list of sessions, marked so, and counts nowhere else.
- A day counts towards a streak when a session that counts started on it; its minutes
  (pauses excluded) are those of the sessions that count.
- Minutes per area split a session's minutes evenly across its areas, so the bars
  add up to the time spent rather than counting a two-area session twice.
- Tension change is `after - before` (negative: less tense), averaged per routine
  over the sessions that have both ratings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import msgspec

from knotsession.core.records import SessionRecord
from knotsession.core.triggers import TagTension, tag_tensions

AREA_WINDOW_DAYS = 30
AREAS_SHOWN = 7  # areas the history screen's bars and `knotsession history` list
HEATMAP_WEEKS = 26
RECENT_SESSIONS = 50
COMMON_TAGS = 5
_ONE_DAY = timedelta(days=1)


class DayTotal(msgspec.Struct, frozen=True, gc=False):
    """One local calendar day: sessions started, how many were completed, minutes spent."""

    day: date
    sessions: int
    completed: int
    minutes: float


@dataclass(frozen=True, slots=True)
class TensionChange:
    """How a routine changes tension on average (after - before; negative is better)."""

    routine_id: str
    routine_name: str
    average_change: float
    sessions: int


@dataclass(frozen=True)
class Overview:
    """Everything the history screen and `knotsession history` show."""

    today: date
    current_streak: int
    longest_streak: int
    week_sessions: int
    week_minutes: float
    total_sessions: int
    total_minutes: float
    days: tuple[DayTotal, ...]  # every day with a session, oldest first
    area_minutes: tuple[tuple[str, float], ...]  # last 30 days, most minutes first
    tension_changes: tuple[TensionChange, ...]
    common_tags: tuple[tuple[str, int], ...]
    recent: tuple[SessionRecord, ...]  # newest first
    tag_tensions: tuple[TagTension, ...] = ()  # each tag: how often, tension with and without

    def completed_today(self) -> int:
        """Completed sessions that started today (for the daily goal)."""
        return next((total.completed for total in self.days if total.day == self.today), 0)

    def minutes_by_day(self) -> dict[date, float]:
        """Minutes spent on each day that had a session."""
        return {total.day: total.minutes for total in self.days}


# --- days and streaks -------------------------------------------------------------------


def day_totals(sessions: Iterable[SessionRecord]) -> tuple[DayTotal, ...]:
    """Per local start date: sessions, completed sessions and minutes, oldest first."""
    counts: Counter[date] = Counter()
    completed: Counter[date] = Counter()
    seconds: dict[date, float] = {}
    for session in sessions:
        day = session.started_at.date()
        counts[day] += 1
        completed[day] += session.completed
        seconds[day] = seconds.get(day, 0.0) + session.duration_s * session.completed
    return tuple(
        DayTotal(day, counts[day], completed[day], seconds[day] / 60) for day in sorted(counts)
    )


def counted_days(days: Iterable[DayTotal]) -> set[date]:
    """The days that count towards a streak: at least one completed session."""
    return {total.day for total in days if total.completed}


def streak_ending(days: set[date], today: date) -> int:
    """Consecutive counted days ending today, or ending yesterday when today has none yet."""
    end = today if today in days else today - _ONE_DAY
    streak = 0
    while end in days:
        streak += 1
        end -= _ONE_DAY
    return streak


def longest_run(days: Iterable[date]) -> int:
    """The most consecutive days in `days`."""
    best = run = 0
    previous: date | None = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == _ONE_DAY else 1
        best = max(best, run)
        previous = day
    return best


def current_streak(sessions: Iterable[SessionRecord], today: date) -> int:
    """Consecutive days with a completed session, ending today (or yesterday)."""
    return streak_ending(counted_days(day_totals(sessions)), today)


def longest_streak(sessions: Iterable[SessionRecord]) -> int:
    """The longest run of consecutive days with a completed session, ever."""
    return longest_run(counted_days(day_totals(sessions)))


def week_start(today: date) -> date:
    """Monday of today's week."""
    return today - timedelta(days=today.weekday())


def this_week(sessions: Iterable[SessionRecord], today: date) -> tuple[int, float]:
    """(completed sessions, minutes) from Monday of this week to today."""
    monday = week_start(today)
    days = [d for d in day_totals(sessions) if monday <= d.day <= today]
    return sum(d.completed for d in days), sum(d.minutes for d in days)


def total_minutes(sessions: Iterable[SessionRecord]) -> float:
    """All the minutes of the sessions that count."""
    return sum(session.duration_s for session in sessions if session.completed) / 60


# --- areas, tension, tags ---------------------------------------------------------------


def area_window(today: date, days: int = AREA_WINDOW_DAYS) -> tuple[date, date]:
    """First and last day of the last `days` days, today included."""
    return today - timedelta(days=days - 1), today


def split_area_minutes(
    rows: Iterable[tuple[Sequence[str], float]],
) -> tuple[tuple[str, float], ...]:
    """(areas, seconds) rows -> minutes per area, split evenly, most minutes first."""
    minutes: dict[str, float] = {}
    for areas, seconds in rows:
        for area in areas:
            minutes[area] = minutes.get(area, 0.0) + seconds / 60 / len(areas)
    return tuple(sorted(minutes.items(), key=lambda item: (-item[1], item[0])))


def minutes_by_area(
    sessions: Iterable[SessionRecord], today: date, days: int = AREA_WINDOW_DAYS
) -> tuple[tuple[str, float], ...]:
    """Minutes per body area over the last `days` days, most minutes first."""
    first, last = area_window(today, days)
    return split_area_minutes(
        (s.areas, s.duration_s)
        for s in sessions
        if first <= s.started_at.date() <= last and s.areas and s.completed
    )


def order_tension_changes(changes: Iterable[TensionChange]) -> tuple[TensionChange, ...]:
    """Most helpful (largest drop) first, then by routine id."""
    return tuple(sorted(changes, key=lambda c: (c.average_change, c.routine_id)))


def tension_changes(sessions: Iterable[SessionRecord]) -> tuple[TensionChange, ...]:
    """Average tension change per routine, over sessions rated before and after."""
    changes: dict[str, list[int]] = {}
    names: dict[str, tuple[datetime, str]] = {}
    for s in sessions:
        if s.tension_before is None or s.tension_after is None:
            continue
        changes.setdefault(s.routine_id, []).append(s.tension_after - s.tension_before)
        latest = names.get(s.routine_id)
        if latest is None or s.started_at >= latest[0]:
            names[s.routine_id] = (s.started_at, s.routine_name)
    return order_tension_changes(
        TensionChange(rid, names[rid][1], sum(values) / len(values), len(values))
        for rid, values in changes.items()
    )


def common_tags(
    sessions: Iterable[SessionRecord], limit: int = COMMON_TAGS
) -> tuple[tuple[str, int], ...]:
    """The most used trigger tags with their counts, most used first."""
    return count_tags(((s.tags, 1) for s in sessions), limit)


def count_tags(
    rows: Iterable[tuple[Sequence[str], int]], limit: int = COMMON_TAGS
) -> tuple[tuple[str, int], ...]:
    """(tags, sessions) rows -> the most used tags with their counts, most used first."""
    counts: Counter[str] = Counter()
    for tags, sessions in rows:
        for tag in tags:
            counts[tag] += sessions
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit])


# --- everything at once -----------------------------------------------------------------


def summarize(
    days: Iterable[DayTotal],
    today: date,
    *,
    area_minutes: tuple[tuple[str, float], ...] = (),
    tension: tuple[TensionChange, ...] = (),
    tags: tuple[tuple[str, int], ...] = (),
    recent: tuple[SessionRecord, ...] = (),
    tag_tension: tuple[TagTension, ...] = (),
) -> Overview:
    """An overview from per-day totals and the parts already worked out (by SQL or by hand)."""
    days = tuple(sorted(days, key=lambda d: d.day))
    counted = counted_days(days)
    monday = week_start(today)
    week = [d for d in days if monday <= d.day <= today]
    return Overview(
        today=today,
        current_streak=streak_ending(counted, today),
        longest_streak=longest_run(counted),
        week_sessions=sum(d.completed for d in week),
        week_minutes=sum((d.minutes for d in week), 0.0),
        total_sessions=sum(d.completed for d in days),
        total_minutes=sum((d.minutes for d in days), 0.0),
        days=days,
        area_minutes=area_minutes,
        tension_changes=tension,
        common_tags=tags,
        recent=recent,
        tag_tensions=tag_tension,
    )


def overview(
    sessions: Sequence[SessionRecord], today: date, recent: int = RECENT_SESSIONS
) -> Overview:
    """The whole overview worked out from session records."""
    newest_first = sorted(sessions, key=lambda s: (s.started_at, s.id), reverse=True)
    return summarize(
        day_totals(sessions),
        today,
        area_minutes=minutes_by_area(sessions, today),
        tension=tension_changes(sessions),
        tags=common_tags(sessions),
        recent=tuple(newest_first[:recent]),
        tag_tension=tag_tensions((s.tags, s.tension_after, 1) for s in sessions),
    )
