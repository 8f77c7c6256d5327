"""Break nudges in the app: a timer at each break's deadline, the bell and a toast, the label.

`BreakReminder` keeps time on the injected clock; this decides when to nudge. A nudge
that falls during a session waits for it to end, and a finished session counts as the
break. While the background break service runs it owns the breaks (one nudge per break):
the app stays quiet and home shows the service's next break.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from knotsession.core.engine import Abandoned, Finished
from knotsession.tui.break_reminder import BreakReminder, background_break_label, nudge_text
from knotsession.tui.screens.home import HomeScreen

if TYPE_CHECKING:
    from textual.timer import Timer

    from knotsession.core.routine import Routine
    from knotsession.tui.state import SharedState

# The break label counts whole minutes, so once a minute is often enough.
BREAK_LABEL_EVERY_S = 60.0


class BreakNudges:
    """The app's break reminder: its timers, its nudge, and the `next_break` label."""

    def __init__(self, app: SharedState) -> None:
        self._app = app
        self.reminder: BreakReminder | None = None
        self.session_running = False  # a session is under way: nudges wait
        self._nudge_timer: Timer | None = None
        self._label_timer: Timer | None = None

    def start(self) -> None:
        """(Re)start the break reminder from now, as the settings say (or stop it)."""
        for timer in (self._nudge_timer, self._label_timer):
            if timer is not None:
                timer.stop()
        self._nudge_timer = self._label_timer = None
        every_s = self._app.settings.remind_every
        self.reminder = BreakReminder(every_s, self._app.clock) if every_s else None
        # Every minute even when off here: the background service may start or stop.
        self._label_timer = self._app.set_interval(BREAK_LABEL_EVERY_S, self.tick)
        self.tick()

    def tick(self) -> None:
        """Nudge when the break is due (not during a session, nor while the background
        service nudges for it), then update the label."""
        reminder = self.reminder
        service = background_break_label()  # None unless the background service runs
        if reminder is not None and reminder.is_due() and not self.session_running:
            if service is None:
                self.nudge()
            reminder.restart()
        self._schedule_nudge()
        self._app.next_break = self.label(service)

    def show_label(self) -> None:
        """Work the label out afresh (back on a screen: it counts minutes from now)."""
        self._app.next_break = self.label()

    def label(self, service: str | None = None) -> str:
        """`Next break in 42 min`, the background service's next break, or '' when off."""
        service = service or background_break_label()
        return service or (self.reminder.label() if self.reminder is not None else "")

    def _schedule_nudge(self) -> None:
        """One timer, at the break's exact deadline."""
        if self._nudge_timer is not None:
            self._nudge_timer.stop()
            self._nudge_timer = None
        if self.reminder is not None and not self.session_running:
            self._nudge_timer = self._app.set_timer(self.reminder.left_s(), self.tick)

    def suggested_routine(self) -> Routine | None:
        """The short standing routine a break suggests (knotsession.core.break_choice)."""
        from knotsession.core.break_choice import break_pool, suggest_break

        suggestion = suggest_break(break_pool(self._app.library), (), ())
        return suggestion.routine if suggestion else None

    def nudge(self) -> None:
        """The bell and a toast naming the break routine; at home Enter starts it."""
        routine = self.suggested_routine()
        self._app.bell()
        text = nudge_text(routine.name if routine else None, self._app.todays_plan)
        self._app.notify(text, timeout=60, markup=False)
        if isinstance(self._app.screen, HomeScreen):
            self._app.screen.focus_featured()

    def session_started(self) -> None:
        """Nudges wait while a session runs."""
        self.session_running = True

    def session_ended(self, event: Finished | Abandoned) -> None:
        """A session that ends lets nudges through again; a finished one was a break."""
        self.session_running = False
        if isinstance(event, Finished) and self.reminder is not None:
            self.reminder.restart()
        self._app.call_later(self.tick)
