"""When the next break is due in the app: a monotonic deadline, and how the home screen says it.

`break_nudge.py` owns the app's timers; this only keeps time on the injected clock, so
tests move a fake clock and ask again. A nudge that falls during a session waits for it to end.
While the background break service runs (`knotsession remind --install`), it owns the
breaks: the app nudges for none of its own and shows the service's next break instead.
"""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from knotsession.core.durations import interval_words
from knotsession.core.engine import Clock

if TYPE_CHECKING:
    from knotsession.core.plan_offer import PlanOffer


class BreakReminder:
    """Breaks every `every_s` seconds from now, on `clock`."""

    def __init__(self, every_s: int, clock: Clock) -> None:
        self.every_s = every_s
        self._clock = clock
        self.deadline = clock() + every_s

    def left_s(self) -> float:
        """Seconds until the next break (0 once it is due)."""
        return max(self.deadline - self._clock(), 0.0)

    def is_due(self) -> bool:
        """Whether the break has come."""
        return self._clock() >= self.deadline

    def restart(self) -> None:
        """The next break is a whole interval from now (after a nudge, or a session done)."""
        self.deadline = self._clock() + self.every_s

    def label(self) -> str:
        """`Next break in 42 min`, in whole minutes rounded up."""
        minutes = max(math.ceil(self.left_s() / 60), 1)
        return f"Next break in {interval_words(minutes * 60)}"


def nudge_text(routine_name: str | None, plan: PlanOffer | None = None) -> str:
    """`Time to stand up and move — b starts Get up and move` (without a routine, the first
    part); with spots marked lately, `— n starts today's plan (5 min): for the knot ...`.
    The name is shown as text, never as markup."""
    # Here, not at the top: the reminders module (and its schedule) is the background
    # reminder's, and a session that plays would otherwise hold it for this one line.
    from knotsession.core.reminders import NUDGE_TEXT

    if plan is not None:
        line = plan.reminder_line().removeprefix("Today's plan")
        return f"{NUDGE_TEXT} — n starts today's plan{line}"
    if routine_name is None:
        return NUDGE_TEXT
    return f"{NUDGE_TEXT} — b starts {routine_name}"


def background_break_label(
    lock: Path | None = None, status: Path | None = None, now: datetime | None = None
) -> str | None:
    """`Next break at 14:05 (background reminder)` while the background break service runs
    (its lock is held), so the app stays quiet; None when it does not run.

    Without its status file the service never ran here: nothing more is read or imported,
    so the home screen's start-up does not pay for the check.
    """
    from knotsession import paths

    status = status or paths.remind_status_file()
    if not status.exists():
        return None
    try:
        from knotsession.breaks.service import lock_holder

        holder = lock_holder(lock or paths.remind_lock_file())
    except ImportError:  # no fcntl (Windows): the service does not run there
        return None
    if holder is None:
        return None
    from knotsession.breaks.status_file import read_status
    from knotsession.core.break_schedule import describe_when

    due = (read_status(status) or {}).get("next_break")
    try:
        at = datetime.fromisoformat(due) if isinstance(due, str) else None
    except ValueError:
        at = None
    if at is None:
        return "Breaks: background reminder"
    when = describe_when(at, now or datetime.now(at.tzinfo))
    return f"Next break {'at ' if when[:1].isdigit() else ''}{when} (background reminder)"
