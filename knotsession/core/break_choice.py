"""Which routine a break suggests, and why: short, standing, moving; what helped you most.

Pure functions of the library and a summary of the history, so a test hands in both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from knotsession.core.library import Library
from knotsession.core.routine import Routine
from knotsession.core.routine_summary import RoutineSummary
from knotsession.core.stats import TensionChange
from knotsession.core.wording import plural

MAX_BREAK_S = 180
FALLBACK_ID = "move-1"
MIN_RATED_SESSIONS = 2
_MOVING_KINDS = frozenset({"walk", "mobility"})


@dataclass(frozen=True)
class Suggestion:
    """A routine for this break, and one line on why it was chosen."""

    routine: Routine
    reason: str


def is_break_routine(routine: Routine) -> bool:
    """Short (3 minutes at most), done standing, and it gets you moving."""
    lead_in = (routine.lead_in_s or 0) * len(routine.steps)
    return (
        routine.work_s + lead_in <= MAX_BREAK_S
        and routine.position == "standing"
        and any(step.kind in _MOVING_KINDS for step in routine.steps)
    )


def fits_a_break(summary: RoutineSummary) -> bool:
    """`is_break_routine`, told from a routine's summary (its steps are not read)."""
    lead_in = (summary.lead_in_s or 0) * summary.step_count
    return (
        summary.work_s + lead_in <= MAX_BREAK_S
        and summary.position == "standing"
        and any(kind in _MOVING_KINDS for kind in summary.kinds)
    )


def break_pool(library: Library) -> list[Routine]:
    """The routines `suggest_break` chooses among, read whole: those that fit a break, and
    the fallbacks for when none does (move-1, and the first by id). Thousands of routine
    files are not all read for one suggestion."""
    fitting = [summary.id for summary in library.summaries.values() if fits_a_break(summary)]
    fallbacks = [FALLBACK_ID, min(library.summaries, default="")]
    found = (library.get(routine_id) for routine_id in dict.fromkeys([*fitting, *fallbacks]))
    return [routine for routine in found if routine is not None]


def suggest_break(
    routines: Sequence[Routine],
    done_today: Iterable[str],
    changes: Iterable[TensionChange],
) -> Suggestion | None:
    """The break routine that lowered tension most (rated twice or more), else the next
    one not done today, else the first; move-1, or any routine, when none fits."""
    candidates = sorted((r for r in routines if is_break_routine(r)), key=lambda r: r.id)
    if not candidates:
        fallback = next((r for r in routines if r.id == FALLBACK_ID), None)
        fallback = fallback or min(routines, key=lambda r: r.id, default=None)
        return Suggestion(fallback, "a short break to get you moving") if fallback else None
    done = set(done_today)
    fresh = [r for r in candidates if r.id not in done] or candidates
    by_id = {r.id: r for r in fresh}
    helped = [
        c
        for c in changes
        if c.routine_id in by_id and c.average_change < 0 and c.sessions >= MIN_RATED_SESSIONS
    ]
    if helped:
        best = min(helped, key=lambda c: (c.average_change, -c.sessions, c.routine_id))
        return Suggestion(by_id[best.routine_id], helped_reason(best))
    routine = fresh[0]
    if routine.id in done:
        return Suggestion(routine, "short and on your feet; every break routine is done today")
    if done & {r.id for r in candidates}:
        return Suggestion(routine, "short and on your feet; not done yet today")
    return Suggestion(routine, "short and on your feet, to get you moving")


def helped_reason(change: TensionChange) -> str:
    """`lowered your tension by 2 on average, 6 sessions`."""
    drop = -change.average_change
    amount = f"{drop:.0f}" if abs(drop - round(drop)) < 0.05 else f"{drop:.1f}"
    sessions = plural(change.sessions, "session")
    return f"lowered your tension by {amount} on average, {sessions}"
