"""The big countdown: whole seconds left, as `m:ss` in Textual's Digits."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Digits

from knotsession.tui.words import time_left


class Countdown(Digits):
    """Seconds left of the current segment, redrawn only when the shown second changes."""

    DEFAULT_CSS = """
    Countdown {
        width: auto;
    }
    """

    seconds: reactive[int] = reactive(0)
    """Whole seconds to show (the screen rounds up, so 0:00 means done)."""

    def watch_seconds(self, seconds: int) -> None:
        self.update(time_left(seconds))
