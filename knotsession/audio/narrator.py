"""The narrator: a routine's lines rendered ahead on a worker thread, spoken through the cue player.

    narrator = open_narrator(cue_player, routine, default_lead_in_s=settings.lead_in)
    session.subscribe(cue_player.handle)   # first, so a moment's cue sounds before its line
    session.subscribe(narrator.handle)
    narrator.toggle()                      # the player's key
    narrator.close()                       # then cue_player.close(), which plays what is queued

Every line of the routine is rendered (or read from the cache) as soon as the narrator
is enabled, in the order the session will need them, the short form of each moment first.
`handle` never waits: of a moment's lines (see `coaching`) it says the longest that is
rendered and fits in the time before the next cue, so what cannot be ready or said in
time is shortened, not delayed. A line joins the cue player's single queue, so speech
and cues never talk over each other and mute and volume apply.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Protocol

from knotsession import paths
from knotsession.audio.coaching import CUE_ALLOWANCE_S, Coach, Detail, Moment, routine_lines
from knotsession.audio.speech import (
    Speech,
    SpeechEngine,
    SpeechError,
    find_speech_engine,
    no_engine_hint,
    render_cached,
)
from knotsession.core.engine import DEFAULT_LEAD_IN_S, Event
from knotsession.core.routine import Routine

# A line that could not start this soon after its moment (the queue was busy) is left out.
SPEECH_STALE_S = 3.0
# Before a plain session starts, it may wait this long for its first line (on a cold cache).
FIRST_LINE_WAIT_S = 1.0
CACHE_FOLDER_NAME = "speech"


class SpeechOutput(Protocol):
    """Where rendered lines go: the cue player's queue."""

    def play_pcm(
        self,
        pcm: bytes,
        sample_rate: int,
        channels: int,
        sample_width: int = 2,
        *,
        stale_after_s: float | None = None,
    ) -> None: ...


def speech_cache_dir() -> Path:
    """The folder of rendered lines, inside the user's cache folder."""
    return paths.cache_dir() / CACHE_FOLDER_NAME


