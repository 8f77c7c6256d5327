"""Recording a running session: a row in the history when it starts, updated at every
step, pause and end, so a crash or a kill leaves it as not completed rather than lost.
The writes go through the process's `HistoryWriter`, so the session never waits on them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from knotsession.core.engine import Abandoned, Event, Finished, Paused, SegmentStarted, Session
from knotsession.core.history_writer import HistoryWriter, SessionTicket


def _local_now() -> datetime:
    return datetime.now().astimezone()


class SessionRecorder:
    """Queues a running session's writes: its row when the first segment starts, then how
    far it got at every step, pause and end. A failed write is told by the writer, once."""

    def __init__(
        self,
        writer: HistoryWriter,
        session: Session,
        now: Callable[[], datetime] = _local_now,
        tension_before: int | None = None,
    ) -> None:
        self.writer = writer
        self.session = session
        self.ticket: SessionTicket | None = None  # the session's row, once it began
        self._now = now
        self._tension_before = tension_before
        session.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        if not isinstance(event, SegmentStarted | Paused | Finished | Abandoned):
            return
        if self.ticket is None:
            if not isinstance(event, SegmentStarted):
                return  # abandoned before it began: nothing to keep
            routine = self.session.routine
            self.ticket, _ = self.writer.begin(
                routine, self._now(), len(routine.steps), self._tension_before
            )
        self.writer.progress(
            self.ticket,
            duration_s=self.session.active_s(),
            steps_done=self.session.steps_done(),
            completed=isinstance(event, Finished) and event.summary.completed,
        )
