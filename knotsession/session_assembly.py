"""A running session, assembled in one place for the full-screen app and `--plain` alike.

The engine has one listener, `RunningSession.dispatch`, which hands every event on in one
fixed order:

1. the cues (the sound of a moment comes first),
2. the voice (the narrator's line for it),
3. the history (the recorder queues the row's update; the writer's thread does the work),
4. the front end's own listeners (the player's display, `--plain`'s printer), in the order
   they were added,
5. the end: on `Finished` or `Abandoned`, and only once, the recorder is told the session
   is over, then every `on_end` callback (the app routes to the completion screen and lets
   break nudges through again; `--plain` asks how it went).

Nothing else subscribes to the session, so nothing else decides that it ended. A narrator
can be attached after the start (the cue player it speaks through opened late, or the
person pressed v) and still takes its place, second.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from knotsession.core.engine import (
    DEFAULT_LEAD_IN_S,
    Abandoned,
    Clock,
    Event,
    Finished,
    Listener,
    Session,
)
from knotsession.core.recorder import SessionRecorder, local_now

if TYPE_CHECKING:
    from knotsession.core.history_writer import HistoryWriter, SessionTicket
    from knotsession.core.routine import Routine

Ending = Finished | Abandoned
EndListener = Callable[[Ending], None]


class RunningSession:
    """One session and the parts that follow it, each told of every event in one order."""

    def __init__(
        self,
        session: Session,
        *,
        clock: Clock = time.monotonic,
        lead_in_s: int = DEFAULT_LEAD_IN_S,
        cues: Listener | None = None,
        narrator: Listener | None = None,
        recorder: SessionRecorder | None = None,
    ) -> None:
        self.session = session
        self.clock = clock  # the session's own clock, for a front end that waits on it
        self.routine = session.routine
        self.lead_in_s = lead_in_s  # the lead-in of a routine without its own
        self.recorder = recorder
        self._cues = cues
        self._narrator = narrator
        self._listeners: list[Listener] = []
        self._on_end: list[EndListener] = []
        self.ending: Ending | None = None  # how it ended, once it has
        session.subscribe(self.dispatch)

    @property
    def ticket(self) -> SessionTicket | None:
        """The session's row in the history, once it began (None when history is off)."""
        return self.recorder.ticket if self.recorder is not None else None

    @property
    def has_narrator(self) -> bool:
        return self._narrator is not None

    def attach_narrator(self, narrator: Listener) -> None:
        """Speak from the next event on (second in line, after the cues)."""
        self._narrator = narrator

    def add_listener(self, listener: Listener) -> None:
        """A front end's listener: told after the cues, the voice and the history."""
        self._listeners.append(listener)

    def on_end(self, callback: EndListener) -> None:
        """Call `callback` once, with `Finished` or `Abandoned`, when the session ends."""
        self._on_end.append(callback)

    def dispatch(self, event: Event) -> None:
        """The session's only listener: every part in the documented order."""
        if self.ending is not None:
            return  # nothing follows the end
        for part in (self._cues, self._narrator):
            if part is not None:
                part(event)
        if self.recorder is not None:
            self.recorder.handle(event)
        for listener in tuple(self._listeners):
            listener(event)
        if isinstance(event, Finished | Abandoned):
            self.ending = event
            if self.recorder is not None:
                self.recorder.ended(event)
            for callback in tuple(self._on_end):
                callback(event)


def assemble_session(
    routine: Routine,
    *,
    lead_in_s: int = DEFAULT_LEAD_IN_S,
    clock: Clock = time.monotonic,
    cues: Listener | None = None,
    narrator: Listener | None = None,
    writer: HistoryWriter | None = None,
    tension_before: int | None = None,
    now: Callable[[], datetime] = local_now,
) -> RunningSession:
    """A session of `routine` with its cues, voice and history, not started yet.

    `writer` None keeps no history (the app without a history, tests). The session's row
    is begun when its first segment starts, so call `session.start()` when the first step
    is on screen.
    """
    session = Session(routine, clock=clock, default_lead_in_s=lead_in_s)
    recorder = (
        SessionRecorder(writer, session, now=now, tension_before=tension_before, subscribe=False)
        if writer is not None
        else None
    )
    return RunningSession(
        session, clock=clock, lead_in_s=lead_in_s, cues=cues, narrator=narrator, recorder=recorder
    )
