"""The --plain runner: the same engine as the app, printing one line per segment.

For screen readers, pipes and scripts. It sleeps until the engine's next deadline
rather than ticking, so it costs nothing while a step runs and never drifts.
"""

from __future__ import annotations

import errno
import signal
import sys
import time
from collections.abc import Callable, Iterable
from typing import TextIO

from knotsession.core.engine import (
    Abandoned,
    Clock,
    Event,
    Finished,
    Listener,
    Segment,
    SegmentStarted,
    Session,
)
from knotsession.core.routine import Routine
from knotsession.core.settings import Settings
from knotsession.core.text import shown
from knotsession.core.wording import clock
from knotsession.session_assembly import RunningSession, assemble_session

SAFETY_LINE = (
    "Stretch gently. Ease off if anything hurts sharply; see a professional if pain persists."
)
INSTRUCTIONS_INDENT = "       "  # under the step's name, past its clock label
_LONGEST_SLEEP_S = 1.0  # wake at least this often, so a signal is handled promptly


def stop_signals() -> list[signal.Signals]:
    """SIGTERM, and SIGHUP (the terminal closed) where it exists: Windows has none."""
    return [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]


def clock_label(seconds: float) -> str:
    """`[1:05]` for 65 seconds."""
    return f"[{clock(seconds)}]"


def describe_segment(session: Session, segment: Segment) -> str:
    """What a segment is, in one line: get ready, the step and side, or switch sides."""
    steps_total = len(session.routine.steps)
    step = segment.step
    side = f", {segment.side} side" if segment.side else ""
    seconds = int(segment.duration_s)
    if segment.kind == "lead_in":
        return f"Get ready: {step.name}{side} ({seconds} s)"
    if segment.kind == "switch":
        return f"Switch sides: {step.name}{side} ({seconds} s)"
    number = segment.step_index + 1
    return f"Step {number}/{steps_total}: {step.name}{side}, {seconds} s"


class LinePrinter:
    """Prints a line as each segment starts and when the session ends."""

    def __init__(self, session: Session, out: TextIO) -> None:
        self.session = session
        self.out = out
        self._explained: int | None = None  # the step whose instructions were printed last

    def __call__(self, event: Event) -> None:
        at = clock_label(self.session.active_s())
        if isinstance(event, SegmentStarted):
            self._say(f"{at} {describe_segment(self.session, event.segment)}")
            self._explain(event.segment)
        elif isinstance(event, Finished):
            summary = event.summary
            self._say(
                f"{at} Done: {self.session.routine.name}, "
                f"{summary.steps_done} of {summary.steps_total} steps. Well done."
            )
        elif isinstance(event, Abandoned):
            summary = event.summary
            self._say(
                f"{at} Stopped: {summary.steps_done} of {summary.steps_total} steps done "
                "(kept in your history as not completed)."
            )

    def _explain(self, segment: Segment) -> None:
        """A step's instructions, once, as it comes up (while getting ready, if there is one)."""
        if segment.step_index == self._explained:
            return
        self._explained = segment.step_index
        if segment.step.instructions:
            self._say(f"{INSTRUCTIONS_INDENT}{segment.step.instructions}")

    def _say(self, line: str) -> None:
        print_if_read(shown(line), self.out)


def print_if_read(line: str, out: TextIO) -> None:
    """Print `line` unless nobody reads any more: a closed pipe, or a terminal that closed
    (EIO, before its SIGHUP stops the session). The session is recorded all the same."""
    try:
        print(line, file=out, flush=True)
    except BrokenPipeError:
        pass
    except OSError as error:
        if error.errno != errno.EIO:
            raise


class _Stop(Exception):
    """A signal asked the runner to stop."""


def _raise_stop(signum: int, _frame: object) -> None:
    raise _Stop(signum)


def run_plain(
    running: Session | RunningSession,
    *,
    clock: Clock = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    out: TextIO = sys.stdout,
    listeners: Iterable[Listener] = (),
) -> int:
    """Run a session to its end, printing as it goes; returns the exit code.

    `running` is assembled by `knotsession.session_assembly` (a bare `Session` runs with
    no cues, voice or history); `listeners` and the line printer come after its parts."""
    if isinstance(running, Session):
        running = RunningSession(running, clock=clock)
    session = running.session
    routine = session.routine
    total = clock_label(session.planned_s)[1:-1]
    print(shown(f"{routine.name} ({routine.id}), {total}. {SAFETY_LINE}"), file=out, flush=True)
    for listener in listeners:
        running.add_listener(listener)
    running.add_listener(LinePrinter(session, out))
    previous = {sig: signal.signal(sig, _raise_stop) for sig in stop_signals()}
    try:
        session.start()
        while not session.is_over:
            deadline = session.next_deadline()
            if deadline is not None:
                sleep(min(max(deadline - clock(), 0.0), _LONGEST_SLEEP_S))
            session.poll()
    except (KeyboardInterrupt, _Stop) as stop:
        session.abandon()
        return 130 if isinstance(stop, KeyboardInterrupt) else 143
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


def play_routine(
    routine: Routine, settings: Settings, out: TextIO = sys.stdout, inp: TextIO = sys.stdin
) -> int:
    """Run a routine for real: the monotonic clock, cue sounds and the history file.

    The tension questions are asked when the settings ask for them and `inp` is a terminal.
    """
    from knotsession.audio import open_cue_player
    from knotsession.core.history import HistoryStore
    from knotsession.core.history_writer import HistoryWriter
    from knotsession.plain_ask import AFTER, BEFORE, ask_tension, wants_answers

    asking = wants_answers(inp) and settings.ask_tension != "never"
    before = ask_tension(BEFORE, inp, out) if asking and settings.ask_tension == "both" else None

    cues = open_cue_player(mute=settings.mute, volume=settings.volume, audio=settings.audio)
    narrator = None
    if settings.voice:
        from knotsession.audio.narrator import FIRST_LINE_WAIT_S, open_narrator

        narrator = open_narrator(
            cues, routine, default_lead_in_s=settings.lead_in, detail=settings.voice_detail
        )
        narrator.wait_rendered(1, timeout=FIRST_LINE_WAIT_S)  # the session has not started
    writer = HistoryWriter(HistoryStore.open)
    writer.wait_open()  # the file is ready before the clock starts, as the narrator's line is
    running = assemble_session(
        routine,
        lead_in_s=settings.lead_in,
        cues=cues.handle,
        narrator=narrator.handle if narrator is not None else None,
        writer=writer,
        tension_before=before,
    )
    try:
        code = run_plain(running, out=out)
        ticket = running.ticket
        if asking and code == 0 and ticket is not None:
            after = ask_tension(AFTER, inp, out)
            if after is not None:
                writer.set_tension_after(ticket, after)  # told below if it fails
        return code
    finally:
        if narrator is not None:
            narrator.close()
        cues.close()
        writer.close()  # every queued write committed or told
        speech_notice = narrator.notice if narrator is not None else None
        for notice in (*writer.notices, cues.notice, speech_notice):
            if notice:
                print_if_read(shown(f"knotsession: {notice}"), sys.stderr)
