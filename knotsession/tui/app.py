"""The Textual app: screens, themes, and the sound and history parts opened in workers.

`launch(args, routine_id)` is the entry point of `knotsession` and `knotsession start ID`.
Everything slow (decoding sounds, opening SQLite, reading stats) happens in thread
workers after the home screen has painted; the workers only post messages, and the
handlers here own the state.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.theme import Theme
from textual.worker import Worker, WorkerState

from knotsession.core.engine import Clock, Session
from knotsession.core.library import Library
from knotsession.core.routine import Routine, did_you_mean
from knotsession.core.settings import Settings
from knotsession.tui.backends import (
    CuePlayer,
    CuePlayerFactory,
    CueRelay,
    HistoryStoreFactory,
    Narrator,
    NarratorFactory,
    open_cue_player,
    open_history_store,
    open_narrator,
)
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.themes import THEMES

if TYPE_CHECKING:
    from knotsession.core.history import HistoryStore, SessionRecorder

FEATURED_ROUTINE_ID = "desk-5"


@dataclass(frozen=True, slots=True)
class StreakLine:
    """The few history figures the home and completion screens show."""

    current: int
    week_sessions: int
    total_sessions: int

    def describe(self) -> str:
        """`3-day streak · 2 sessions this week`, or '' before any session."""
        if not self.total_sessions:
            return ""
        streak = f"{self.current}-day streak" if self.current else "No streak yet today"
        week = f"{self.week_sessions} session{'' if self.week_sessions == 1 else 's'} this week"
        return f"{streak} · {week}"


class KnotsessionApp(App[int]):
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
    BINDINGS = [
        Binding("question_mark", "help", "Help"),
        Binding("t", "toggle_theme", "Theme"),
    ]

    class CuesOpened(Message):
        """The cue player is ready."""

        def __init__(self, player: CuePlayer) -> None:
            super().__init__()
            self.player = player

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
    ) -> None:
        super().__init__()
        self.library = library
        self.clock = clock
        self.settings = settings or Settings()
        self.start_routine = start_routine
        self.today = today
        self.cues = CueRelay(clock, muted=self.settings.mute)
        self.history: HistoryStore | None = None  # the store sessions are written to
        self.history_path: Path | None = None
        self.streak: StreakLine | None = None
        self.notices: list[str] = []
        self.parts_started = False  # the history worker was started
        self._cues_opening = False  # the cue player's worker was started
        # Tips take turns from one completion to the next, starting somewhere new each day.
        self.tip_number = today().toordinal() if tip_number is None else tip_number
        self._cue_player_factory = cue_player_factory
        self._history_store_factory = history_store_factory
        self._narrator_factory = narrator_factory
        self.voice = self.settings.voice  # spoken guidance wanted (the v key in the player)
        self._store_lock = threading.Lock()
        for theme in THEMES.values():
            self.register_theme(theme)
        self._start_with_theme(THEMES[self.settings.theme])

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
        routine = self.library.get(self.start_routine) if self.start_routine else None
        if routine is not None:
            self.play(routine)
        # Sound and history load after the first paint, so they never delay it.
        self.call_after_refresh(self._open_parts)

    def _open_parts(self) -> None:
        self.refresh_streak()
        self.parts_started = True

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
        from knotsession.tui.screens.player import PlayerScreen

        self.ensure_cues()
        lead_in_s = self.settings.lead_in
        session = Session(routine, clock=self.clock, default_lead_in_s=lead_in_s)
        session.subscribe(self.cues.handle)
        recorder = self.record(session, tension_before)
        player = PlayerScreen(session, lead_in_s=lead_in_s, recorder=recorder)
        if isinstance(self.screen, HomeScreen):
            self.push_screen(player)
        else:
            self.switch_screen(player)

    def go_home(self) -> None:
        """Back to the home screen, closing whatever is above it."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def action_help(self) -> None:
        """Keys and the safety note."""
        from knotsession.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_history(self) -> None:
        """Streaks, the calendar and past sessions."""
        try:
            from knotsession.tui.screens.history import HistoryScreen
        except ImportError:  # the history screen is being written (issue 6)
            self.notify("The history screen is not ready yet.", timeout=3)
            return
        self.push_screen(HistoryScreen(store_path=self.history_path, today=self.today()))

    def action_toggle_theme(self) -> None:
        """Switch between the light and the dark theme."""
        self.theme = LIGHT_NAME if self.theme == DARK_NAME else DARK_NAME

    # --- sessions -----------------------------------------------------------------------

    def open_narrator(self, routine: Routine, lead_in_s: int) -> Narrator | None:
        """Spoken guidance for a session, once the cue player that plays it is open."""
        if self.cues.player is None:
            return None
        return self._narrator_factory(self.cues.player, routine, lead_in_s)

    def record(self, session: Session, tension_before: int | None = None) -> SessionRecorder | None:
        """Keep `session` in the history; call before it starts.

        SQLite connections belong to the thread that opened them, so the store sessions are
        written to is opened here, on the event loop, when the first session starts (one
        small file open, never before the first paint); the workers open their own to read.
        """
        if self._history_store_factory is None:
            return None
        if self.history is None:
            self.history = self._open_store()
        from knotsession.core.history import SessionRecorder

        return SessionRecorder(self.history, session, tension_before=tension_before)

    def _open_store(self) -> HistoryStore:
        """Open a history store; one at a time, because two first opens of a new file at
        once can find it locked (and the loser would keep its sessions in memory only)."""
        assert self._history_store_factory is not None
        with self._store_lock:
            return self._history_store_factory()

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
            overview = store.overview(self.today())
        finally:
            store.close()
        streak = StreakLine(
            overview.current_streak, overview.week_sessions, overview.total_sessions
        )
        self.post_message(self.HistoryRead(store.path, streak, store.notice))

    @on(CuesOpened)
    def _cues_opened(self, message: CuesOpened) -> None:
        self.cues.attach(message.player)
        self._tell_screens("show_sound")

    def _tell_screens(self, method: str, *arguments: object) -> None:
        """Call `method` on every open screen that has it (the player, the home screen...)."""
        for screen in self.screen_stack:
            show = getattr(screen, method, None)
            if show is not None:
                show(*arguments)

    @on(HistoryRead)
    def _history_read(self, message: HistoryRead) -> None:
        self.history_path = message.path
        if message.notice:
            self.tell(message.notice)
        self.streak = message.streak
        self._tell_screens("show_streak", message.streak)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed costs only its part: say so in one line, keep going."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        what = "Sound is off" if event.worker.group == "cues" else "History is not kept"
        self.tell(f"{what}: {error}")

    def tell(self, notice: str) -> None:
        """Show a one-line notice (no sound device, a damaged history file...)."""
        self.notices.append(notice)
        self.notify(notice, timeout=6)

    def close_parts(self) -> None:
        """Close the cue player and the history store."""
        self.cues.close()
        if self.history is not None:
            self.history.close()
            self.history = None

    def on_unmount(self) -> None:
        self.close_parts()


