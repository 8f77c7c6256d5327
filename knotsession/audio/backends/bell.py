"""The terminal bell: with no sound device (SSH, containers), a step start can still ring.

In the full-screen app the bell must go through the app (a "\\a" written from another
thread could land inside an escape sequence), so the app passes its own hook. Without
one the bell is written to standard output, and only when that is a terminal.
"""

from __future__ import annotations

import contextlib
import sys

from knotsession.audio.backends import BackendUnavailable, BellHook

# Ringing for every countdown tick or lead-in blip would be noise; these are the moments.
RINGING_CUES_SKIPPED = frozenset({"tick", "ready"})


def _ring_stdout() -> None:
    sys.stdout.write("\a")
    sys.stdout.flush()


class BellBackend:
    """Rings the terminal bell for the cues that mark a step, a switch or the end."""

    name = "bell"
    is_device = False

    def __init__(self, hook: BellHook | None = None) -> None:
        if hook is None:
            if not sys.stdout.isatty():
                raise BackendUnavailable("standard output is not a terminal")
            hook = _ring_stdout
        self.hook = hook

    def play(self, pcm: bytes, cue: str | None) -> None:
        """Ring once for a cue; spoken lines (no cue name) and ticks stay quiet."""
        if cue is None or cue in RINGING_CUES_SKIPPED:
            return
        # A terminal that went away (closed stdout) leaves the session without bells, no more.
        with contextlib.suppress(OSError, ValueError):
            self.hook()

    def stop(self) -> None:
        """A bell cannot be stopped."""

    def close(self) -> None:
        """Nothing to let go of."""
