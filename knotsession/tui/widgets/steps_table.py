"""A routine's steps as a table: number, name with its instructions under it, and time.

Laid out here for the widget's width and drawn by the line API, rather than by a Rich
`Table` in a `Static`: Textual measured the table (rendering it) to know its height, then
rendered it again to draw it, some 8 ms of the preview's first open. The columns are the
table's: the number right-aligned in two cells, the step taking the room left, the time
right-aligned, two spaces between them; the text is wrapped as Rich wraps it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from knotsession.core.routine import Routine
from knotsession.core.wording import AVOID_MARK
from knotsession.tui.widgets.drawn_lines import DrawnLines
from knotsession.tui.words import step_length

HEADER, INSTRUCTIONS = "steps-table--header", "steps-table--instructions"
NUMBER_WIDTH = 2
GAP = "  "
NARROWEST_STEP = 8  # cells for a step's words beside the time column


class Row(NamedTuple):
    """One step as the table shows it."""

    number: str
    name: str  # with the avoid mark when it works an avoided area
    instructions: str
    time: str


def rows_of(routine: Routine, avoid: tuple[str, ...] = ()) -> tuple[Row, ...]:
    """The routine's steps as rows, those that work an avoided area marked."""
    return tuple(
        Row(
            str(number),
            f"{step.name}  {AVOID_MARK} avoid" if step.area in avoid else step.name,
            step.instructions,
            step_length(step),
        )
        for number, step in enumerate(routine.steps, start=1)
    )


Line = tuple[tuple[str, str], ...]
"""A line of the table: runs of text and the component class that styles them ('' plain)."""


@lru_cache(maxsize=32)
def table_lines(rows: tuple[Row, ...], width: int) -> tuple[Line, ...]:
    """The table for `width` cells: the header, then each step's lines. With less than
    NARROWEST_STEP cells left for the steps, the time goes under each step's name instead of
    in a column of its own, so nothing is cut off."""
    number_width = max((NUMBER_WIDTH, *(len(row.number) for row in rows)))
    time_width = max(cell_len(text) for text in ("Time", *(row.time for row in rows)))
    step_width = width - number_width - time_width - 2 * len(GAP)
    stacked = step_width < NARROWEST_STEP
    if stacked:
        time_width, step_width = 0, max(width - number_width - len(GAP), 1)
    header = "#".rjust(number_width) + GAP + padded(wrapped("Step", step_width)[0], step_width)
    lines: list[Line] = [
        ((header, HEADER),) if stacked else ((header + GAP + "Time".rjust(time_width), HEADER),)
    ]
    for row in rows:
        step_lines = [(text, "") for text in wrapped(row.name, step_width)]
        if stacked:
            step_lines += [(text, "") for text in wrapped(row.time, step_width)]
        if row.instructions:
            step_lines += [(text, INSTRUCTIONS) for text in wrapped(row.instructions, step_width)]
        for index, (text, name) in enumerate(step_lines):
            first = index == 0
            number = row.number.rjust(number_width) if first else " " * number_width
            after = " " * (step_width - cell_len(text))
            if not stacked:
                after += GAP + (row.time.rjust(time_width) if first else " " * time_width)
            lines.append(((number + GAP, ""), (text, name), (after, "")))
    return tuple(lines)


def padded(text: str, width: int) -> str:
    return text + " " * (width - cell_len(text))


_CONSOLE = Console(width=1000, color_system=None, legacy_windows=False)


def wrapped(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, wrapped at spaces as Rich wraps a cell."""
    return [line.plain for line in Text(text).wrap(_CONSOLE, width, overflow="ellipsis")]


class StepsTable(DrawnLines):
    """A routine's steps, those that work an avoided area marked."""

    DEFAULT_CSS = """
    StepsTable {
        height: auto;
    }
    StepsTable > .steps-table--header { text-style: bold; }
    StepsTable > .steps-table--instructions { text-style: dim; }
    """
    COMPONENT_CLASSES = {HEADER, INSTRUCTIONS}

    def __init__(
        self, routine: Routine, avoid: tuple[str, ...] = (), *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.routine = routine
        self.rows = rows_of(routine, avoid)

    def mark_avoided(self, avoid: tuple[str, ...]) -> None:
        """Mark the steps that work an area in `avoid` (and only those)."""
        rows = rows_of(self.routine, avoid)
        if rows != self.rows:
            self.rows = rows
            self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return len(table_lines(self.rows, width))

    def draw(self) -> list[Strip]:
        base = self.visual_style.rich_style
        styles: dict[str, Style] = {"": base}
        for name in self.COMPONENT_CLASSES:
            styles[name] = base + self.get_component_rich_style(name, partial=True)
        return [
            Strip([Segment(text, styles[name]) for text, name in line if text])
            for line in table_lines(self.rows, self.size.width)
        ]
