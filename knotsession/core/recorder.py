"""Recording a running session: a row in the history when it starts, updated at every
step, pause and end, so a crash or a kill leaves it as not completed rather than lost.
The writes go through the process's `HistoryWriter`, so the session never waits on them.

In the app and `--plain` the recorder is one of the parts of
`knotsession.session_assembly.RunningSession`, which hands it the events (`handle`) and
tells it, once, that the session ended (`ended`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from knotsession.core.engine import Abandoned, Event, Finished, Paused, SegmentStarted, Session
from knotsession.core.history_writer import HistoryWriter, SessionTicket


def local_now() -> datetime:
    """The wall-clock time here, with its UTC offset."""
    return datetime.now().astimezone()


class SessionRecorder:
    """Queues a running session's writes: its row when the first segment starts, then how
    far it got at every step, pause and end. A failed write is told by the writer, once."""

    def __init__(
        self,
        writer: HistoryWriter,
        session: Session,
        now: Callable[[], datetime] = local_now,
        tension_before: int | None = None,
        *,
        subscribe: bool = True,
    ) -> None:
        """`subscribe` False: whoever assembled the session hands the events on."""
        self.writer = writer
        self.session = session
        self.ticket: SessionTicket | None = None  # the session's row, once it began
        self._now = now
        self._tension_before = tension_before
        if subscribe:
            session.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        self.handle(event)
        if isinstance(event, Finished | Abandoned):
            self.ended(event)

    def handle(self, event: Event) -> None:
        """A step began or the clock paused: how far the session got."""
        if isinstance(event, SegmentStarted):
            self._begin()
        if isinstance(event, SegmentStarted | Paused):
            self._progress(completed=False)

    def ended(self, event: Finished | Abandoned) -> None:
        """The session is over: its last figures, completed or not."""
        self._progress(completed=isinstance(event, Finished) and event.summary.completed)

    def _begin(self) -> None:
        if self.ticket is None:
            routine = self.session.routine
            self.ticket, _ = self.writer.begin(
                routine, self._now(), len(routine.steps), self._tension_before
            )

    def _progress(self, *, completed: bool) -> None:
        if self.ticket is None:
            return  # abandoned before it began: nothing to keep
        self.writer.progress(
            self.ticket,
            duration_s=self.session.active_s(),
            steps_done=self.session.steps_done(),
            completed=completed,
        )