class Narrator:
    """Says each step, side and length as a session runs; see the module docstring."""

    def __init__(
        self,
        output: SpeechOutput,
        routine: Routine,
        *,
        engine: SpeechEngine | None,
        default_lead_in_s: int = DEFAULT_LEAD_IN_S,
        enabled: bool = True,
        cache_folder: Path | None = None,
        detail: Detail = "full",
    ) -> None:
        self._output = output
        self._engine = engine
        self._folder = cache_folder
        self.lines = routine_lines(routine, default_lead_in_s)
        """Every line this routine says, in the order they are first needed."""
        self._coach = Coach(detail)
        self._ready: dict[str, Speech] = {}
        self._missed: list[str] = []
        self._rendered_now = 0
        self._failure: str | None = None
        self._asked = False
        self._enabled = False
        self._done = False
        self._stopping = False
        self._temporary: Path | None = None
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self.set_enabled(enabled)

    # --- reading ------------------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        """True while lines are spoken."""
        return self._enabled

    @property
    def available(self) -> bool:
        """True when there is a speech engine to render with."""
        return self._engine is not None

    @property
    def engine_name(self) -> str | None:
        """espeak-ng, espeak or pyttsx3; None without an engine."""
        return self._engine.name if self._engine is not None else None

    @property
    def detail(self) -> Detail:
        """`full` (the whole how-to the first time) or `brief`."""
        return self._coach.detail

    def set_detail(self, detail: Detail) -> None:
        """Say the whole how-to the first time (`full`), or always the short one (`brief`)."""
        self._coach.detail = detail

    @property
    def notice(self) -> str | None:
        """One line when speech was asked for and cannot be given; None when all is well."""
        if self._asked and self._engine is None:
            return f"Spoken guidance needs a speech engine: {no_engine_hint()}."
        return self._failure

    @property
    def missed(self) -> tuple[str, ...]:
        """Lines left out because they were not rendered when their moment came."""
        return tuple(self._missed)

    @property
    def rendered_now(self) -> int:
        """Lines the engine rendered for this narrator (the rest came from the cache)."""
        return self._rendered_now

    def wait_rendered(self, count: int | None = None, timeout: float | None = None) -> bool:
        """Block until the first `count` lines (all by default) are ready; False on timeout.

        Returns at once, False, when rendering stopped or there is nothing to render with.
        """
        wanted = len(self.lines) if count is None else min(count, len(self.lines))
        with self._changed:
            self._changed.wait_for(
                lambda: len(self._ready) >= wanted or self._done or self._thread is None,
                timeout,
            )
            return len(self._ready) >= wanted

    # --- acting (any thread; each returns at once) ----------------------------------------

    def handle(self, event: Event) -> None:
        """Queue the line for a session event, if it has one and one is ready in time."""
        moment = self._coach.moment_for(event)  # fed even when off, to know what was said
        if moment is None or not self._enabled:
            return
        speech = self._choose(moment)
        if speech is None:
            self._missed.append(moment.lines[0])
            return
        self._output.play_pcm(
            speech.pcm,
            speech.sample_rate,
            speech.channels,
            speech.sample_width,
            stale_after_s=_stale_after(moment, speech),
        )

    def _choose(self, moment: Moment) -> Speech | None:
        """The longest of the moment's lines that is rendered and fits in its time.

        When none fits, an essential moment's shortest line, if it is rendered.
        """
        with self._changed:
            for line in moment.lines:
                speech = self._ready.get(line)
                if speech is None:
                    continue
                if moment.budget_s is None or speech.duration_s <= moment.budget_s:
                    return speech
            return self._ready.get(moment.lines[-1]) if moment.essential else None

    def set_enabled(self, enabled: bool) -> bool:
        """Speak (rendering starts if it has not) or stay quiet; returns whether speaking."""
        if enabled:
            self._asked = True
        self._enabled = enabled and self._engine is not None
        if self._enabled:
            self._start_rendering()
        return self._enabled

    def toggle(self) -> bool:
        """Flip speech on or off; returns whether it is now on."""
        return self.set_enabled(not self._enabled)

    def close(self, timeout: float = 1.0) -> None:
        """Stop rendering after the line in hand; what is queued in the cue player still plays."""
        self._enabled = False
        with self._changed:
            self._stopping = True
        if self._thread is not None:
            self._thread.join(timeout)
        if self._temporary is not None and not (self._thread and self._thread.is_alive()):
            shutil.rmtree(self._temporary, ignore_errors=True)

    # --- inside -------------------------------------------------------------------------

    def _start_rendering(self) -> None:
        with self._changed:
            if self._thread is not None or self._stopping:
                return
            self._thread = threading.Thread(
                target=self._render_all, name="knotsession-speech", daemon=True
            )
        self._thread.start()

    def _render_all(self) -> None:
        engine = self._engine
        assert engine is not None
        try:
            folder = self._writable_folder()
            for text in self.lines:
                if self._stopping:
                    return
                speech, fresh = render_cached(engine, text, folder)
                with self._changed:
                    self._ready[text] = speech
                    self._rendered_now += fresh
                    self._changed.notify_all()
        except SpeechError as error:
            self._failure = f"Spoken guidance stopped: {error}"
        except OSError as error:
            self._failure = f"Spoken guidance stopped: {error.strerror or error}"
        # The last line of defence of a thread whose traceback would tear the screen: a bug
        # here ends the speech, with a notice, and never the session.
        except Exception as error:
            self._failure = f"Spoken guidance stopped after an error: {error!r}"[:120]
        finally:
            with self._changed:
                self._done = True
                self._changed.notify_all()

    def _writable_folder(self) -> Path:
        """The cache folder, or a temporary one for this session when it cannot be written."""
        folder = self._folder if self._folder is not None else speech_cache_dir()
        with contextlib.suppress(OSError):  # then not writable: the check below says so
            folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK):
            return folder
        self._temporary = Path(tempfile.mkdtemp(prefix="knotsession-speech-"))
        return self._temporary


def _stale_after(moment: Moment, speech: Speech) -> float | None:
    """How late the line may start and still end about when the next cue is due.

    None for the end. A cue of the same moment plays first, so a line may always wait
    for that; a prompt (halfway, a breath) tells the time and waits only a moment.
    """
    if moment.budget_s is None:
        return None
    if moment.stale_after_s is not None:
        return moment.stale_after_s
    room = moment.budget_s - speech.duration_s
    return min(max(room, CUE_ALLOWANCE_S), SPEECH_STALE_S)


def open_narrator(
    output: SpeechOutput,
    routine: Routine,
    *,
    default_lead_in_s: int = DEFAULT_LEAD_IN_S,
    enabled: bool = True,
    detail: Detail = "full",
) -> Narrator:
    """A narrator with the best engine found here (or none: then `notice` says how to add one).

    Cheap to call from the UI: it looks the engine up on the PATH and starts the
    rendering thread; nothing is rendered on the caller's thread.
    """
    return Narrator(
        output,
        routine,
        engine=find_speech_engine(),
        default_lead_in_s=default_lead_in_s,
        enabled=enabled,
        detail=detail,
    )
