"""A line of text that changes often (every second) without a new layout each time."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widget import Widget


class LiveText(Widget):
    """Text that repaints in place; give it a fixed width in CSS so nothing moves."""

    DEFAULT_CSS = """
    LiveText {
        height: 1;
        width: 12;
    }
    """

    text: reactive[str] = reactive("")
    """What it says."""

    def render(self) -> str:
        return self.text
