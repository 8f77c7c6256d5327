"""A widget drawn by Textual's line API from lines made once per refresh.

Rich text and Textual's content pipeline cost milliseconds a widget on a first open (the
calendar's took 10 ms); lines made of a segment per run of one style cost next to nothing.
Runs of one style are joined here: each segment reaches the terminal with its own style
codes, so a line cut into more segments than its styles need writes more.
"""

from __future__ import annotations

from typing import Any, Self

from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget


class DrawnLines(Widget):
    """Subclasses make their lines in `draw`; any refresh (new data, size, focus or theme)
    has them made again when next drawn."""

    # The line API is outside Textual's text selection, which would highlight nothing.
    ALLOW_SELECT = False

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._strips: list[Strip] | None = None

    def draw(self) -> list[Strip]:
        """The widget's lines, top to bottom (neighbouring segments may share a style)."""
        raise NotImplementedError

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        self._strips = None
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def render_line(self, y: int) -> Strip:
        if self._strips is None:
            self._strips = [strip.simplify() for strip in self.draw()]
        return self._strips[y] if y < len(self._strips) else Strip.blank(self.size.width)
