"""One of a few options, chosen on a line: a radio set drawn by one widget.

The settings form had a Textual `RadioSet` of `RadioButton`s for each choice: a widget per
option, each styled with its own parts as it mounts. The two sets (five options) were some
20 ms of the form's first open, about a quarter of it. This draws the options itself, by the
line API, and keeps the radio set's keys: the arrows move the highlight, Enter or space
chooses it, a click chooses the option under it.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from knotsession.core.text import shown
from knotsession.tui.widgets.drawn_lines import DrawnLines

CHOSEN_MARK, OTHER_MARK = "●", "○"
GAP = "   "  # between two options on a line
OPTION, CHOSEN, MARK, CURSOR = (
    "choices--option",
    "choices--chosen",
    "choices--mark",
    "choices--cursor",
)


class Placed(NamedTuple):
    """Where an option is drawn: its line, its first column and the column after it."""

    line: int
    start: int
    end: int


def place(widths: list[int], room: int) -> list[Placed]:
    """Options of these widths, left to right, a new line when the next one does not fit
    in `room` cells (an option wider than the room has a line of its own)."""
    placed: list[Placed] = []
    line, column = 0, 0
    for width in widths:
        if column and column + len(GAP) + width > room:
            line, column = line + 1, 0
        start = column + (len(GAP) if column else 0)
        placed.append(Placed(line, start, start + width))
        column = start + width
    return placed


class Choices(DrawnLines, can_focus=True):
    """Options with one chosen; posts `Choices.Changed` when the person chooses another."""

    DEFAULT_CSS = """
    Choices {
        width: auto;
        height: auto;
    }
    Choices > .choices--option { color: $text-muted; }
    Choices > .choices--chosen { color: $foreground; text-style: bold; }
    Choices > .choices--mark { color: $success; }
    Choices > .choices--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES = {OPTION, CHOSEN, MARK, CURSOR}
    BINDINGS = [
        Binding("left,up", "move(-1)", "Previous", show=False),
        Binding("right,down", "move(1)", "Next", show=False),
        Binding("enter,space", "choose", "Choose", show=False),
    ]

    chosen: reactive[int] = reactive(0)
    """The index of the chosen option."""
    highlighted: reactive[int] = reactive(0)
    """The index of the option the arrows have reached (shown while focused)."""

    class Changed(Message):
        """Another option was chosen."""

        def __init__(self, choices: Choices, value: str) -> None:
            super().__init__()
            self.choices = choices
            self.value = value

        @property
        def control(self) -> Choices:
            return self.choices

    def __init__(
        self,
        options: tuple[tuple[str, str], ...],
        value: str,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """`options` are (value, label) pairs; `value` is the chosen one's. A label is shown
        as written, never read as markup, its control characters escaped."""
        super().__init__(id=id, classes=classes)
        self.options = tuple((option, shown(label)) for option, label in options)
        self._values = [option for option, _ in options]
        index = self._values.index(value)
        self.set_reactive(Choices.chosen, index)
        self.set_reactive(Choices.highlighted, index)

    @property
    def value(self) -> str:
        """The chosen option's value."""
        return self._values[self.chosen]

    @value.setter
    def value(self, value: str) -> None:
        self.chosen = self.highlighted = self._values.index(value)

    def watch_chosen(self) -> None:
        self.post_message(self.Changed(self, self.value))

    def action_move(self, step: int) -> None:
        self.highlighted = (self.highlighted + step) % len(self.options)

    def action_choose(self) -> None:
        self.chosen = self.highlighted

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for index, spot in enumerate(self.spots()):
            if spot.line == offset.y and spot.start <= offset.x < spot.end:
                self.value = self._values[index]
                return

    def on_focus(self) -> None:
        self.highlighted = self.chosen  # the arrows start from the chosen option
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # --- drawing ------------------------------------------------------------------------

    def _texts(self) -> list[str]:
        return [
            f"{CHOSEN_MARK if index == self.chosen else OTHER_MARK} {label}"
            for index, (_, label) in enumerate(self.options)
        ]

    def _widths(self) -> list[int]:
        return [cell_len(text) for text in self._texts()]

    def spots(self) -> list[Placed]:
        """Where each option is drawn at the widget's width."""
        return place(self._widths(), self.size.width)

    def get_content_width(self, container: object, viewport: object) -> int:
        widths = self._widths()
        return sum(widths) + len(GAP) * (len(widths) - 1)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return place(self._widths(), width)[-1].line + 1

    def draw(self) -> list[Strip]:
        texts = self._texts()
        spots = self.spots()
        styles = {name: self.get_component_rich_style(name) for name in self.COMPONENT_CLASSES}
        focused = self.has_focus
        lines: list[list[Segment]] = [[] for _ in range(spots[-1].line + 1)]
        for index, (text, spot) in enumerate(zip(texts, spots, strict=True)):
            line = lines[spot.line]
            if line:
                line.append(Segment(GAP, styles[OPTION]))
            chosen = index == self.chosen
            label = styles[CHOSEN if chosen else OPTION]
            mark = label + styles[MARK] if chosen else label
            if focused and index == self.highlighted:  # the cursor's look over both
                label, mark = label + styles[CURSOR], mark + styles[CURSOR]
            line += [Segment(text[0], mark), Segment(text[1:], label)]
        return [Strip(segments) for segments in lines]
