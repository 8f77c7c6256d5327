"""miniaudio: installs from wheels on Linux, macOS and Windows, no compiler needed.

The device is opened for each sound and closed once the sound has played out, rather
than kept open streaming silence: a cue then starts with the first buffer instead of
queueing behind buffered silence, and a device that has no clock (ALSA's `null`
plugin, as in the tests) is not fed silence as fast as the CPU can make it.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Generator
from typing import Any

from knotsession.audio.backends import (
    CHANNELS,
    SAMPLE_RATE,
    SAMPLE_WIDTH,
    BackendUnavailable,
    PlaybackFailed,
)
from knotsession.audio.backends.probe import check_a_device_may_answer

PERIOD_MS = 40
PERIODS = 3
# A sound has surely left the device once this much silence has been asked for after it:
# the device's whole buffer, and a margin for sound servers that buffer a little more.
TAIL_FRAMES = SAMPLE_RATE * (PERIOD_MS * PERIODS + 100) // 1000
FRAME_BYTES = CHANNELS * SAMPLE_WIDTH


class _Stream:
    """Feeds one sound to the device's callback, then silence, and says when it is played."""

    def __init__(self, pcm: bytes) -> None:
        self.pcm = pcm
        self.done = threading.Event()
        self.stopped = False

    def frames(self) -> Generator[bytes, int, None]:
        """miniaudio's callback generator: sent a frame count, yields that many frames."""
        position = 0
        silence_sent = 0
        wanted = yield b""
        while True:
            size = wanted * FRAME_BYTES
            if self.stopped:
                position = len(self.pcm)
            chunk = self.pcm[position : position + size]
            position += len(chunk)
            if len(chunk) < size:
                silence_sent += (size - len(chunk)) // FRAME_BYTES
                chunk += bytes(size - len(chunk))
            if silence_sent >= TAIL_FRAMES:
                self.done.set()
            wanted = yield chunk


class MiniaudioBackend:
    """Plays through a miniaudio PlaybackDevice on the default output."""

    name = "miniaudio"
    is_device = True

    def __init__(self) -> None:
        check_a_device_may_answer("miniaudio")
        try:
            import miniaudio
        except ImportError:
            raise BackendUnavailable("miniaudio is not installed") from None
        self._miniaudio = miniaudio
        self._stream: _Stream | None = None
        try:
            self._open().close()
        except PlaybackFailed as error:
            raise BackendUnavailable(str(error)) from None

    def _open(self) -> Any:  # a miniaudio.PlaybackDevice; miniaudio is imported late
        miniaudio = self._miniaudio
        # On Linux, PulseAudio (or PipeWire's) then ALSA; JACK is left out because libjack
        # prints to the terminal when no JACK server runs.
        backends = (
            [miniaudio.Backend.PULSEAUDIO, miniaudio.Backend.ALSA]
            if sys.platform.startswith("linux")
            else None
        )
        try:
            device = miniaudio.PlaybackDevice(
                output_format=miniaudio.SampleFormat.SIGNED16,
                nchannels=CHANNELS,
                sample_rate=SAMPLE_RATE,
                buffersize_msec=PERIOD_MS,
                callback_periods=PERIODS,
                backends=backends,
                app_name="knotsession",
            )
        except miniaudio.MiniaudioError:
            raise PlaybackFailed("no sound device could be opened") from None
        if device.backend.lower() == "null":
            device.close()
            raise PlaybackFailed("no sound device could be opened")
        return device

    def play(self, pcm: bytes, cue: str | None) -> None:
        """Open the device, stream the sound, close once it has played out."""
        stream = _Stream(pcm)
        device = self._open()
        try:
            frames = stream.frames()
            next(frames)
            self._stream = stream
            device.start(frames)
            # A device that stops asking for data must not hold the queue for ever.
            seconds = len(pcm) / (SAMPLE_RATE * FRAME_BYTES)
            stream.done.wait(timeout=seconds + 2.0)
        finally:
            self._stream = None
            device.close()

    def stop(self) -> None:
        """Cut the sound short: the stream switches to silence and finishes."""
        stream = self._stream
        if stream is not None:
            stream.stopped = True

    def close(self) -> None:
        """The device is only open while a sound plays."""
        self.stop()
