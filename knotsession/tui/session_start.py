"""A session started in the app: assembled once (`session_assembly`), shown in the player,
and the completion card at its end.

The player is made ahead too, empty: once home has painted and the screens' styles are
loaded, a player is composed and mounted off screen, and the next session is given to it
(`PlayerScreen.take`), so opening it only lays it out and draws it. Profiled, composing,
mounting and styling its widgets were about 40 % of the loop's time in a first open. The
settings form is made ahead with it (settings_apply.py), and the history writer opens its
file then. They are made only while nothing plays. A session uses the player up; the form
is kept (removing its 37 widgets would be loop work as the player opens, and the peak
memory, home's, is the same either way). The cue player is opened as the session's clock
starts, once its first step is on screen (opened while the player was drawn, its thread
held the event loop back through the GIL).

The card is made while the last step plays: when that step is halfway, the completion screen
is composed and mounted off screen (a screen made ahead; Textual composes a screen when it is
registered), so at the end only its summary is filled in and it is shown. Making it at the
end cost about half of the time between the last step's end and the card on the terminal.
A session stopped before its end drops the screen made ahead.

The assembly puts the cues, the history writer and the end in their documented order;
here the app's own parts are handed to it: the cue relay, the writer, the break nudges
(which wait while a session runs), and the voice, opened when the player asks for it.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from knotsession.core.engine import Abandoned, Event, Finished, Halfway
from knotsession.tui.made_ahead import ReadyScreen, make_ahead
from knotsession.tui.state import FEATURED_ROUTINE_ID

if TYPE_CHECKING:
    from collections.abc import Iterable

    from knotsession.core.routine import Routine
    from knotsession.session_assembly import RunningSession
    from knotsession.tui.break_nudge import BreakNudges
    from knotsession.tui.history_access import HistoryAccess
    from knotsession.tui.messages import SessionEnded
    from knotsession.tui.screens.completion import CompletionScreen
    from knotsession.tui.screens.help import HelpScreen
    from knotsession.tui.screens.history import HistoryScreen
    from knotsession.tui.screens.player import PlayerScreen
    from knotsession.tui.settings_apply import SettingsKeeper
    from knotsession.tui.sound import Sound
    from knotsession.tui.state import SharedState


FORM_AFTER_PLAYER_S = 0.1  # and help as long after the form, then the history
# Up to about ten thousand sessions the history screen is made ahead at home.
HISTORY_AHEAD_MAX_BYTES = 4 * 1024 * 1024


class SessionStarter:
    """Makes the player for a routine, with a session wired to the app's parts, and the
    completion card once it is over."""

    def __init__(
        self,
        app: SharedState,
        sound: Sound,
        history: HistoryAccess,
        breaks: BreakNudges,
        settings_form: SettingsKeeper,
        tip_number: int,
    ) -> None:
        self._app = app
        self._sound = sound
        self._history = history
        self._breaks = breaks
        self._settings_form = settings_form
        self.running: RunningSession | None = None  # the latest session, assembled
        self._tip_number = tip_number
        # The completion screen made ahead for the running session's end, if it is.
        self.ready_completion: CompletionScreen | None = None
        # An empty player made ahead for the next session, if one is.
        self.ready_player: PlayerScreen | None = None
        self.ready_help: ReadyScreen[HelpScreen] = ReadyScreen()  # help, made ahead at home
        self.ready_history: ReadyScreen[HistoryScreen] = ReadyScreen()  # and the history

    def player(self, routine: Routine, *, tension_before: int | None) -> PlayerScreen:
        """The player on a new session of `routine`, not yet started."""
        from knotsession.session_assembly import assemble_session

        app = self._app
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
        running.add_listener(lambda event: self._make_completion_at_last_step(running, event))
        running.on_end(self._drop_ready_completion_if_stopped)
        self._drop_ready_completion()
        self.ready_help.drop()  # none is held while a session plays
        self.ready_history.drop()  # nor a history the session changes
        self.running = running
        self._breaks.session_started()
        return self._fresh_player().take(
            running,
            cues=self._sound.relay,
            open_narrator=lambda: self._sound.narrator(routine, lead_in_s),
            voice=app.voice,
            voice_detail=app.voice_detail,
            avoid=app.settings.avoid,
        )

    def _fresh_player(self) -> PlayerScreen:
        """The player made ahead if it is mounted, else a new one. A player still being
        composed is dropped: filled in as it mounts, an auto-width Static could keep its
        empty width (seen on Python 3.12), and none is kept while a session plays."""
        from knotsession.tui.screens.player import PlayerScreen

        ready, self.ready_player = self.ready_player, None
        if ready is not None and ready.is_mounted:
            return ready
        if ready is not None:
            ready.drop()
        return PlayerScreen()

    def make_screens_ahead(self) -> None:
        """Unless a session plays: an empty player for the next session, the settings form,
        help and the history screen, composed and mounted off screen (call it once the
        screens' styles are loaded)."""
        if not self.playing:
            self.make_player_ahead()
            # Later, so the two are not composed in one turn of the event loop (16 ms).
            self._app.set_timer(FORM_AFTER_PLAYER_S, self._make_form_ahead)

    def _make_form_ahead(self) -> None:
        if not self.playing:
            self._settings_form.make_form_ahead()
            self._app.set_timer(FORM_AFTER_PLAYER_S, self._make_help_ahead)

    def _make_help_ahead(self) -> None:
        if self.playing:
            return
        if self.ready_help.screen is None:
            from knotsession.tui.screens.help import HelpScreen

            self.ready_help.make(self._app, HelpScreen())
        self._app.set_timer(FORM_AFTER_PLAYER_S, self.make_history_ahead)

    def make_history_ahead(self) -> None:
        """The history screen composed, mounted and read off screen, unless one is made,
        the file is not found yet, or it is large: its read would compete with home's own
        reads (through the GIL), and a large history's screen opens as before."""
        path = self._history.path
        if self.playing or self.ready_history.screen is not None or path is None:
            return
        try:
            if path.stat().st_size > HISTORY_AHEAD_MAX_BYTES:
                return
        except OSError:
            return
        from knotsession.tui.screens.history import HistoryScreen

        today, goal = self._history.today(), self._app.settings.daily_goal
        self.ready_history.make(self._app, HistoryScreen(path, today=today, daily_goal=goal))

    def history(self) -> HistoryScreen:
        """The history screen: the one made ahead if it still shows what the file holds,
        for today and this goal; else a new one."""
        from knotsession.tui.screens.history import HistoryScreen

        path, today = self._history.path, self._history.today()
        goal = self._app.settings.daily_goal
        ready = self.ready_history.take(lambda screen: screen.still_shows(path, today, goal))
        return ready or HistoryScreen(store_path=path, today=today, daily_goal=goal)

    def help(self) -> HelpScreen:
        """Help: the dialog made ahead at home if it is made for the terminal's size now,
        else a new one (composing and mounting it were a fifth of its first open)."""
        from knotsession.tui.screens.help import HelpScreen

        return self.ready_help.take() or HelpScreen()

    def make_player_ahead(self) -> None:
        """Compose and mount an empty player off screen for the next session, unless one is
        made or a session plays (call it once the screens' styles are loaded)."""
        if self.ready_player is not None or self.playing:
            return
        from knotsession.tui.screens.player import PlayerScreen, draw_ahead

        screen = PlayerScreen()
        if make_ahead(self._app, screen):  # else made when a session starts
            self.ready_player = screen
        # Its thread opens the file now, not while the player opens (held back through the
        # GIL, the player's first frame came 5-15 ms later).
        self._history.start_writer()
        featured = self._app.library.get(FEATURED_ROUTINE_ID)
        if featured is not None:  # what Enter at home starts: its first figure, drawn
            width, height = self._app.size
            draw = partial(draw_ahead, featured, width, height)
            self._app.run_worker(draw, thread=True, exit_on_error=False, group="warm-up")

    @property
    def playing(self) -> bool:
        """A session is running (not over yet)."""
        return self.running is not None and not self.running.session.is_over

    def abandon(self) -> None:
        """Stop the running session, keeping the time actually spent (the app is closing)."""
        if self.running is not None and not self.running.session.is_over:
            self.running.session.abandon()

    def todays_plan(self, marks: Iterable[tuple[str, int]]) -> Routine:
        """Today's plan for the spots marked on the knot map: 5 minutes, seated, no
        equipment, leaving out the areas to avoid."""
        from knotsession.core.planner import plan_for_marks

        routines, avoid = self._app.library.routines_from("bundled"), self._app.settings.avoid
        return plan_for_marks(routines, marks, minutes=5, position="seated", avoid=avoid).routine

    def completion(self, ended: SessionEnded) -> CompletionScreen:
        """How the session went, with the next tip (tips take turns between completions):
        the screen made during the last step when it is ready, else a new one."""
        from knotsession.tui.screens.completion import CompletionScreen

        tip_number, self._tip_number = self._tip_number, self._tip_number + 1
        ready, self.ready_completion = self.ready_completion, None
        if ready is not None and ready.is_mounted and ready.routine is ended.routine:
            ready.finish(ended.summary, ended.ticket, tip_number)
            return ready
        if ready is not None:
            ready.drop()  # still composing (the last step was skipped at once)
        return CompletionScreen(
            ended.routine, ended.summary, ticket=ended.ticket, tip_number=tip_number
        )

    def _make_completion_at_last_step(self, running: RunningSession, event: Event) -> None:
        """Compose and mount the completion screen off screen once the last step is halfway."""
        last = len(running.session.segments) - 1
        # Halfway, not the step's start: the step's chime and first tick are out by then
        # (making the screen keeps the event loop busy for tens of milliseconds).
        if not isinstance(event, Halfway) or event.index != last:
            return
        if self.ready_completion is not None or running is not self.running:
            return
        from knotsession.tui.screens.completion import CompletionScreen

        screen = CompletionScreen(running.routine, None, ticket=running.ticket, tip_number=0)
        # Never raises (this runs inside the engine's dispatch); if Textual would not make
        # it ahead, the card is made at the end, as without a head start.
        if make_ahead(self._app, screen):
            self.ready_completion = screen

    def _drop_ready_completion_if_stopped(self, ending: Finished | Abandoned) -> None:
        if isinstance(ending, Abandoned):
            self._drop_ready_completion()

    def _drop_ready_completion(self) -> None:
        ready, self.ready_completion = self.ready_completion, None
        if ready is not None and not ready.is_current:
            ready.drop()
