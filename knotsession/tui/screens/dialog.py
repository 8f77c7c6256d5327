"""A dialog: a modal screen over the screen that asked for it, which shows through dimmed.

Textual draws the screen underneath (`BackgroundScreen`) by blending the colours of every
one of its segments toward the dialog's background: two colour conversions, two blends and
two new styles a segment, through Rich's renderable path. For home under help that was 8-9
ms of help's first frame, and 5 ms more each time the dialog redrew. A `Dialog` draws the
same cells from the strips of the screen underneath, blending each distinct style once (a
screen has a few dozen styles and hundreds of segments), and joins the runs that look the
same once dimmed, as drawn lines do. Tests compare it with Textual's drawing cell by cell
(tests/tui/test_dialog.py).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TypeVar

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.color import Color
from textual.css.styles import RulesMap
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import ModalScreen, Screen
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from knotsession.tui.widgets.drawn_lines import joined

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen whose see-through background dims the screen under it."""

    def render(self) -> RenderableType:
        drawn = super().render()
        if isinstance(drawn, BackgroundScreen):
            return DimmedScreen(drawn.screen, drawn.color)
        return drawn


class DimmedScreen(Visual):
    """`screen` as Textual's `BackgroundScreen` draws it under a dialog whose background is
    `color`: every colour blended toward it, links and click actions dropped."""

    def __init__(self, screen: Screen[object], color: Color) -> None:
        self.screen = screen
        self.color = color

    def lines(self, base: RichStyle) -> list[Strip]:
        """The screen's lines, dimmed, on the dialog's `base` style."""
        color = self.color
        dimmed = []
        # The screen's own drawing, as BackgroundScreen takes it: the compositor is private.
        for strip in self.screen._compositor.render_strips():
            segments = [
                segment
                if segment.control
                else Segment(segment.text, _dimmed(base, segment.style, color))
                for segment in strip
            ]
            dimmed.append(joined(Strip(segments, strip.cell_length)))
        return dimmed

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        lines = self.lines(style.rich_style)[:height]
        return [line.crop(0, width) if line.cell_length > width else line for line in lines]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.screen.size.height

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """The same lines as Rich output: what makes it the renderable `Screen.render` is
        typed to give (Textual takes it as the Visual it also is)."""
        new_line = Segment.line()
        for line in self.lines(RichStyle()):
            yield from line
            yield new_line


@lru_cache(maxsize=1024)
def _dimmed(base: RichStyle, style: RichStyle | None, color: Color) -> RichStyle:
    """A segment's style dimmed as Textual dims it, on the dialog's `base` style."""
    (segment,) = BackgroundScreen.process_segments([Segment("", style)], color)
    return base + segment.style
