"""A session started in the app: assembled once (`session_assembly`), shown in the player,
and the completion card at its end.

The assembly puts the cues, the history writer and the end in their documented order;
here the app's own parts are handed to it: the cue relay, the writer, the break nudges
(which wait while a session runs), and the voice, opened when the player asks for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from knotsession.core.routine import Routine
    from knotsession.session_assembly import RunningSession
    from knotsession.tui.break_nudge import BreakNudges
    from knotsession.tui.history_access import HistoryAccess
    from knotsession.tui.messages import SessionEnded
    from knotsession.tui.screens.completion import CompletionScreen
    from knotsession.tui.screens.player import PlayerScreen
    from knotsession.tui.sound import Sound
    from knotsession.tui.state import SharedState


class SessionStarter:
    """Makes the player for a routine, with a session wired to the app's parts, and the
    completion card once it is over."""

    def __init__(
        self,
        app: SharedState,
        sound: Sound,
        history: HistoryAccess,
        breaks: BreakNudges,
        *,
        tip_number: int,
    ) -> None:
        self._app = app
        self._sound = sound
        self._history = history
        self._breaks = breaks
        self.running: RunningSession | None = None  # the latest session, assembled
        self._tip_number = tip_number

    def player(self, routine: Routine, *, tension_before: int | None) -> PlayerScreen:
        """The player on a new session of `routine`, not yet started."""
        from knotsession.session_assembly import assemble_session
        from knotsession.tui.screens.player import PlayerScreen

        app = self._app
        self._sound.want(app.settings)
        lead_in_s = app.settings.lead_in
        running = assemble_session(
            routine,
            lead_in_s=lead_in_s,
            clock=app.clock,
            cues=self._sound.relay.handle,
            writer=self._history.start_writer(),
            tension_before=tension_before,
        )
        running.on_end(self._breaks.session_ended)
        self.running = running
        self._breaks.session_started()
        return PlayerScreen(
            running,
            cues=self._sound.relay,
            open_narrator=lambda: self._sound.narrator(routine, lead_in_s),
            voice=app.voice,
            voice_detail=app.voice_detail,
            avoid=app.settings.avoid,
        )

    def abandon(self) -> None:
        """Stop the running session, keeping the time actually spent (the app is closing)."""
        if self.running is not None and not self.running.session.is_over:
            self.running.session.abandon()

    def todays_plan(self, marks: Iterable[tuple[str, int]]) -> Routine:
        """Today's plan for the spots marked on the knot map: 5 minutes, seated, no
        equipment, leaving out the areas to avoid."""
        from knotsession.core.planner import plan_for_marks

        routines, avoid = self._app.library.routines.values(), self._app.settings.avoid
        return plan_for_marks(routines, marks, minutes=5, position="seated", avoid=avoid).routine

    def completion(self, ended: SessionEnded) -> CompletionScreen:
        """How the session went, with the next tip (tips take turns between completions)."""
        from knotsession.tui.screens.completion import CompletionScreen

        tip_number, self._tip_number = self._tip_number, self._tip_number + 1
        return CompletionScreen(
            ended.routine, ended.summary, ticket=ended.ticket, tip_number=tip_number
        )
