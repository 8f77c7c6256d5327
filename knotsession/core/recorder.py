"""Recording a running session: a row in the history when it starts, updated at every
step, pause and end, so a crash or a kill leaves it as not completed rather than lost."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from knotsession.core.engine import Abandoned, Event, Finished, Paused, SegmentStarted, Session
from knotsession.core.history import HistoryError, HistoryStore


def _local_now() -> datetime:
    return datetime.now().astimezone()


class SessionRecorder:
    """Writes a running session to the history: a row at its start, updated at every step,
    pause and end. A failed write never reaches the UI: it sets `notice` and stops writing."""

    def __init__(
        self,
        store: HistoryStore,
        session: Session,
        now: Callable[[], datetime] = _local_now,
        tension_before: int | None = None,
    ) -> None:
        self.store = store
        self.session = session
        self.session_id: int | None = None
        self.notice: str | None = None
        self._now = now
        self._tension_before = tension_before
        self._failed = False
        session.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        if self._failed or not isinstance(event, SegmentStarted | Paused | Finished | Abandoned):
            return
        if self.session_id is None and not isinstance(event, SegmentStarted):
            return  # abandoned before it began: nothing to keep
        try:
            if self.session_id is None:
                self.session_id = self.store.begin(
                    self.session.routine,
                    self._now(),
                    len(self.session.routine.steps),
                    self._tension_before,
                )
            self.store.update(
                self.session_id,
                duration_s=self.session.active_s(),
                steps_done=self.session.steps_done(),
                completed=isinstance(event, Finished) and event.summary.completed,
            )
        except HistoryError as error:
            self._failed = True
            self.notice = str(error)
