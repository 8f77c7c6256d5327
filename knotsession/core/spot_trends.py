"""Spots over time: the latest map, each spot's intensity week by week, and the routines
and steps that were followed by a drop. Pure functions of (marks, sessions, today)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import TypedDict

import msgspec

from knotsession.core.records import SessionRecord
from knotsession.core.spots import SpotMark

SPARK = "▁▂▃▄▅▆▇█"
TENSION = "tension"  # the measure of a step effect read from the tension ratings
NEAR = timedelta(hours=36)  # a mark this close to a session counts as its before/after


class BeforeAfter(msgspec.Struct, frozen=True, kw_only=True):
    """A 0-10 measure before and after, averaged over `sessions` sessions (the fields come
    after a subclass's own, by keyword)."""

    before: float
    after: float
    sessions: int

    @property
    def drop(self) -> float:
        """How much lower it was after, on the 0-10 scale."""
        return self.before - self.after


class RoutineEffect(BeforeAfter, frozen=True):
    """How a spot felt before and after a routine."""

    routine_id: str
    routine_name: str
    spot: str


class StepEffect(BeforeAfter, frozen=True):
    """How a spot (or the tension rating, TENSION) was before and after the sessions whose
    routine holds the step `step`."""

    step: str
    measure: str


class _Averages(TypedDict):
    before: float
    after: float
    sessions: int


def _averaged(found: Sequence[tuple[int, int]]) -> _Averages:
    """The mean before and after of `found`'s pairs, and how many there were."""
    return {
        "before": sum(before for before, _ in found) / len(found),
        "after": sum(after for _, after in found) / len(found),
        "sessions": len(found),
    }


def latest_map(marks: Iterable[SpotMark]) -> dict[str, int]:
    """Each spot's intensity as last marked; spots marked 0 last are left out (they are fine)."""
    latest: dict[str, int] = {}
    for mark in marks:  # oldest first, so the last one wins
        latest[mark.spot] = mark.intensity
    return {spot: value for spot, value in latest.items() if value > 0}


def weekly(marks: Iterable[SpotMark], today: date, weeks: int = 8) -> dict[str, list[int | None]]:
    """Each spot's mean intensity per week, oldest week first, the last week ending today;
    None for a week without a mark."""
    first = today - timedelta(days=7 * weeks - 1)
    sums: dict[str, list[list[int]]] = {}
    for mark in marks:
        if not first <= mark.day <= today:
            continue
        week = (mark.day - first).days // 7
        sums.setdefault(mark.spot, [[] for _ in range(weeks)])[week].append(mark.intensity)
    return {
        spot: [round(sum(v) / len(v)) if v else None for v in values]
        for spot, values in sums.items()
    }


def sparkline(values: Sequence[int | None]) -> str:
    """`▂▅█ ▁`: one character a week on the 0-10 scale, a space for a week without a mark."""
    return "".join(" " if v is None else SPARK[min(v, 10) * (len(SPARK) - 1) // 10] for v in values)


def session_pairs(
    marks: Sequence[SpotMark], sessions: Iterable[SessionRecord]
) -> Iterator[tuple[SessionRecord, str, int, int]]:
    """(session, spot, before, after) for each completed session with a mark of the spot
    before it and after it (the nearest within 36 hours each way)."""
    by_spot: dict[str, list[SpotMark]] = {}
    for mark in marks:
        by_spot.setdefault(mark.spot, []).append(mark)
    for session in sessions:
        if not session.completed:
            continue
        start = session.started_at
        end = start + timedelta(seconds=session.duration_s)
        for spot, spot_marks in by_spot.items():
            before = [m for m in spot_marks if start - NEAR <= m.at <= start]
            after = [m for m in spot_marks if end <= m.at <= end + NEAR]
            if before and after:
                yield session, spot, before[-1].intensity, after[0].intensity


def routine_effects(
    marks: Sequence[SpotMark], sessions: Iterable[SessionRecord]
) -> list[RoutineEffect]:
    """Per routine and spot: the spot's mark before and after each completed session (the
    nearest within 36 hours each way), averaged; the biggest drop first."""
    pairs: dict[tuple[str, str], list[tuple[int, int]]] = {}
    names: dict[str, str] = {}
    for session, spot, before, after in session_pairs(marks, sessions):
        pairs.setdefault((session.routine_id, spot), []).append((before, after))
        names[session.routine_id] = session.routine_name
    effects = [
        RoutineEffect(routine_id, names[routine_id], spot, **_averaged(found))
        for (routine_id, spot), found in pairs.items()
    ]
    return sorted(effects, key=lambda e: (-e.drop, e.routine_id, e.spot))


def step_effects(
    marks: Sequence[SpotMark],
    sessions: Sequence[SessionRecord],
    steps_of: Mapping[str, Sequence[str]],
) -> list[StepEffect]:
    """Per step and measure (a spot, or TENSION): before and after, averaged over the
    completed sessions of routines holding that step; the biggest drop first. A session's
    steps are its routine's as `steps_of` (routine id: step names) has them now; sessions
    of routines not there (today's plans, deleted files) count for no step."""
    pairs: dict[tuple[str, str], list[tuple[int, int]]] = {}

    def add(session: SessionRecord, measure: str, before: int, after: int) -> None:
        for step in dict.fromkeys(steps_of.get(session.routine_id, ())):
            pairs.setdefault((step, measure), []).append((before, after))

    for session, spot, before, after in session_pairs(marks, sessions):
        add(session, spot, before, after)
    for session in sessions:
        if session.completed and None not in (session.tension_before, session.tension_after):
            add(session, TENSION, session.tension_before or 0, session.tension_after or 0)
    effects = [
        StepEffect(step, measure, **_averaged(found)) for (step, measure), found in pairs.items()
    ]
    return sorted(effects, key=lambda e: (-e.drop, -e.sessions, e.step, e.measure))


def step_lines(effects: Iterable[StepEffect], shown_at_most: int = 5) -> list[str]:
    """`Upper trapezius stretch, neck: 6.0 -> 3.5 (4 sessions)`, for the steps followed by
    a drop, under a heading; steps with the same figure share a line (`Chin tucks, Neck
    tilt and 3 more steps, neck: ...`, the steps of one routine); [] when none was."""
    from knotsession.core.spots import SPOTS
    from knotsession.core.text import shown  # step names come from routine files
    from knotsession.core.wording import listed, plural

    labels = {spot.id: spot.label for spot in SPOTS}
    same: dict[tuple[str, str, str, int], list[str]] = {}
    for e in effects:
        if e.drop > 0:
            figure = (e.measure, f"{e.before:.1f}", f"{e.after:.1f}", e.sessions)
            same.setdefault(figure, []).append(shown(e.step))
    if not same:
        return []
    return ["Steps followed by a drop (before -> after):"] + [
        f"  {listed(steps, 2, 'step')}, {labels.get(measure, measure)}: "
        f"{before} -> {after} ({plural(sessions, 'session')})"
        for (measure, before, after, sessions), steps in list(same.items())[:shown_at_most]
    ]


def spot_lines(
    marks: Sequence[SpotMark], sessions: Iterable[SessionRecord], today: date, weeks: int = 8
) -> list[str]:
    """Each marked spot's weeks as a sparkline with its latest number, then the routines
    followed by a drop (before -> after, and how many sessions); [] without marks."""
    from knotsession.core.spots import SPOTS
    from knotsession.core.text import shown  # routine names come from files and imports
    from knotsession.core.wording import plural

    series = weekly(marks, today, weeks)
    last: dict[str, int] = {}
    for mark in marks:
        last[mark.spot] = mark.intensity
    lines = [
        f"{spot.label:<28} {sparkline(series[spot.id])}  now {last.get(spot.id, 0)}"
        for spot in SPOTS
        if spot.id in series
    ]
    drops = [effect for effect in routine_effects(marks, sessions) if effect.drop > 0]
    if drops:
        lines.append("Followed by a drop (before -> after):")
    labels = {spot.id: spot.label for spot in SPOTS}
    lines += [
        f"  {shown(e.routine_name)} for {labels.get(e.spot, e.spot)}: "
        f"{e.before:.1f} -> {e.after:.1f}"
        f" ({plural(e.sessions, 'session')})"
        for e in drops[:5]
    ]
    return lines
