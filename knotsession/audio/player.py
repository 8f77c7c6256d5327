"""The cue player: one thread owns decoding and the sound device; callers only queue.

`handle(event)` and `play(name)` put a cue on a queue and return at once. The
player's thread opens a backend, decodes the cues if that is a sound device (not while
muted: a player started muted does both once sound is turned on), and plays one queued
sound after another, so cues and spoken lines never talk over each other. Nothing here blocks
the caller, imports pydub or an audio library on its thread, or writes to the terminal.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knotsession.audio.backends import (
    SAMPLE_RATE,
    SAMPLE_WIDTH,
    Backend,
    BellHook,
    PlaybackFailed,
    backend_order,
    choose_backend,
)
from knotsession.audio.cues import DEFAULT_WORK_CUE, cue_for
from knotsession.core.engine import Event

if TYPE_CHECKING:
    from pydub import AudioSegment

    from knotsession.audio.sounds import SoundSet

DEFAULT_VOLUME = 80
# Silence after every sound: a breath between cues, and clear gaps in a recording.
GAP_MS = 50
_GAP = bytes(SAMPLE_RATE * GAP_MS // 1000 * SAMPLE_WIDTH)

NO_DEVICE_BELL = "No sound device found: cues ring the terminal bell."
NO_DEVICE_SILENT = "No sound device found: cues are off."
DEVICE_LOST = "The sound device stopped working: cues are off."

Clock = Callable[[], float]
BackendOpener = Callable[[BellHook | None], tuple[Backend, dict[str, str]]]
SoundLoader = Callable[[], "SoundSet"]


def volume_gain_db(volume: int) -> float:
    """Gain for a volume of 1..100: the square of the fraction, so steps sound even."""
    return 40.0 * math.log10(max(1, min(volume, 100)) / 100)


@dataclass(frozen=True, slots=True)
class _Item:
    """A sound waiting its turn: a cue by name, or audio to speak (cue None)."""

    cue: str | None
    audio: tuple[bytes, int, int, int] | None  # a spoken line's PCM, rate, channels, width
    expires_at: float | None


class CuePlayer:
    """Plays cues for session events on its own thread; see `open_cue_player`."""

    def __init__(
        self,
        *,
        mute: bool = False,
        volume: int = DEFAULT_VOLUME,
        bell: BellHook | None = None,
        open_backend: BackendOpener | None = None,
        load_sounds: SoundLoader | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        self._muted = mute
        self._volume = _clamp(volume)
        self._bell = bell
        self._open_backend = open_backend or _open_first_backend
        self._load_sounds = load_sounds
        self._clock = clock
        self._pending: deque[_Item] = deque()
        self._changed = threading.Condition()
        self._ready = threading.Event()
        self._closing = False
        self._busy = False
        self._backend: Backend | None = None
        self._device_notice: str | None = None
        self._sounds: dict[str, AudioSegment] = {}
        self._decoded = False  # the cues were decoded (once, for a device)
        self.problems: tuple[str, ...] = ()
        """One line for each sound file that could not be read."""
        self.backend_reasons: dict[str, str] = {}
        """Why each backend tried before the one in use did not open."""
        self._thread = threading.Thread(target=self._run, name="knotsession-cues", daemon=True)
        self._thread.start()

    # --- reading ------------------------------------------------------------------------

    @property
    def muted(self) -> bool:
        """True while nothing is sent to the device."""
        return self._muted

    @property
    def volume(self) -> int:
        """Cue volume, 0..100."""
        return self._volume

    @property
    def backend_name(self) -> str:
        """simpleaudio, miniaudio, bell, silent, muted; 'starting' until the device is probed."""
        if self._muted:
            return "muted"
        backend = self._backend
        return backend.name if backend is not None else "starting"

    @property
    def notice(self) -> str | None:
        """One line to show when sound is not as it should be; None when all is well."""
        if self._device_notice is not None and not self._muted:
            return self._device_notice
        if self.problems:
            more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
            return f"Could not read {self.problems[0]}{more}."
        return None

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Block until (unless muted) a backend is chosen and, for a device, cues decoded."""
        return self._ready.wait(timeout)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every queued sound has been played (and a device turned on is
        ready); False on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._changed:
            while self._pending or self._busy or not self._ready.is_set() or self._opening():
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._changed.wait(left)
        return True

    # --- acting (any thread; each returns at once) ----------------------------------------

    def handle(self, event: Event) -> None:
        """Queue the cue for a session event, if it has one."""
        cue = cue_for(event)
        if cue is not None:
            self.play(cue.name, stale_after_s=cue.stale_after_s)

    def play(self, name: str, *, stale_after_s: float | None = None) -> None:
        """Queue a cue by name; dropped if it could not start within `stale_after_s`."""
        self._queue(_Item(name, None, self._expiry(stale_after_s)))

    def play_pcm(
        self,
        pcm: bytes,
        sample_rate: int,
        channels: int,
        sample_width: int = 2,
        *,
        stale_after_s: float | None = None,
    ) -> None:
        """Queue raw PCM (a spoken line); it is converted on the player's thread."""
        raw = (pcm, sample_rate, channels, sample_width)
        self._queue(_Item(None, raw, self._expiry(stale_after_s)))

    def set_muted(self, muted: bool) -> None:
        """Mute (drop what is queued, cut what plays) or unmute."""
        with self._changed:
            self._muted = muted
            if muted:
                self._pending.clear()
            self._changed.notify_all()
        backend = self._backend
        if muted and backend is not None:
            backend.stop()

    def toggle_muted(self) -> bool:
        """Flip mute; returns the new state."""
        self.set_muted(not self._muted)
        return self._muted

    def set_volume(self, volume: int) -> None:
        """Set the cue volume, 0..100 (0 sends nothing)."""
        self._volume = _clamp(volume)

    def close(self, timeout: float = 5.0) -> None:
        """Play what is queued (the finishing chime), then let go of the device."""
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        self._thread.join(timeout)
        if self._thread.is_alive():
            with self._changed:
                self._pending.clear()
            backend = self._backend
            if backend is not None:
                backend.stop()
            self._thread.join(0.5)

    # --- inside -------------------------------------------------------------------------

    def _expiry(self, stale_after_s: float | None) -> float | None:
        return None if stale_after_s is None else self._clock() + stale_after_s

    def _queue(self, item: _Item) -> None:
        if self._muted or self._volume == 0:
            return
        with self._changed:
            if self._closing:
                return
            self._pending.append(item)
            self._changed.notify_all()

    def _run(self) -> None:
        try:
            self._start_up()
            self._serve()
        # The last line of defence of a thread whose traceback would tear the screen: a bug
        # here ends the sound, with a notice, and never the session.
        except Exception as error:
            self._device_notice = f"Sound stopped after an error: {error!r}"[:120]
        finally:
            with self._changed:
                self._ready.set()
                self._busy = False
                self._pending.clear()
                self._changed.notify_all()
            if self._backend is not None:
                self._backend.close()

    def _start_up(self) -> None:
        if not self._muted:
            self._get_device_ready()
        with self._changed:
            self._ready.set()
            self._changed.notify_all()

    def _get_device_ready(self) -> None:
        """Open a backend, and decode the cues if it is a device.

        Decoding loads pydub and audioop and holds every cue's samples (~3 MiB in all):
        only for a device that answered. Started muted, that waits until sound is turned
        on; `set_muted(False)` wakes this thread to do it before the next cue is due.
        """
        if self._backend is None:
            self._choose_backend()
        backend = self._backend
        if backend is not None and backend.is_device and not self._decoded:
            self._decode_sounds()

    def _decode_sounds(self) -> None:
        self._decoded = True
        if self._load_sounds is None:
            from knotsession.audio.sounds import load_sounds

            sound_set = load_sounds()
        else:
            sound_set = self._load_sounds()
        self._sounds = sound_set.sounds
        self.problems = sound_set.problems

    def _choose_backend(self) -> None:
        backend, reasons = self._open_backend(self._bell)
        self.backend_reasons = reasons
        self._backend = backend
        if backend.is_device:
            self._device_notice = None
        elif backend.name == "bell":
            self._device_notice = NO_DEVICE_BELL
        elif reasons:  # silent because nothing else opened, not because it was asked for
            self._device_notice = NO_DEVICE_SILENT

    def _serve(self) -> None:
        while True:
            with self._changed:
                while not (self._pending or self._closing or self._turned_on()):
                    self._changed.wait()
                if self._turned_on():
                    item = None
                elif self._pending:
                    item = self._pending.popleft()
                else:
                    return  # closing, and everything queued has played
                self._busy = True
            try:
                if item is None:
                    self._get_device_ready()  # sound turned on: ready before the next cue
                else:
                    self._play_item(item)
            finally:
                with self._changed:
                    self._busy = False
                    self._changed.notify_all()

    def _turned_on(self) -> bool:
        """Sound is on and no backend is open yet (it started muted)."""
        return not self._muted and self._backend is None

    def _opening(self) -> bool:
        """Sound was turned on and the thread, still running, has yet to open the device."""
        return self._turned_on() and self._thread.is_alive()

    def _play_item(self, item: _Item) -> None:
        if self._muted or self._volume == 0:
            return
        if item.expires_at is not None and self._clock() > item.expires_at:
            return
        self._get_device_ready()  # unmuted after starting muted
        backend = self._backend
        assert backend is not None
        if not backend.is_device:  # the bell rings for the cue's name; no samples needed
            backend.play(b"", item.cue)
            return
        audio = self._audio_for(item)
        if audio is None:
            return
        if self._volume < 100:
            audio = audio.apply_gain(volume_gain_db(self._volume))
        try:
            backend.play(audio.raw_data + _GAP, item.cue)
        except PlaybackFailed:
            self._fall_back_after(backend)

    def _audio_for(self, item: _Item) -> AudioSegment | None:
        if item.cue is not None:
            return self._sounds.get(item.cue) or self._sounds.get(DEFAULT_WORK_CUE)
        if item.audio is None:
            return None
        from knotsession.audio.sounds import import_pydub, to_playback_format

        pcm, sample_rate, channels, sample_width = item.audio
        spoken = import_pydub().AudioSegment(
            data=pcm, sample_width=sample_width, frame_rate=sample_rate, channels=channels
        )
        return to_playback_format(spoken)

    def _fall_back_after(self, failed: Backend) -> None:
        """The device went away mid-session: carry on with the bell or silence."""
        failed.close()
        order = backend_order()
        rest = order[order.index(failed.name) + 1 :] if failed.name in order else ["silent"]
        rest = [name for name in rest if name in ("bell", "silent")] or ["silent"]
        backend, reasons = choose_backend(rest, self._bell)
        self.backend_reasons = {**self.backend_reasons, failed.name: "stopped working", **reasons}
        self._backend = backend
        self._device_notice = DEVICE_LOST if backend.name == "silent" else NO_DEVICE_BELL


def _clamp(volume: int) -> int:
    return max(0, min(int(volume), 100))


def _open_first_backend(bell: BellHook | None) -> tuple[Backend, dict[str, str]]:
    return choose_backend(backend_order(), bell)


def open_cue_player(
    *,
    mute: bool = False,
    volume: int = DEFAULT_VOLUME,
    bell: BellHook | None = None,
    backends: Sequence[str] | None = None,
    audio: str = "auto",
) -> CuePlayer:
    """A cue player whose thread is already decoding cues and opening the device.

    Cheap to call from the UI: nothing heavy runs on the caller's thread. `bell` is how
    to ring the terminal bell (the full-screen app passes one that goes through itself);
    `backends` replaces the usual order (simpleaudio, miniaudio, bell, silent), which the
    `audio` setting narrows ("auto", "simpleaudio", "miniaudio", "bell" or "off").
    """
    opener: BackendOpener | None = None
    if backends is not None or audio != "auto":
        order = list(backends) if backends is not None else backend_order(setting=audio)

        def opener(bell: BellHook | None) -> tuple[Backend, dict[str, str]]:
            return choose_backend(order, bell)

    return CuePlayer(mute=mute, volume=volume, bell=bell, open_backend=opener)
