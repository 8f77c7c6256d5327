"""When the next break is due in the app: a monotonic deadline, and how the home screen says it.

The app owns the timers; this only keeps time on the injected clock, so tests move a
fake clock and ask again. A nudge that falls during a session waits for it to end.
"""

from __future__ import annotations

import math

from knotsession.core.durations import interval_words
from knotsession.core.engine import Clock
from knotsession.core.reminders import NUDGE_TEXT


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


def nudge_text(routine_name: str | None) -> str:
    """`Time to stand up and move — b starts Get up and move` (without a routine, the first
    part). The name is shown as text, never as markup."""
    if routine_name is None:
        return NUDGE_TEXT
    return f"{NUDGE_TEXT} — b starts {routine_name}"
