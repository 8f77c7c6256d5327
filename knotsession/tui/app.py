"""The Textual app: it routes between screens and hands each request to the part that owns it.

`launch.py` reads the settings and routines and runs it. Screens post `tui/messages`, and
state flows down to them as `SharedState`'s reactives. The parts, one module each: sound,
history_access, break_nudge, settings_apply, editor (RoutineEditing) and session_start.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on
from textual.worker import Worker, WorkerState

from knotsession.core.engine import Clock
from knotsession.core.library import Library
from knotsession.core.routine import Routine
from knotsession.core.settings import Settings, SettingsError
from knotsession.tui import messages
from knotsession.tui.backends import (
    CuePlayerFactory,
    HistoryStoreFactory,
    NarratorFactory,
    open_cue_player,
    open_history_store,
    open_narrator,
)
from knotsession.tui.break_nudge import BreakNudges
from knotsession.tui.collector import resume_collector
from knotsession.tui.editor import RoutineEditing
from knotsession.tui.history_access import HistoryAccess
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.session_start import SessionStarter
from knotsession.tui.settings_apply import SettingsKeeper
from knotsession.tui.signals import stop_on_signals
from knotsession.tui.sound import Sound
from knotsession.tui.state import FEATURED_ROUTINE_ID, CommandLine, SharedState
from knotsession.tui.theme_memory import set_up_themes, toggled
from knotsession.tui.warm_up import start_warm_up_for

if TYPE_CHECKING:
    from knotsession.tui.screens.knot_map import KnotMapScreen


class KnotsessionApp(SharedState):
    """Guided, timed stretch and self-massage routines."""

    # Absolute paths, so a subclass elsewhere (a benchmark) finds them. The home screen's
    # styles load with the app's: it is the default screen, and they are read in one go.
    CSS_PATH = [Path(__file__).with_name("app.tcss"), Path(__file__).parent / "screens/home.tcss"]
    TITLE = "knotsession"
    ENABLE_COMMAND_PALETTE = True
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]

    def __init__(
        self,
        library: Library,
        *,
        clock: Clock = time.monotonic,
        start_routine: str | None = None,
        settings: Settings | None = None,
        cue_player_factory: CuePlayerFactory = open_cue_player,
        history_store_factory: HistoryStoreFactory | None = open_history_store,
        narrator_factory: NarratorFactory = open_narrator,
        today: Callable[[], date] = date.today,
        tip_number: int | None = None,
        command_line: CommandLine | None = None,
        settings_problems: Sequence[SettingsError] = (),
        settings_path: Path | None = None,
        safety_note_seen: Path | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.clock = clock
        self.settings = settings or Settings()
        self.command_line = command_line or CommandLine()
        # What `start ID` opens (None: home; also when its file went bad since launch read it).
        self.opening = library.get(start_routine) if start_routine else None
        self.today = today
        # A file whose existence means the first-run safety note was seen; None never shows it.
        self._safety_note_seen = safety_note_seen
        self.voice = self.settings.voice  # spoken guidance wanted (the v key in the player)
        self.voice_detail = self.settings.voice_detail  # the d key in the player
        self.notices: list[str] = []
        self.parts_started = False  # the history worker was started
        self.sound = Sound(self, clock, self.settings.mute, cue_player_factory, narrator_factory)
        self.cues = self.sound.relay
        self.history_access = HistoryAccess(self, history_store_factory, today)
        self.breaks = BreakNudges(self)
        self.settings_keeper = SettingsKeeper(self, settings_path, self.cues, self.breaks)
        self.editing = RoutineEditing(self)
        # Tips take turns from one completion to the next, starting somewhere new each day.
        tip_number = today().toordinal() if tip_number is None else tip_number
        self.sessions = SessionStarter(
            self, self.sound, self.history_access, self.breaks, self.settings_keeper, tip_number
        )
        problem = set_up_themes(self, self.settings.theme, self.settings_keeper.path)
        self.settings_problems = (*settings_problems, *((problem,) if problem else ()))

    # --- screens ------------------------------------------------------------------------

    def get_default_screen(self) -> HomeScreen:
        composed = self.opening is None  # else once the person goes back to it
        return HomeScreen(self.library, featured_id=FEATURED_ROUTINE_ID, composed=composed)

    def on_mount(self) -> None:
        stop_on_signals(self, self.sessions.abandon)
        for problem in self.settings_problems:
            self.tell(f"{problem}", timeout=12)
        self.breaks.start()
        if self._safety_note_seen is not None and not self._safety_note_seen.exists():
            self._show_safety_note(then_play=self.opening)
        elif self.opening is not None:
            self.play(self.opening)
        # Sound and history load after the first paint, so they never delay it.
        self.call_after_refresh(self._open_parts)

    def _show_safety_note(self, then_play: Routine | None) -> None:
        """The safety note, once (it remembers being seen); then the routine or the guide."""
        from knotsession.tui.screens.safety_note import SafetyNoteScreen

        def closed(open_guide: bool | None) -> None:
            if then_play is not None:
                self.play(then_play)
            elif open_guide:
                self.action_guide()

        self.push_screen(SafetyNoteScreen(self._safety_note_seen), closed)

    def _open_parts(self) -> None:
        resume_collector()
        if cast(HomeScreen, self.screen_stack[0]).composed:  # else once shown
            self.history_access.read_for_home(self.settings, self.library)
        self.editing.read_unread()
        self.parts_started = True
        # Once the styles are loaded, the next session's player and the settings form are made.
        start_warm_up_for(
            self, playing=self.sessions.playing, then=self.sessions.make_screens_ahead
        )

    def play(self, routine: Routine) -> None:
        """Open the player on `routine` (asking how tense first, if the settings say so)."""
        if self.settings.ask_tension != "both":
            self._open_player(routine, tension_before=None)
            return
        from knotsession.tui.screens.tension import TensionAsk

        def answered(tension: int | None) -> None:
            self._open_player(routine, tension_before=tension)

        self.push_screen(TensionAsk(), answered)

    def _open_player(self, routine: Routine, *, tension_before: int | None) -> None:
        player = self.sessions.player(routine, tension_before=tension_before)
        if isinstance(self.screen, HomeScreen):
            self.push_screen(player)
        else:
            self.switch_screen(player)

    @on(messages.SessionEnded)
    def _session_ended(self, message: messages.SessionEnded) -> None:
        """A finished session: how it went, in place of the player."""
        self.switch_screen(self.sessions.completion(message))

    @on(messages.StartRoutine)
    def _start_routine(self, message: messages.StartRoutine) -> None:
        self.play(message.routine)

    @on(messages.StartBreak)
    def _start_break(self) -> None:
        if routine := self.breaks.suggested_routine():
            self.play(routine)

    @on(messages.VoiceChosen)
    def _voice_chosen(self, message: messages.VoiceChosen) -> None:
        self.voice, self.voice_detail = message.voice, message.detail

    @on(messages.EditRoutine)
    def _edit_routine(self, message: messages.EditRoutine) -> None:
        self.editing.edit_routine(message.routine)

    @on(messages.SaveAvoid)
    def _save_avoid(self, message: messages.SaveAvoid) -> None:
        self.settings_keeper.save_avoid(message.areas)

    @on(messages.WantSound)
    def ensure_cues(self) -> None:
        """Open the cue player now (a routine is being looked at, or a session starts)."""
        self.sound.want(self.settings)

    @on(messages.RefreshStreak)
    def _refresh_streak(self) -> None:
        self.history_access.read_for_home(self.settings, self.library)
        self.breaks.show_label()  # the label counts minutes from now
        if self.parts_started:  # home is back: the screens left while a session played
            start_warm_up_for(self, playing=False, then=self.sessions.make_screens_ahead)

    @on(messages.Notice)
    def _notice(self, message: messages.Notice) -> None:
        self.tell(message.text, timeout=message.timeout)

    @on(messages.GoHome)
    async def _go_home(self, message: messages.GoHome) -> None:
        """Back to the home screen (composed first if need be), closing what is above it."""
        await cast(HomeScreen, self.screen_stack[0]).compose_now()
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if message.notice:
            self.notify(message.notice, timeout=4, markup=False)

    def action_help(self) -> None:
        """Keys and the safety note."""
        from knotsession.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(self.sessions.help())

    def action_guide(self, topic_id: str | None = None) -> None:
        """The guide: safety, when to see a professional, knots, food and more."""
        from knotsession.tui.screens.guide import GuideScreen

        if not isinstance(self.screen, GuideScreen):
            self.push_screen(GuideScreen(topic_id))

    @on(messages.OpenHistory)
    def action_history(self) -> None:
        """Streaks, the calendar and past sessions."""
        self.push_screen(self.sessions.history())

    def action_knot_map(self, heading: str = "Your knot map") -> None:
        """The knot map: mark where it hurts and how much."""
        from knotsession.tui.screens.knot_map import KnotMapScreen

        if not isinstance(self.screen, KnotMapScreen):
            self.push_screen(KnotMapScreen(self.history_access.path, heading))

    def on_knot_map_screen_saved(self, message: KnotMapScreen.Saved) -> None:
        """Keep the map through the history writer; today's plan is read again with it."""
        self.history_access.mark_spots(message.marks)
        self.history_access.read_todays_plan(self.library, self.settings.avoid)

    def on_knot_map_screen_plan_wanted(self, message: KnotMapScreen.PlanWanted) -> None:
        """Today's plan for the marked spots, played at once."""
        self.play(self.sessions.todays_plan(message.marks))

    def watch_theme(self, theme: str) -> None:
        """Remember a theme chosen with t, the palette or the settings in config.toml."""
        self.settings_keeper.remember_theme(theme)

    def action_toggle_theme(self) -> None:
        """Switch between the light and the dark theme."""
        self.theme = toggled(self.theme)

    def action_open_settings(self) -> None:
        """Edit config.toml."""
        self.settings_keeper.open_form()

    # --- the parts' messages: the workers only post, the handlers own the state ----------

    @on(HistoryAccess.Read)
    def _history_read(self, message: HistoryAccess.Read) -> None:
        self.history_access.path = message.path
        self.streak = message.streak

    @on(HistoryAccess.PlanRead)
    def _plan_read(self, message: HistoryAccess.PlanRead) -> None:
        self.todays_plan = message.offer

    @on(HistoryAccess.Trouble)
    def _history_trouble(self, message: HistoryAccess.Trouble) -> None:
        if not message.told:
            self.tell(message.notice, timeout=10)
        self.history_notice = message.notice

    @on(Sound.Opened)
    def _cues_opened(self, message: Sound.Opened) -> None:
        self.sound.attach(message.player)
        self.cues_open = True

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed costs only its part: say so in one line, keep going."""
        what = {"cues": "Sound is off", "history": "History is not kept"}
        if event.state == WorkerState.ERROR and event.worker.group in what:
            self.tell(f"{what[event.worker.group]}: {event.worker.error}")

    def close_parts(self) -> None:
        """Close the cue player, and the history writer once what it holds is written."""
        self.sound.close()
        self.history_access.close()

    on_unmount = close_parts  # the parts close with the app, in tests too
