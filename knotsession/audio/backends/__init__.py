"""Playback backends behind one small interface, tried in order until one opens.

Every backend plays 16-bit mono PCM at 44.1 kHz (the cue player converts everything
to that first). `play` blocks until the sound has been handed over and played out,
so one playback thread plays one sound after another and nothing talks over anything.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Protocol

SAMPLE_RATE = 44_100
CHANNELS = 1
SAMPLE_WIDTH = 2
BACKEND_NAMES = ("simpleaudio", "miniaudio", "bell", "silent")
# Force one backend (then the bell, then silence), e.g. to try miniaudio where simpleaudio is
# installed: KNOTSESSION_AUDIO_BACKEND=miniaudio.
BACKEND_ENV = "KNOTSESSION_AUDIO_BACKEND"

BellHook = Callable[[], None]


class BackendUnavailable(Exception):
    """This backend cannot play here (not installed, or no device); the message says why."""


class PlaybackFailed(Exception):
    """A backend that opened could not play a sound (the device went away)."""


class Backend(Protocol):
    """Somewhere sounds can go."""

    name: str
    # True for backends that really reach a sound device (not the bell, not silence).
    is_device: bool

    def play(self, pcm: bytes, cue: str | None) -> None:
        """Play 16-bit mono 44.1 kHz PCM and return once it has played; `cue` names a cue."""
        ...

    def stop(self) -> None:
        """Cut short the sound being played, from any thread."""
        ...

    def close(self) -> None:
        """Let go of the device."""
        ...


def open_backend(name: str, bell: BellHook | None = None) -> Backend:
    """Open one backend by name, or raise BackendUnavailable saying why not."""
    if name == "simpleaudio":
        from knotsession.audio.backends.simpleaudio import SimpleaudioBackend

        return SimpleaudioBackend()
    if name == "miniaudio":
        from knotsession.audio.backends.miniaudio import MiniaudioBackend

        return MiniaudioBackend()
    if name == "bell":
        from knotsession.audio.backends.bell import BellBackend

        return BellBackend(bell)
    if name == "silent":
        from knotsession.audio.backends.silent import SilentBackend

        return SilentBackend()
    raise BackendUnavailable(f"unknown sound backend '{name}'")


def backend_order(forced: str | None = None, setting: str = "auto") -> list[str]:
    """The backends to try, best first; a forced one replaces the two device backends.

    `forced` (tests), then $KNOTSESSION_AUDIO_BACKEND, then the `audio` setting decide."""
    forced = forced if forced is not None else os.environ.get(BACKEND_ENV, "").strip() or None
    if forced is None and setting != "auto":
        forced = "silent" if setting == "off" else setting
    if forced in ("simpleaudio", "miniaudio"):
        return [forced, "bell", "silent"]
    if forced in ("bell", "silent"):
        return [forced, "silent"] if forced == "bell" else ["silent"]
    return list(BACKEND_NAMES)


def choose_backend(
    order: Sequence[str], bell: BellHook | None = None
) -> tuple[Backend, dict[str, str]]:
    """The first backend in `order` that opens, and why each one before it did not."""
    reasons: dict[str, str] = {}
    for name in order:
        try:
            return open_backend(name, bell), reasons
        except BackendUnavailable as why:
            reasons[name] = str(why)
    from knotsession.audio.backends.silent import SilentBackend

    return SilentBackend(), reasons
