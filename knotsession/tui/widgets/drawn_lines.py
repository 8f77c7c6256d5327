"""A widget drawn by Textual's line API from lines made once per refresh.

Rich text and Textual's content pipeline cost milliseconds a widget on a first open (the
calendar's took 10 ms); lines made of a segment per run of one style cost next to nothing.
Runs of one style are joined here: each segment reaches the terminal with its own style
codes, so a line cut into more segments than its styles need writes more. So are blanks
that would look the same in the style of a run beside them: a space's foreground colour
(or boldness) shows nothing, and the calendar's gaps between coloured days made half its
segments (18 kB of the history screen's 23 kB first frame).
"""

from __future__ import annotations

from typing import Any, Self

from rich.segment import Segment
from rich.style import Style
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
            self._strips = [joined(strip) for strip in self.draw()]
        return self._strips[y] if y < len(self._strips) else Strip.blank(self.size.width)


def joined(strip: Strip) -> Strip:
    """`strip` with each run of one style in one segment, and each blank run that would look
    the same in the style of a run beside it joined to that run (the one before it if it
    can)."""
    segments: list[Segment] = []
    for segment in strip:
        if segments and not segment.control and not segments[-1].control:
            text, style, _ = segments[-1]
            if segment.style == style or (
                _blank(segment.text) and blank_look(segment.style) == blank_look(style)
            ):
                segments[-1] = Segment(text + segment.text, style)
                continue
            if _blank(text) and blank_look(style) == blank_look(segment.style):
                segments[-1] = Segment(text + segment.text, segment.style)
                continue
        segments.append(segment)
    return Strip(segments, strip.cell_length)


def _blank(text: str) -> bool:
    return not text.strip(" ")


def blank_look(style: Style | None) -> tuple[object, ...]:
    """What a run of spaces in `style` shows: its background, the lines drawn through or
    around it, reversal (the foreground becomes the background), and a link or actions."""
    if style is None:
        style = Style.null()
    return (
        style.bgcolor,
        style.reverse and style.color,
        style.underline,
        style.underline2,
        style.overline,
        style.strike,
        style.frame,
        style.encircle,
        style.link,
        style._meta,
    )
