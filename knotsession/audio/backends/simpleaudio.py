"""simpleaudio: the playback library knotsession was specified with (extra `simpleaudio`).

It has no Linux wheels: building it needs ALSA's headers (`apt-get install libasound2-dev`).
Each sound opens the default device, plays, drains and closes it.

simpleaudio 1.0.4, the last release, kills the process with a segmentation fault after
a sound has played on Python 3.12 and later (it frees memory with PyMem_Free without
holding the GIL; hamiltron/py-simple-audio#72). There it is not used, and miniaudio
plays instead; the `simpleaudio-patched` fork (1.0.5) fixes it and is used when installed.
"""

from __future__ import annotations

import sys
import threading

from knotsession.audio.backends import (
    CHANNELS,
    SAMPLE_RATE,
    SAMPLE_WIDTH,
    BackendUnavailable,
    PlaybackFailed,
)
from knotsession.audio.backends.probe import check_a_device_may_answer

# A probe of 10 ms of silence tells whether the default device opens at all.
_PROBE = bytes(SAMPLE_RATE // 100 * SAMPLE_WIDTH)


class SimpleaudioBackend:
    """Plays through simpleaudio's `play_buffer`."""

    name = "simpleaudio"
    is_device = True

    def __init__(self) -> None:
        # importlib.metadata costs ~30 ms to import (with email): asked only where it matters.
        if sys.version_info >= (3, 12) and crashes_this_python(
            sys.version_info[:2], installed_release()
        ):
            raise BackendUnavailable(
                "simpleaudio 1.0.4 crashes Python 3.12 and later; "
                "pip install simpleaudio-patched to use it"
            )
        check_a_device_may_answer("simpleaudio")
        try:
            import simpleaudio
        except ImportError:
            raise BackendUnavailable("simpleaudio is not installed") from None
        self._simpleaudio = simpleaudio
        self._lock = threading.Lock()
        self._playing = None
        try:
            self._play(_PROBE)
        except PlaybackFailed as error:
            raise BackendUnavailable(str(error)) from None

    def _play(self, pcm: bytes) -> None:
        try:
            playing = self._simpleaudio.play_buffer(pcm, CHANNELS, SAMPLE_WIDTH, SAMPLE_RATE)
        except Exception as error:  # _simpleaudio.SimpleaudioError is not importable by name
            raise PlaybackFailed(_first_line(error)) from None
        with self._lock:
            self._playing = playing
        playing.wait_done()
        with self._lock:
            self._playing = None

    def play(self, pcm: bytes, cue: str | None) -> None:
        """Play and wait until the device has drained."""
        self._play(pcm)

    def stop(self) -> None:
        """Stop the sound being played."""
        with self._lock:
            playing = self._playing
        if playing is not None:
            playing.stop()

    def close(self) -> None:
        """simpleaudio holds the device only while a sound plays."""
        self.stop()


def installed_release() -> str | None:
    """The version of the original `simpleaudio` distribution; None if absent or a fork."""
    import importlib.metadata

    try:
        return importlib.metadata.version("simpleaudio")
    except importlib.metadata.PackageNotFoundError:
        return None


def crashes_this_python(python: tuple[int, int], release: str | None) -> bool:
    """Whether the original simpleaudio at `release` would crash this Python after a sound."""
    if release is None or python < (3, 12):
        return False
    parts = tuple(int(part) for part in release.split(".")[:3] if part.isdigit())
    return parts <= (1, 0, 4)


def _first_line(error: BaseException) -> str:
    """simpleaudio's messages look like 'Error opening PCM device. -- CODE: -2 -- MSG: ...'."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text.split(" -- ")[0].rstrip(".")
