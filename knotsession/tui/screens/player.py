"""The player: one routine, step by step, with a big countdown.

The player wakes when something is due: at the engine's next deadline (a cue, a new
step) or when the countdown's whole second changes, whichever is sooner, with one wake-up
set for exactly then and set again after every event and key (pause, resume, skip, back,
+15 s). So a cue is on the beat after a pause, and nothing runs in between. The wake-up is
fixed on the event loop's clock when it is set (`loop.call_at`): a Textual timer counts from
when its task first runs, after the repaint that followed the key or tick that set it (2-3 ms
late). It comes EARLY_S before the deadline and the tick sleeps out the rest, as the loop's
own wake-ups are whole milliseconds. The engine's events change what is shown; each widget
is touched only when the value it shows changes.

Two things keep a countdown from ever freezing: the session's start waits for the first
paint (a callback Textual runs after a refresh), and each wake-up sets the next. Either one
lost would stop the player for good, so once it is shown a slow check (BEAT_CHECK_S, a
Textual interval) starts a session still waiting and wakes a player whose wake-up is missing
or long overdue. It counts what it rescued (`rescues`); the session's end stops it.

The session comes assembled (`knotsession.session_assembly`); when it finishes the player
posts `SessionEnded` and the app decides what comes next.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from knotsession.core.engine import (
    Abandoned,
    Event,
    Finished,
    Paused,
    Resumed,
    Segment,
    SegmentStarted,
    plan_segments,
)
from knotsession.core.settings import VoiceDetail
from knotsession.session_assembly import RunningSession
from knotsession.tui.made_ahead import Droppable
from knotsession.tui.messages import GoHome, SessionEnded, VoiceChosen, WantSound
from knotsession.tui.state import HELP_KEY
from knotsession.tui.styled_once import StyledOnce
from knotsession.tui.widgets.blank import (
    BlankCenter,
    BlankHorizontal,
    BlankVertical,
    BlankVerticalScroll,
)
from knotsession.tui.widgets.countdown import Countdown
from knotsession.tui.widgets.figure import (
    FIGURE_HEIGHT,
    FIGURE_WIDTH,
    FigureView,
    figure_box,
    frames_for,
)
from knotsession.tui.widgets.keys_footer import KeysFooter
from knotsession.tui.widgets.live_text import LiveText
from knotsession.tui.widgets.progress_line import ProgressLine
from knotsession.tui.words import area_label, segment_heading, segment_title, time_left

if TYPE_CHECKING:
    from knotsession.core.routine import Routine
    from knotsession.tui.backends import CueRelay, Narrator

# The figure grows with the terminal, from 20x10 to 60x30 cells, keeping beside it room for
# the instructions and above and below it the rows the rest of the player needs.
LARGEST_FIGURE_ROWS = 30
INSTRUCTIONS_MIN_WIDTH = 56  # the step progress bar (48) and some air
ROWS_AROUND_THE_STAGE = 8  # top, stage padding, next, routine line, a notice, footer
EARLY_S = 0.0015  # the wake-up comes this much before a deadline; the rest is slept out
BEAT_CHECK_S = 1.0  # how often the player checks that it is moving (see the docstring)
GETTING_READY = "-getting-ready"  # on the heading and the countdown, not the screen (player.tcss)


def avoid_offer(step_name: str, area: str) -> str:
    """What the player says before a step that works an area the person avoids."""
    return (
        f"{step_name} works your {area_label(area).lower()}, which you avoid. Press x to skip it."
    )


def stage_figure_box(width: int, height: int) -> tuple[int, int]:
    """The figure's box in a player of `width` x `height`: as large as the space allows, up
    to three times 20x10 (the breakpoints hide it on a small terminal)."""
    rows = min(
        LARGEST_FIGURE_ROWS,
        height - ROWS_AROUND_THE_STAGE,
        (width - INSTRUCTIONS_MIN_WIDTH - 6) // 2,
    )
    return figure_box(rows * 2, max(rows, FIGURE_HEIGHT))


def draw_ahead(routine: Routine, width: int, height: int) -> None:
    """Draw the figure a session of `routine` opens on, at both sizes the player shows it:
    as the session is taken, and once laid out in a terminal of `width` x `height` (4-6 ms
    each on the loop otherwise, the first before the player is pushed). Blocking: for a
    worker thread while home is shown; a pose that cannot be drawn is left for the player
    to tell."""
    first = plan_segments(routine)[0]
    for box in ((FIGURE_WIDTH, FIGURE_HEIGHT), stage_figure_box(width, height)):
        with contextlib.suppress(Exception):
            frames_for(
                first.step.poses, mirrored=first.side == "right", spot=first.step.spot, box=box
            )


class PlayerScreen(Droppable, StyledOnce, Screen):
    """A routine being done."""

    BLANK = True  # an opaque background and no border: drawn as blank lines (widgets/blank.py)

    CSS_PATH = "player.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (18, "-medium"), (22, "-tall")]
    BINDINGS = [
        Binding("space", "pause", "Pause", tooltip="pause or go on"),
        Binding("space", "resume", "Resume", tooltip="pause or go on"),
        Binding("right,n", "skip", "Skip", tooltip="skip to the next step"),
        Binding("left,p", "back", "Back", tooltip="back: restart this step, or the one before"),
        Binding("q,escape", "quit_session", "Quit", tooltip="stop the session (asks first)"),
        Binding(
            "plus,equals_sign", "extend", "15 s more", key_display="+", tooltip="15 more seconds"
        ),
        Binding("m", "mute", "Mute", tooltip="sound on or off"),
        Binding("v", "voice", "Voice", tooltip="spoken guidance on or off"),
        Binding(
            "d",
            "voice_detail",
            "Full/brief",
            tooltip="spoken instructions in full the first time, or brief",
        ),
        Binding(
            "x",
            "skip_step",
            "Skip step",
            show=False,
            tooltip="skip this whole step (offered for an area you avoid)",
        ),
        HELP_KEY,
    ]

    voice: reactive[bool] = reactive(False, init=False)
    """Spoken guidance wanted (v)."""
    voice_detail: reactive[VoiceDetail] = reactive[VoiceDetail]("full", init=False)
    """Spoken instructions in full the first time, or brief (d)."""

    def __init__(self) -> None:
        """An empty player; `take` gives it its session before it is shown. It can be made
        ahead: composed and mounted off screen while home is shown (session_start.py), so
        a session's first open only lays it out and draws it."""
        super().__init__()
        self._taken = False  # given its session
        self._started = False  # the session's clock was asked to start
        self.rescues = 0  # starts and wake-ups the beat check had to make (see the docstring)
        self._beat_check: Timer | None = None
        self.narrator: Narrator | None = None
        self._wake: asyncio.TimerHandle | None = None
        self.wake_in_s: float | None = None  # how far ahead the player will wake next
        self._shown: dict[str, object] = {}
        self._paused_by_overlay = False
        self._offered_skips: set[int] = set()  # steps whose avoided area was pointed out

    def take(
        self,
        running: RunningSession,
        *,
        cues: CueRelay,
        open_narrator: Callable[[], Narrator | None],
        voice: bool = False,
        voice_detail: VoiceDetail = "full",
        avoid: tuple[str, ...] = (),
    ) -> PlayerScreen:
        """Play `running` (not started: its clock starts with the first step on screen).
        `open_narrator` gives spoken guidance once the cue player is open (else None)."""
        self.running = running
        self.session = running.session
        self.routine = running.routine
        self.cues = cues
        self.avoid = avoid
        self._open_narrator = open_narrator
        self.set_reactive(PlayerScreen.voice, voice)
        self.set_reactive(PlayerScreen.voice_detail, voice_detail)
        self._taken = True
        if self.is_mounted:  # made ahead
            self._begin()
        return self

    def compose(self) -> ComposeResult:
        with BlankHorizontal(id="top"):
            # With its text from the start when it has a session: an auto-width Static made
            # empty and filled on mount could keep its empty width when the screen opened at
            # once (seen on Python 3.12). Made ahead, it is filled long after it mounted.
            yield Static(self.routine.name if self._taken else "", id="routine-name", markup=False)
            yield Static(self._step_count() if self._taken else "", id="step-count")
        with BlankHorizontal(id="stage"):
            # The step's pose beside the instructions; the slot is hidden while the step
            # has none, and dropped first on a small terminal.
            # Made shown: most steps have a pose, and a class changed once the player is
            # made restyles the slot and the figure (the first step's change of every
            # session when the player is made ahead); a step without one hides it.
            with BlankVertical(id="figure-slot", classes="-with-figure"):
                yield FigureView(id="figure", driven=True)  # moved on the countdown's second
            with BlankVertical(id="now"):
                # Made getting ready when made ahead, as most sessions begin (every bundled
                # routine has a lead-in): the class changed at the first step restyled the
                # countdown and its digits then, 5 ms of the player's first open.
                ready = self.session.current.kind != "work" if self._taken else True
                lead_in = GETTING_READY if ready else ""
                yield Static("", id="heading", classes=lead_in)
                yield Static("", id="title", markup=False)
                with BlankCenter():
                    yield Countdown(id="countdown", classes=lead_in)
                yield Static("Paused · space to go on", id="paused")
                with BlankCenter():
                    yield ProgressLine(id="step-progress")
                # Scrolled by the clock, not by hand: a long how-to moves along as the
                # step runs, so its end is on screen before the step ends.
                with BlankVerticalScroll(id="instructions-box", can_focus=False):
                    yield Static("", id="instructions", markup=False)
        yield Static("", id="next", markup=False)
        with BlankHorizontal(id="routine-line"):
            yield ProgressLine(id="routine-progress")
            yield LiveText(id="time-left")
        yield Static("", id="sound", classes="notice")
        yield KeysFooter()

    def on_mount(self) -> None:
        if self.removed_if_dropped():
            return
        self.watch(self.app, "cues_open", self._sound_changed, init=False)
        if self._taken:
            self._begin()

    def _begin(self) -> None:
        """The session's first step shown, its clock not started yet (mounted and taken).
        Not before: a player made ahead as the app closes can be mounted half-composed."""
        self._countdown = self.query_one(Countdown)
        self._figure = self.query_one("#figure", FigureView)
        self._step_progress = self.query_one("#step-progress", ProgressLine)
        self._routine_progress = self.query_one("#routine-progress", ProgressLine)
        self._time_left = self.query_one("#time-left", LiveText)
        self._instructions_box = self.query_one("#instructions-box", VerticalScroll)
        self._text("routine-name", self.routine.name)
        self.running.add_listener(self._on_event)
        self.running.on_end(self._ended)
        self._attach_narrator()
        self._show_segment()
        self._show_time()
        self.show_sound()

    def _start(self) -> None:
        if self.session.state != "ready":  # started already (the beat check came first)
            return
        # The cue player is opened now, with the first step on screen, not as the player
        # opens: the worker's imports and decoding held the event loop's thread back
        # through the GIL while the player was laid out and drawn (its first frame came
        # 5-15 ms later). A cue played before it is open is kept for it (CueRelay).
        self.post_message(WantSound())
        self.session.start()
        self._arm()

    def _check_beat(self) -> None:
        """Start a session still waiting for its first paint, or wake a running player whose
        wake-up is missing or more than a check late."""
        if self.session.state == "ready":
            self.rescues += 1
            self._start()
            return
        if self.session.state != "running":
            return
        wake, now = self._wake, asyncio.get_running_loop().time()
        if wake is None or wake.when() < now - BEAT_CHECK_S:
            self.rescues += 1
            self.tick()

    def _sound_changed(self, _open: bool) -> None:
        if self._taken:
            self.show_sound()

    def on_resize(self, event: events.Resize) -> None:
        if self._taken:  # else shown later, and sized then
            self._size_figure(event.size.width, event.size.height)

    def _size_figure(self, width: int, height: int) -> None:
        box_width, box_height = stage_figure_box(width, height)
        slot = self.query_one("#figure-slot")
        slot.styles.width = box_width + 2
        slot.styles.height = box_height
        self._figure.styles.width = box_width
        self._figure.styles.height = box_height

    def on_unmount(self) -> None:
        if not self._taken:  # made ahead, never used
            return
        self._stop_wake()
        # Leaving any other way than the end (the app closed, ctrl+q) is a stopped session.
        if not self.session.is_over:
            self.session.abandon()
        if self.narrator is not None:
            # A line still being rendered finishes on its own thread; wait only a moment.
            self.narrator.close(timeout=0.1)

    # --- time ---------------------------------------------------------------------------

    def tick(self) -> None:
        """Let the engine catch up with the clock, show the time, and wake again when the
        next thing is due. The figure moves on when the countdown's second changes, so the
        digits, the bars and the figure are redrawn in one screen update."""
        shown_s = self._countdown.seconds
        self._to_the_deadline()
        self.session.poll()
        if not self.session.is_over:
            self._show_time()
            if self._countdown.seconds != shown_s:
                self._figure.advance()
            self.show_sound()  # the cue player finds out about its device on its own thread
        self._arm()

    def _arm(self) -> None:
        """One wake-up, for the next deadline of the engine or the next whole second of the
        countdown, whichever comes first; none while paused or over."""
        self._stop_wake()
        self.wake_in_s = self._next_wake_s()
        if self.wake_in_s is not None and self.is_attached:
            # The moment is fixed now; the tick runs in this screen's turn, as a timer's would.
            loop = asyncio.get_running_loop()
            when = loop.time() + max(self.wake_in_s - EARLY_S, 0.0)
            self._wake = loop.call_at(when, self._woken)

    def _to_the_deadline(self) -> None:
        """Woken a little early (the loop's wake-ups are whole milliseconds, and late): wait
        out the rest of the way to a deadline that is that close, so the cue is queued on it."""
        deadline = self.session.next_deadline()
        if deadline is not None:
            remaining_s = deadline - self.running.clock()
            if 0 < remaining_s <= EARLY_S:
                time.sleep(remaining_s)

    def _woken(self) -> None:
        # Kept until the tick sets the next one: the beat check sees when this one was due.
        if self.is_attached:
            self.call_next(self.tick)

    def _stop_wake(self) -> None:
        if self._wake is not None:
            self._wake.cancel()
            self._wake = None

    def _next_wake_s(self) -> float | None:
        deadline = self.session.next_deadline()
        if deadline is None:
            return None
        remaining_s = self.session.remaining_s()
        digit_s = remaining_s - (math.ceil(remaining_s - 1e-9) - 1)  # the shown second changes
        return max(min(deadline - self.running.clock(), digit_s), 0.0)

    def _on_event(self, event: Event) -> None:
        if isinstance(event, SegmentStarted):
            self._show_segment()
            self._show_time()
            self._offer_skip()
        elif isinstance(event, Paused | Resumed):
            self._show_paused(isinstance(event, Paused))

    def _ended(self, ending: Finished | Abandoned) -> None:
        """Told once by the running session; a finished one is the app's to route."""
        self._stop_wake()
        if self._beat_check is not None:
            self._beat_check.stop()
        if isinstance(ending, Finished):
            self.post_message(SessionEnded(self.routine, ending.summary, self.running.ticket))

    def _offer_skip(self) -> None:
        """A step that works an area the person avoids: say so once, and how to skip it."""
        segment = self.session.current
        area = segment.step.area
        if area not in self.avoid or segment.step_index in self._offered_skips:
            return
        self._offered_skips.add(segment.step_index)
        self.app.notify(
            avoid_offer(segment.step.name, area),
            title="Area to avoid",
            severity="warning",
            timeout=12,
            markup=False,
        )

    # --- showing ------------------------------------------------------------------------

    def _update(self, widget_id: str, value: object) -> bool:
        """Remember what a widget shows; True when it needs changing."""
        if self._shown.get(widget_id) == value:
            return False
        self._shown[widget_id] = value
        return True

    def _text(self, widget_id: str, text: str) -> None:
        if self._update(widget_id, text):
            self.query_one(f"#{widget_id}", Static).update(text)

    def _step_count(self) -> str:
        return f"step {self.session.current.step_index + 1} of {len(self.routine.steps)}"

    def _show_segment(self) -> None:
        segment = self.session.current
        self._text("step-count", self._step_count())
        self._text("heading", segment_heading(segment))
        self._text("title", segment_title(segment))
        self._text("instructions", segment.step.instructions)
        following = self._next_thing(segment)
        self._text("next", f"Next: {segment_title(following)}" if following else "Next: done")
        getting_ready = segment.kind != "work"
        self.query_one("#heading", Static).set_class(getting_ready, GETTING_READY)
        self._countdown.set_class(getting_ready, GETTING_READY)
        self._show_figure(segment)

    def _show_figure(self, segment: Segment) -> None:
        """The step's pose, the other way round on the right side, its spot lit.

        Getting ready and switching sides show the coming pose standing still; it moves
        (two poses taking turns) only while the step runs.
        """
        step = segment.step
        figure = self._figure
        figure.show(step.poses, mirrored=segment.side == "right", spot=step.spot)
        figure.playing = segment.kind == "work" and self.session.state == "running"
        self.query_one("#figure-slot").set_class(bool(figure.frames), "-with-figure")

    def _next_thing(self, segment: Segment) -> Segment | None:
        """The next piece of work that is not this one (this step's other side, or the next)."""
        for later in self.session.segments[self.session.index + 1 :]:
            same = later.step_index == segment.step_index and later.side == segment.side
            if later.kind == "work" and not same:
                return later
        return None

    def _show_time(self) -> None:
        """The countdown and the bars, all moved on the same whole second.

        Each widget repaints only when what it shows changes, and since all of them are
        worked out from the same whole seconds they change together: one redraw a second.
        """
        session = self.session
        seconds_left = math.ceil(session.remaining_s() - 1e-9)
        length_s = session.segment_length_s()
        later_s = sum(segment.duration_s for segment in session.segments[session.index + 1 :])
        routine_left_s = seconds_left + later_s
        self._countdown.seconds = seconds_left
        self._step_progress.fraction = (length_s - seconds_left) / length_s
        self._routine_progress.fraction = 1 - routine_left_s / session.planned_s
        self._time_left.text = f"{time_left(routine_left_s)} left"
        # The last second shows the end of a long how-to.
        self._scroll_instructions((length_s - seconds_left) / max(length_s - 1, 1))

    def _scroll_instructions(self, fraction: float) -> None:
        """Keep the part of a long how-to that fits in view, moving on as the step runs."""
        box = self._instructions_box
        if box.max_scroll_y <= 0:
            return
        working = self.session.current.kind == "work"
        line = round(min(fraction, 1.0) * box.max_scroll_y) if working else 0
        if self._update("instructions-line", line):
            box.scroll_to(y=line, animate=False)

    def _show_paused(self, paused: bool) -> None:
        self.query_one("#paused", Static).set_class(paused, "-paused")
        self._countdown.set_class(paused, "-paused")
        self._figure.playing = not paused and self.session.current.kind == "work"
        self._arm()
        self.refresh_bindings()

    def show_sound(self) -> None:
        """Show whether sound is off, voice on, and any notice about them (no device...)."""
        self._attach_narrator()  # the cue player may have just opened
        cues = self.cues
        parts = ["Sound off · m to turn on"] if cues.muted else []
        if self.narrator is not None and self.narrator.enabled:
            other = "brief" if self.voice_detail == "full" else "full"
            parts.append(f"Voice on, {self.voice_detail} · v off · d {other}")
        for notice in (cues.notice, self.narrator.notice if self.narrator else None):
            if notice:
                parts.append(notice)
        self._text("sound", " · ".join(parts))

    def _attach_narrator(self) -> None:
        """Speak the steps when voice is wanted and the cue player that plays it is open."""
        if self.narrator is not None or not self.voice:
            return
        self.narrator = self._open_narrator()
        if self.narrator is not None:
            self.narrator.set_detail(self.voice_detail)
            self.running.attach_narrator(self.narrator.handle)

    def on_screen_resume(self) -> None:
        if not self._started:
            # The clock starts with the first step on screen, not while the player is drawn.
            self._started = True
            self.call_after_refresh(self._start)
            self._beat_check = self.set_interval(BEAT_CHECK_S, self._check_beat, name="beat check")
        self.show_sound()
        if self._paused_by_overlay:
            self._paused_by_overlay = False
            self.session.resume()

    def on_screen_suspend(self) -> None:
        # Help or the quit question is on top: the clock waits for the person.
        if self.session.state == "running":
            self._paused_by_overlay = True
            self.session.pause()

    # --- keys ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self._taken:  # made ahead: the keys of a session not paused
            return action != "resume"
        paused = self.session.state == "paused"
        if action == "pause":
            return not paused
        if action == "resume":
            return paused
        return True

    def action_pause(self) -> None:
        """Stop the clock."""
        self.session.pause()

    def action_resume(self) -> None:
        """Start the clock again."""
        self.session.resume()

    def action_skip(self) -> None:
        """On to the next segment."""
        self.session.skip()
        self._arm()

    def action_skip_step(self) -> None:
        """Skip the whole current step (each side of it), e.g. one that works an avoided area."""
        index = self.session.current.step_index
        while not self.session.is_over and self.session.current.step_index == index:
            self.session.skip()
        self._arm()

    def action_back(self) -> None:
        """Restart this segment, or back to the one before when it has only just begun."""
        self.session.back()
        self._arm()

    def action_extend(self) -> None:
        """Fifteen more seconds of this segment."""
        self.session.extend()
        self._show_time()
        self._arm()

    def action_mute(self) -> None:
        """Sound on or off."""
        self.cues.toggle_mute()
        self.show_sound()

    def action_voice(self) -> None:
        """Spoken guidance on or off."""
        self.voice = not self.voice
        if self.narrator is None:
            self._attach_narrator()
            if self.narrator is not None:  # with no speech engine it stays quiet
                self.voice = self.narrator.enabled
        else:
            self.voice = self.narrator.set_enabled(self.voice)
        self.post_message(VoiceChosen(self.voice, self.voice_detail))
        self.show_sound()

    def action_voice_detail(self) -> None:
        """Spoken instructions in full the first time, or always brief."""
        self.voice_detail = "brief" if self.voice_detail == "full" else "full"
        if self.narrator is not None:
            self.narrator.set_detail(self.voice_detail)
        self.post_message(VoiceChosen(self.voice, self.voice_detail))
        self.show_sound()

    def action_quit_session(self) -> None:
        """Ask before stopping; a stopped session is kept as not completed."""
        from knotsession.tui.screens.confirm import QuitConfirm

        def answered(stop: bool | None) -> None:
            if stop:
                self._paused_by_overlay = False
                self.session.abandon()
                kept = self.running.recorder is not None
                self.post_message(
                    GoHome("Stopped. Kept in your history as not completed." if kept else None)
                )

        self.app.push_screen(QuitConfirm(), answered)