DARK_NAME = THEMES["dark"].name
LIGHT_NAME = THEMES["light"].name


def launch(args: argparse.Namespace, routine_id: str | None = None) -> int:
    """Run the app; with `routine_id`, straight into that routine. Returns the exit code."""
    from knotsession.core.library import load_default_library
    from knotsession.core.settings import load_settings, with_flags

    settings = with_flags(load_settings(report=True), mute=args.mute, voice=args.voice)
    library = load_default_library(args.routines)
    if routine_id is not None and library.get(routine_id) is None:
        print(f"knotsession: {unknown_routine(library, routine_id)}", file=sys.stderr)
        return 2
    app = KnotsessionApp(library, start_routine=routine_id, settings=settings)
    try:
        app.run()
    finally:
        app.close_parts()
    return app.return_code or 0


def unknown_routine(library: Library, routine_id: str) -> str:
    """Why `routine_id` cannot start: a broken file, or a typo with a suggestion."""
    broken = [p for p in library.problems if p.file.rsplit("/", 1)[-1] == f"{routine_id}.toml"]
    if broken:
        return f"routine '{routine_id}' has a problem: {broken[0]}"
    hint = did_you_mean(routine_id, sorted(library.routines)) or "see `knotsession list`"
    return f"no routine '{routine_id}'; {hint}"
