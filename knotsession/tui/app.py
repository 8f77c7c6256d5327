"""The Textual app: screens, themes, and the sound and history parts opened in workers.

`launch.py` reads the settings and routines and runs it. Everything slow (decoding
sounds, opening SQLite, reading stats) happens in thread workers after the home screen
has painted; the workers only post messages, and the handlers here own the state.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App
from textual.message import Message
from textual.theme import Theme
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from knotsession.core.engine import Abandoned, Clock, Finished
from knotsession.core.library import Library, display_path, load_default_library
from knotsession.core.routine import Routine
from knotsession.core.settings import Settings, SettingsError, VoiceDetail, with_flags
from knotsession.core.text import shown
from knotsession.figures.names import pose_names
from knotsession.tui import messages
from knotsession.tui.backends import (
    CuePlayer,
    CuePlayerFactory,
    CueRelay,
    HistoryStoreFactory,
    Narrator,
    NarratorFactory,
    open_checked_history_store,
    open_cue_player,
    open_history_store,
    open_narrator,
)
from knotsession.tui.break_reminder import BreakReminder, background_break_label, nudge_text
from knotsession.tui.collector import resume_collector
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.state import CommandLine, SharedState
from knotsession.tui.streak import StreakLine
from knotsession.tui.theme_memory import remember_theme, starting_theme, textual_name
from knotsession.tui.themes import THEMES

if TYPE_CHECKING:
    from knotsession.core.history import HistoryStore
    from knotsession.core.history_writer import HistoryWriter
    from knotsession.session_assembly import RunningSession
    from knotsession.tui.screens.knot_map import KnotMapScreen

FEATURED_ROUTINE_ID = "desk-5"
# The break label counts whole minutes, so once a minute is often enough.
BREAK_LABEL_EVERY_S = 60.0


class KnotsessionApp(SharedState):
    """Guided, timed stretch and self-massage routines."""

    # Absolute paths, so a subclass elsewhere (a benchmark) finds them. The home screen's
    # styles load with the app's: it is the default screen, and they are read in one go.
    CSS_PATH = [
        Path(__file__).with_name("app.tcss"),
        Path(__file__).parent / "screens" / "home.tcss",
    ]
    TITLE = "knotsession"
    ENABLE_COMMAND_PALETTE = True
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]

    class CuesOpened(Message):
        """The cue player is ready."""

        def __init__(self, player: CuePlayer) -> None:
            super().__init__()
            self.player = player

    class HistoryNotice(Message):
        """The history writer could not save something (told once per kind of trouble)."""

        def __init__(self, notice: str) -> None:
            super().__init__()
            self.notice = notice

    class HistoryRead(Message):
        """Fresh figures from the history, and a notice about its file if there is one."""

        def __init__(self, path: Path, streak: StreakLine, notice: str | None) -> None:
            super().__init__()
            self.path = path
            self.streak = streak
            self.notice = notice

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
        self.settings_problems = tuple(settings_problems)
        self._settings_path = settings_path
        # A file whose existence means the first-run safety note was seen; None never shows it.
        self._safety_note_seen = safety_note_seen
        self.start_routine = start_routine
        self.today = today
        self.cues = CueRelay(clock, muted=self.settings.mute)
        self.history: HistoryWriter | None = None  # writes sessions on its own thread
        self.history_path: Path | None = None
        self.notices: list[str] = []
        self.parts_started = False  # the history worker was started
        self._cues_opening = False  # the cue player's worker was started
        # Tips take turns from one completion to the next, starting somewhere new each day.
        self.tip_number = today().toordinal() if tip_number is None else tip_number
        self._cue_player_factory = cue_player_factory
        self._history_store_factory = history_store_factory
        self._narrator_factory = narrator_factory
        self.voice = self.settings.voice  # spoken guidance wanted (the v key in the player)
        self.voice_detail: VoiceDetail = self.settings.voice_detail  # the d key in the player
        self._store_lock = threading.Lock()
        self._history_checked = False  # a checked open found the file sound this run
        self.session_running = False  # a session is under way: break nudges wait
        self.running: RunningSession | None = None  # the latest session, assembled
        self.reminder: BreakReminder | None = None
        self._nudge_timer: Timer | None = None
        self._label_timer: Timer | None = None
        for theme in THEMES.values():
            self.register_theme(theme)
        name, problem = starting_theme(
            self.settings.theme, self.available_themes, self.settings_path
        )
        self.settings_problems += (problem,) if problem else ()
        self._start_with_theme(self.available_themes[name])

    def _start_with_theme(self, theme: Theme) -> None:
        """Set the first theme quietly: assigning `self.theme` would have Textual parse and
        apply all CSS once more before the first paint (about 70 ms); before the app runs,
        setting the value and the classes the watcher would set is enough."""
        self.set_reactive(App.theme, theme.name)
        self.stylesheet.set_variables(self.get_css_variables())
        self.set_class(theme.dark, "-dark-mode", update=False)
        self.set_class(not theme.dark, "-light-mode", update=False)
        self.set_class(True, f"-theme-{theme.name}", update=False)

    # --- screens ------------------------------------------------------------------------

    def get_default_screen(self) -> HomeScreen:
        return HomeScreen(self.library, featured_id=FEATURED_ROUTINE_ID)

    def on_mount(self) -> None:
        if not self.is_headless:
            self._stop_on_signals()
        for problem in self.settings_problems:
            self.tell(f"{problem}", timeout=12)
        self.start_reminder()
        routine = self.library.get(self.start_routine) if self.start_routine else None
        if self._safety_note_seen is not None and not self._safety_note_seen.exists():
            self._show_safety_note(then_play=routine)
        elif routine is not None:
            self.play(routine)
        # Sound and history load after the first paint, so they never delay it.
        self.call_after_refresh(self._open_parts)

    def _stop_on_signals(self) -> None:
        """SIGTERM, SIGHUP (the terminal closed) and SIGINT end the app the way q does: the
        running session is kept with the time actually spent, and Textual gives the terminal
        back (alternate screen left, mouse reporting off, echo on). Python's defaults would
        end the process with the terminal still in the app's modes."""
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self._stop_for_signal, signum)

    def _stop_for_signal(self, signum: int) -> None:
        if self.running is not None and not self.running.session.is_over:
            self.running.session.abandon()
        self.exit(return_code=128 + signum)

    def _show_safety_note(self, then_play: Routine | None) -> None:
        """The safety note, once: remembered as seen when it is closed."""
        from knotsession.tui.screens.safety_note import SafetyNoteScreen

        def closed(open_guide: bool | None) -> None:
            marker = self._safety_note_seen
            if marker is not None:
                try:
                    marker.parent.mkdir(parents=True, exist_ok=True)
                    marker.touch()
                except OSError:  # a read-only data folder: the note comes back next time
                    pass
            if then_play is not None:
                self.play(then_play)
            elif open_guide:
                self.action_guide()

        self.push_screen(SafetyNoteScreen(), closed)

    def _open_parts(self) -> None:
        resume_collector()
        self.refresh_streak()
        self.read_todays_plan()
        self.parts_started = True
        self._warm_up()

    @work(thread=True, exit_on_error=False, group="warm-up")
    def _warm_up(self) -> None:
        """Screens, poses and styles made ready for the first open (tui/warm_up.py)."""
        if self.is_headless:  # tests drive thousands of apps; test_warm_up calls it itself
            return
        from knotsession.tui.warm_up import warm_up

        warm_up(self)

    def ensure_cues(self) -> None:
        """Open the cue player the first time a routine is previewed or played, not at home:
        pydub and the audio library cost memory and time the home screen does not need."""
        if not self._cues_opening:
            self._cues_opening = True
            self.open_cues()

    def play(self, routine: Routine) -> None:
        """Open the player on `routine` (asking how tense first, if the settings say so)."""
        if self.settings.ask_tension != "both":
            self._play(routine, tension_before=None)
            return
        from knotsession.tui.screens.tension import TensionAsk

        def answered(tension: int | None) -> None:
            self._play(routine, tension_before=tension)

        self.push_screen(TensionAsk(), answered)

    def _play(self, routine: Routine, *, tension_before: int | None) -> None:
        from knotsession.session_assembly import assemble_session
        from knotsession.tui.screens.player import PlayerScreen

        self.ensure_cues()
        lead_in_s = self.settings.lead_in
        running = assemble_session(
            routine,
            lead_in_s=lead_in_s,
            clock=self.clock,
            cues=self.cues.handle,
            writer=self.history_writer(),
            tension_before=tension_before,
        )
        running.on_end(self._session_event)
        self.running = running
        self.session_running = True
        player = PlayerScreen(
            running,
            cues=self.cues,
            open_narrator=lambda: self.open_narrator(routine, lead_in_s),
            voice=self.voice,
            voice_detail=self.voice_detail,
            avoid=self.settings.avoid,
        )
        if isinstance(self.screen, HomeScreen):
            self.push_screen(player)
        else:
            self.switch_screen(player)

    @on(messages.SessionEnded)
    def _session_ended(self, message: messages.SessionEnded) -> None:
        """A finished session: how it went, in place of the player."""
        from knotsession.tui.screens.completion import CompletionScreen

        completion = CompletionScreen(
            message.routine,
            message.summary,
            ticket=message.ticket,
            tip_number=self.next_tip_number(),
        )
        self.switch_screen(completion)

    @on(messages.VoiceChosen)
    def _voice_chosen(self, message: messages.VoiceChosen) -> None:
        self.voice, self.voice_detail = message.voice, message.detail

    @on(messages.StartRoutine)
    def _start_routine(self, message: messages.StartRoutine) -> None:
        self.play(message.routine)

    @on(messages.StartBreak)
    def _start_break(self) -> None:
        routine = self.break_routine()
        if routine is not None:
            self.play(routine)

    @on(messages.EditRoutine)
    def _edit_routine(self, message: messages.EditRoutine) -> None:
        self.edit_routine(message.routine)

    @on(messages.OpenHistory)
    def _open_history(self) -> None:
        self.action_history()

    @on(messages.SaveAvoid)
    def _save_avoid(self, message: messages.SaveAvoid) -> None:
        self.save_avoid(message.areas)

    @on(messages.WantSound)
    def _want_sound(self) -> None:
        self.ensure_cues()

    @on(messages.RefreshStreak)
    def _refresh_streak(self) -> None:
        self.refresh_streak()
        self.read_todays_plan()
        self.next_break = self.next_break_label()  # the label counts minutes from now

    @on(messages.Notice)
    def _notice(self, message: messages.Notice) -> None:
        self.tell(message.text, timeout=message.timeout)

    @on(messages.GoHome)
    def _go_home(self, message: messages.GoHome) -> None:
        self.go_home()
        if message.notice:
            self.notify(message.notice, timeout=4, markup=False)

    def go_home(self) -> None:
        """Back to the home screen, closing whatever is above it."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def action_help(self) -> None:
        """Keys and the safety note."""
        from knotsession.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_guide(self, topic_id: str | None = None) -> None:
        """The guide: safety, when to see a professional, knots, food and more."""
        from knotsession.tui.screens.guide import GuideScreen

        if not isinstance(self.screen, GuideScreen):
            self.push_screen(GuideScreen(topic_id))

    def action_history(self) -> None:
        """Streaks, the calendar and past sessions."""
        try:
            from knotsession.tui.screens.history import HistoryScreen
        except ImportError:  # the history screen is being written (issue 6)
            self.notify("The history screen is not ready yet.", timeout=3)
            return
        self.push_screen(
            HistoryScreen(
                store_path=self.history_path,
                today=self.today(),
                daily_goal=self.settings.daily_goal,
            )
        )

    def action_knot_map(self, heading: str = "Your knot map") -> None:
        """The knot map: mark where it hurts and how much."""
        from knotsession.tui.screens.knot_map import KnotMapScreen

        if not isinstance(self.screen, KnotMapScreen):
            self.push_screen(KnotMapScreen(self.history_path, heading))

    def on_knot_map_screen_saved(self, message: KnotMapScreen.Saved) -> None:
        """Keep the map in the history, through the writer like every other write."""
        from datetime import datetime

        if self._history_store_factory is None:
            return
        if self.history is None:
            from knotsession.core.history_writer import HistoryWriter

            self.history = HistoryWriter(self._open_store, on_notice=self._history_trouble)
        marks, at = message.marks, datetime.now().astimezone()
        self.history.submit(lambda store: store.mark_spots(marks, at))
        self.read_todays_plan()

    def read_todays_plan(self) -> None:
        """Read today's plan for the spots marked lately (no history kept: none)."""
        if self._history_store_factory is not None:
            self._read_todays_plan()

    @work(thread=True, exit_on_error=False, group="plan", exclusive=True)
    def _read_todays_plan(self) -> None:
        """Today's plan, for home and the nudge; read after the history writer has saved
        what it holds, so a map just saved counts."""
        from knotsession.tui.plan_offer import read_plan_offer

        offer = read_plan_offer(
            self._open_store, self.history, self.library, self.settings.avoid, self.today()
        )
        with contextlib.suppress(RuntimeError):  # the app has closed meanwhile
            self.call_from_thread(setattr, self, "todays_plan", offer)

    def on_knot_map_screen_plan_wanted(self, message: KnotMapScreen.PlanWanted) -> None:
        """Today's plan for the marked spots: 5 minutes, seated, no equipment."""
        from knotsession.core.planner import plan_for_marks

        routines = self.library.routines.values()
        plan = plan_for_marks(
            routines, message.marks, minutes=5, position="seated", avoid=self.settings.avoid
        )
        self.play(plan.routine)

    def watch_theme(self, theme: str) -> None:
        """Remember a theme chosen with t, the palette or the settings in config.toml."""
        self.settings, notice = remember_theme(theme, self.settings, self.settings_path)
        if notice:
            self.tell(notice, timeout=12)

    def action_toggle_theme(self) -> None:
        """Switch between the light and the dark theme."""
        self.theme = LIGHT_NAME if self.theme == DARK_NAME else DARK_NAME

    # --- settings -----------------------------------------------------------------------

    @property
    def settings_path(self) -> Path:
        """Where config.toml is."""
        if self._settings_path is None:
            from knotsession import paths

            self._settings_path = paths.settings_file()
        return self._settings_path

    def action_open_settings(self) -> None:
        """Edit config.toml: the form shows the file's own values, not the command line's."""
        from knotsession.core.settings import read_settings
        from knotsession.tui.screens.settings import SettingsScreen

        in_file, _ = read_settings(self.settings_path)
        self.push_screen(SettingsScreen(in_file, self.settings_path), self._settings_saved)

    def _settings_saved(self, saved: Settings | None) -> None:
        if saved is not None:
            self.apply_settings(saved)
            self.notify("Settings saved.", timeout=3)

    def save_avoid(self, areas: tuple[str, ...]) -> None:
        """Keep the areas to avoid in config.toml (the file's other values stay) and use them."""
        import msgspec

        from knotsession.core.settings import SettingsError, read_settings
        from knotsession.core.settings_file import save_settings

        in_file, _ = read_settings(self.settings_path)
        changed = msgspec.structs.replace(in_file, avoid=areas)
        try:
            save_settings(changed, self.settings_path)
        except SettingsError as problem:
            self.tell(f"{problem}", timeout=12)
        self.apply_settings(changed)

    def apply_settings(self, saved: Settings) -> None:
        """Use new settings at once; the command line's flags still beat the file."""
        line = self.command_line
        new = with_flags(saved, mute=line.mute, voice=line.voice)
        old, self.settings = self.settings, new
        if new.theme != old.theme:
            self.theme = textual_name(new.theme)
        if new.mute != old.mute:
            self.cues.set_muted(new.mute)
        if new.volume != old.volume:
            self.cues.set_volume(new.volume)
        if new.voice != old.voice:
            self.voice = new.voice
        if new.remind_every != old.remind_every:
            self.start_reminder()
        if new.lead_in != old.lead_in or new.avoid != old.avoid:
            # Durations include lead-ins; routines working an avoided area are marked.
            self._tell_screens("show_library", self.library)

    # --- the person's own routines ------------------------------------------------------

    def edit_routine(self, routine: Routine) -> None:
        """Open one of the person's routine files in their editor, then load it again;
        a bundled routine says how to make a copy of one's own instead."""
        from knotsession.tui.editor import own_copy_id

        if routine.origin == "bundled" or routine.path is None:
            self.tell(
                "Bundled routines can't be edited here; make your own with: "
                f"knotsession new {own_copy_id(routine.id)} --from {routine.id}",
                timeout=10,
            )
            return
        self.edit_file(routine.path)

    def edit_file(self, path: Path) -> None:
        """The editor on `path`, then the routines read again; a file that no longer loads
        says why and offers the editor again."""
        from knotsession.tui.editor import edit_in_terminal

        problem = edit_in_terminal(self, path)
        self.reload_library()
        if problem:
            self.tell(problem)
            return
        shown = display_path(path)
        problems = [str(error) for error in self.library.problems if error.file == shown]
        if problems:
            from knotsession.tui.screens.edit_again import EditAgain

            self.notices.extend(problems)

            def answered(again: bool | None) -> None:
                if again:
                    self.edit_file(path)

            self.push_screen(EditAgain(path.name, problems), answered)

    def reload_library(self) -> None:
        """Read every routine folder again and show what is there now."""
        self.library = load_default_library(
            self.command_line.routine_dirs, known_poses=pose_names()
        )
        self._tell_screens("show_library", self.library)

    # --- break reminders ----------------------------------------------------------------

    def start_reminder(self) -> None:
        """(Re)start the break reminder from now, as the settings say (or stop it)."""
        for timer in (self._nudge_timer, self._label_timer):
            if timer is not None:
                timer.stop()
        self._nudge_timer = self._label_timer = None
        every_s = self.settings.remind_every
        self.reminder = BreakReminder(every_s, self.clock) if every_s else None
        # Every minute even when off here: the background service may start or stop.
        self._label_timer = self.set_interval(BREAK_LABEL_EVERY_S, self.reminder_tick)
        self.reminder_tick()

    def reminder_tick(self) -> None:
        """Nudge when the break is due (not during a session, nor while the background
        service nudges for it), then update the label."""
        reminder = self.reminder
        service = background_break_label()  # None unless the background service runs
        if reminder is not None and reminder.is_due() and not self.session_running:
            if service is None:
                self._nudge()
            reminder.restart()
        self._schedule_nudge()
        self.next_break = self.next_break_label(service)

    def next_break_label(self, service: str | None = None) -> str:
        """`Next break in 42 min`, the background service's next break, or '' when off."""
        service = service or background_break_label()
        return service or (self.reminder.label() if self.reminder is not None else "")

    def _schedule_nudge(self) -> None:
        """One timer, at the break's exact deadline."""
        if self._nudge_timer is not None:
            self._nudge_timer.stop()
            self._nudge_timer = None
        if self.reminder is not None and not self.session_running:
            self._nudge_timer = self.set_timer(self.reminder.left_s(), self.reminder_tick)

    def break_routine(self) -> Routine | None:
        """The short standing routine a break suggests (knotsession.core.break_choice)."""
        from knotsession.core.break_choice import suggest_break

        suggestion = suggest_break(list(self.library.routines.values()), (), ())
        return suggestion.routine if suggestion else None

    def _nudge(self) -> None:
        routine = self.break_routine()
        self.bell()
        text = nudge_text(routine.name if routine else None, self.todays_plan)
        self.notify(text, timeout=60, markup=False)
        if isinstance(self.screen, HomeScreen):
            self.screen.focus_featured()

    def _session_event(self, event: Finished | Abandoned) -> None:
        """A session that ends lets break nudges through again; a finished one was a break."""
        self.session_running = False
        if isinstance(event, Finished) and self.reminder is not None:
            self.reminder.restart()
        self.call_later(self.reminder_tick)

    # --- sessions -----------------------------------------------------------------------

    def open_narrator(self, routine: Routine, lead_in_s: int) -> Narrator | None:
        """Spoken guidance for a session, once the cue player that plays it is open."""
        if self.cues.player is None:
            return None
        return self._narrator_factory(self.cues.player, routine, lead_in_s)

    def history_writer(self) -> HistoryWriter | None:
        """The history writer, started by the first session (None: no history kept).

        Its thread opens the file and owns the one connection that writes, so nothing here
        waits on SQLite. The workers that read open their own connections.
        """
        if self._history_store_factory is None:
            return None
        if self.history is None:
            from knotsession.core.history_writer import HistoryWriter

            self.history = HistoryWriter(self._open_store, on_notice=self._history_trouble)
        return self.history

    def _history_trouble(self, notice: str) -> None:
        """From the writer's thread: post, never wait for the event loop (it may be
        waiting for the writer to finish at exit)."""
        self.post_message(self.HistoryNotice(notice))

    @on(HistoryNotice)
    def _tell_history_trouble(self, message: HistoryNotice) -> None:
        self.tell(message.notice, timeout=10)
        self._tell_screens("show_history_notice", message.notice)

    def _open_store(self) -> HistoryStore:
        """Open a history store; one at a time, because two first opens of a new file at
        once can find it locked (and the loser would keep its sessions in memory only).
        Once a checked open found the real file sound, later opens skip the check."""
        factory = self._history_store_factory
        assert factory is not None
        with self._store_lock:
            if self._history_checked and factory is open_history_store:
                factory = open_checked_history_store
            store = factory()
            self._history_checked = self._history_checked or store.available
            return store

    def next_tip_number(self) -> int:
        """The number of the tip to show at this completion."""
        number = self.tip_number
        self.tip_number += 1
        return number

    # --- workers: they only post messages -----------------------------------------------

    @work(thread=True, exit_on_error=False, group="cues")
    def open_cues(self) -> None:
        """Open the cue player (decoding sounds takes a moment)."""
        player = self._cue_player_factory(
            self.settings.mute, self.settings.volume, self._ring_bell_from_thread
        )
        self.post_message(self.CuesOpened(player))

    def _ring_bell_from_thread(self) -> None:
        """The bell of the cue player's thread, rung by the app: a "\\a" written from
        another thread could land inside an escape sequence."""
        with contextlib.suppress(RuntimeError):  # the app has closed
            self.call_from_thread(self.bell)

    def refresh_streak(self) -> None:
        """Read the streak from the history, off the event loop."""
        if self._history_store_factory is not None:
            self._read_history()

    @work(thread=True, exit_on_error=False, group="history", exclusive=True)
    def _read_history(self) -> None:
        store = self._open_store()
        try:
            overview = store.streaks(self.today())  # the per-day totals only
        finally:
            store.close()
        streak = StreakLine(
            overview.current_streak,
            overview.week_sessions,
            overview.total_sessions,
            today_completed=overview.completed_today(),
            daily_goal=self.settings.daily_goal,
        )
        self.post_message(self.HistoryRead(store.path, streak, store.notice))

    @on(CuesOpened)
    def _cues_opened(self, message: CuesOpened) -> None:
        self.cues.attach(message.player)
        self.cues_open = True

    def _tell_screens(self, method: str, *arguments: object) -> None:
        """Call `method` on every open screen that has it (the player, the home screen...);
        a screen not mounted yet reads the app's state when it mounts."""
        for screen in self.screen_stack:
            show = getattr(screen, method, None)
            if show is not None and screen.is_mounted:
                show(*arguments)

    @on(HistoryRead)
    def _history_read(self, message: HistoryRead) -> None:
        self.history_path = message.path
        if message.notice:
            self.tell(message.notice)
        self.streak = message.streak

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed costs only its part: say so in one line, keep going."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        what = "Sound is off" if event.worker.group == "cues" else "History is not kept"
        self.tell(f"{what}: {error}")

    def tell(self, notice: str, timeout: float = 6) -> None:
        """Show a one-line notice (no sound device, a damaged history file...)."""
        self.notices.append(notice)
        # A notice may quote a path or $EDITOR: text from outside.
        self.notify(shown(notice), timeout=timeout, markup=False)

    def close_parts(self) -> None:
        """Close the cue player, and the history writer once what it holds is written."""
        self.cues.close()
        if self.history is not None:
            self.history.close()
            self.history = None

    def on_unmount(self) -> None:
        self.close_parts()


DARK_NAME = THEMES["dark"].name
LIGHT_NAME = THEMES["light"].name
