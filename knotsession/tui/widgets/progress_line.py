"""A one-line progress bar that redraws only when a cell fills.

Textual's ProgressBar keeps a one-second timer of its own and renders through Rich on
every change; a timer screen needs neither, and the player's CPU budget is tight.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

FULL, EMPTY = "━", "━"


class ProgressLine(Widget):
    """How far through something, as a line of filled and empty cells."""

    DEFAULT_CSS = """
    ProgressLine {
        height: 1;
        width: 1fr;
        color: $primary;
    }
    ProgressLine > .progress-line--empty {
        color: $foreground 15%;
    }
    """
    COMPONENT_CLASSES = {"progress-line--empty"}

    fraction: reactive[float] = reactive(0.0, repaint=False)
    """How far, 0..1; only a change of filled cells repaints."""

    _cells: reactive[int] = reactive(0)

    def watch_fraction(self, fraction: float) -> None:
        self._cells = self._filled(fraction)

    def on_resize(self) -> None:
        self._cells = self._filled(self.fraction)
        self.refresh()

    def _filled(self, fraction: float) -> int:
        return round(min(max(fraction, 0.0), 1.0) * self.size.width)

    def render(self) -> Text:
        width = self.size.width
        filled = min(self._cells, width)
        empty_style = self.get_component_rich_style("progress-line--empty")
        return Text.assemble(FULL * filled, (EMPTY * (width - filled), empty_style))
