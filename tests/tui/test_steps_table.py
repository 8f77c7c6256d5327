"""The preview's steps table (tui/widgets/steps_table.py): laid out by hand, drawn as a
Rich `Table` in a `Static` drew it, cell by cell; and the avoid marks follow a change."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from desk_routine import write_routines
from looks import looks
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static

from knotsession import paths
from knotsession.core.library import RoutineSource, load_library
from knotsession.core.routine import Routine
from knotsession.core.wording import AVOID_MARK
from knotsession.tui.themes import THEMES
from knotsession.tui.widgets.steps_table import Row, StepsTable, table_lines
from knotsession.tui.words import step_length

LONG = """
name = "Long words"
areas = ["neck"]

[[steps]]
name = "Pneumonoultramicroscopicsilicovolcanoconiosis-stretch"
duration = 30
sides = "both"
area = "neck"
instructions = "Tilt your head away. Supercalifragilisticexpialidocious-ly slowly, then back."

[[steps]]
name = "Rest"
duration = 5
"""


def rich_table(routine: Routine, avoid: tuple[str, ...]) -> Table:
    """The table as the preview made it before (a Rich Table in a Static)."""
    table = Table(box=None, expand=True, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("#", justify="right", width=2)
    table.add_column("Step", ratio=1)
    table.add_column("Time", justify="right", no_wrap=True)
    for number, step in enumerate(routine.steps, start=1):
        what = Text(step.name)
        if step.area in avoid:
            what.append(f"  {AVOID_MARK} avoid")
        if step.instructions:
            what.append("\n" + step.instructions, style="dim")
        table.add_row(str(number), what, step_length(step))
    return table


class Both(App[None]):
    CSS = "Screen { layout: horizontal; } #old, #new { width: 1fr; height: auto; }"

    def __init__(self, routine: Routine, avoid: tuple[str, ...], theme: str) -> None:
        super().__init__()
        self.routine, self.avoid = routine, avoid
        for knot_theme in THEMES.values():
            self.register_theme(knot_theme)
        self.theme = THEMES[theme].name

    def compose(self) -> ComposeResult:
        yield Static(rich_table(self.routine, self.avoid), id="old")
        yield StepsTable(self.routine, self.avoid, id="new")


def cells(widget: Static | StepsTable) -> list[list[tuple[str, object]]]:
    """What the widget shows, cell by cell."""
    return looks(widget.render_line(y) for y in range(widget.size.height))


def bundled(routine_id: str) -> Routine:
    routine = load_library([RoutineSource(paths.bundled_routines_dir(), "bundled")]).get(routine_id)
    assert routine is not None
    return routine


@pytest.mark.parametrize("width", [160, 100, 60])  # 30 cells and more a table
@pytest.mark.parametrize(
    ("routine_id", "avoid", "theme"),
    [("desk-5", (), "dark"), ("desk-5", ("shoulders",), "light"), ("long", ("neck",), "dark")],
)
async def test_drawn_as_the_rich_table_drew_it(
    tmp_path: Path, width: int, routine_id: str, avoid: tuple[str, ...], theme: str
) -> None:
    if routine_id == "long":
        folder = write_routines(tmp_path, {"long": LONG})
        routine = load_library([RoutineSource(folder, "user")]).get("long")
        assert routine is not None
    else:
        routine = bundled(routine_id)
    app = Both(routine, avoid, theme)
    async with app.run_test(size=(width, 60)):
        old, new = app.query_one("#old", Static), app.query_one("#new", StepsTable)
        assert new.size == old.size
        assert cells(new) == cells(old)
        if avoid:
            assert any(AVOID_MARK in row.name for row in new.rows)


def test_columns_lines_and_styles() -> None:
    rows = (Row("1", "Chin tucks", "Sit tall.", "20 s each side"), Row("10", "Rest", "", "5 s"))
    lines = table_lines(rows, 30)
    assert ["".join(text for text, _ in line) for line in lines] == [
        " #  Step                  Time",
        " 1  Chin tucks  20 s each side",
        "    Sit tall.                 ",
        "10  Rest                   5 s",
    ]
    assert {name for _, name in lines[0]} == {"steps-table--header"}
    assert [name for _, name in lines[2]] == ["", "steps-table--instructions", ""]
    # Too narrow for a step beside the time: the time goes under the name, nothing is cut.
    narrow = ["".join(text for text, _ in line) for line in table_lines(rows, 22)]
    assert [line.rstrip() for line in narrow] == [
        " #  Step",
        " 1  Chin tucks",
        "    20 s each side",
        "    Sit tall.",
        "10  Rest",
        "    5 s",
    ]
    assert {len(line) for line in narrow} == {22}
    # Narrower still: words wrap, and one that cannot is cut as Rich cuts it.
    assert ["".join(text for text, _ in line) for line in table_lines(rows, 10)][:4] == [
        " #  Step  ",
        " 1  Chin  ",
        "    tucks ",
        "    20 s  ",
    ]
    assert table_lines((Row("1", "Supercalifragilistic", "", "5 s"),), 10)[1][1][0] == "Super…"


def test_a_routine_without_steps_is_a_header() -> None:
    assert ["".join(text for text, _ in line) for line in table_lines((), 20)] == [
        " #  Step        Time"
    ]


async def test_marks_follow_a_change_of_the_avoided_areas() -> None:
    routine = bundled("desk-5")
    app = Both(routine, (), "dark")
    async with app.run_test(size=(200, 60)) as pilot:
        table = app.query_one("#new", StepsTable)
        assert not any(AVOID_MARK in row.name for row in table.rows)
        height = table.size.height
        table.mark_avoided(("neck",))
        await pilot.pause()
        marked = [row.name for row in table.rows if AVOID_MARK in row.name]
        necks = [step.name for step in routine.steps if step.area == "neck"]
        assert marked == [f"{name}  {AVOID_MARK} avoid" for name in necks] and marked
        drawn = "\n".join(table.render_line(y).text for y in range(table.size.height))
        assert drawn.count(f"{AVOID_MARK} avoid") == len(marked)
        assert table.size.height >= height


async def test_a_run_of_one_style_is_one_segment() -> None:
    app = Both(bundled("desk-5"), ("neck",), "dark")
    async with app.run_test(size=(160, 60)):
        table = app.query_one("#new", StepsTable)
        for y in range(table.size.height):
            styles = [segment.style for segment in table.render_line(y)]
            assert all(a != b for a, b in pairwise(styles)), y
