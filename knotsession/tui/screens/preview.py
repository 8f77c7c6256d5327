"""Routine preview: its steps with their times and sides, the total, what to have at hand."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from knotsession.core.engine import planned_duration_s
from knotsession.core.routine import Routine
from knotsession.tui.words import area_label, clock, equipment_label, plural, step_length

if TYPE_CHECKING:
    from knotsession.tui.app import KnotsessionApp


def steps_table(routine: Routine) -> Table:
    """One row a step: number, name, time (and `each side`)."""
    table = Table(box=None, expand=True, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("#", justify="right", width=2)
    table.add_column("Step", ratio=1)
    table.add_column("Time", justify="right", no_wrap=True)
    for number, step in enumerate(routine.steps, start=1):
        table.add_row(str(number), step.name, step_length(step))
    return table


class PreviewScreen(Screen):
    """A routine before it starts."""

    app: KnotsessionApp
    CSS_PATH = "preview.tcss"
    AUTO_FOCUS = "#start"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    BINDINGS = [
        Binding("s", "start", "Start"),
        Binding("escape,b", "back", "Back"),
    ]

    def __init__(self, routine: Routine, *, lead_in_s: int) -> None:
        super().__init__()
        self.routine = routine
        self.lead_in_s = lead_in_s

    def compose(self) -> ComposeResult:
        routine = self.routine
        with Horizontal(id="top"):
            yield Static(routine.name, id="title")
            yield Static(clock(planned_duration_s(routine, self.lead_in_s)), id="total")
        with VerticalScroll(id="body"):
            if routine.description:
                yield Static(routine.description, id="description", markup=False)
            yield Static(self._details(), id="details", markup=False)
            yield Static(steps_table(routine), id="steps")
            yield Static(self._total(), id="total-line")
        with Horizontal(id="actions"):
            yield Button("▶  Start", id="start", variant="primary", compact=True)
            yield Button("Back", id="back", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        # The person is likely to start: open the sound now, while they read.
        self.app.ensure_cues()

    def _details(self) -> str:
        routine = self.routine
        areas = ", ".join(area_label(area) for area in routine.areas)
        return " · ".join(
            (plural(len(routine.steps), "step"), routine.position, equipment_label(routine), areas)
        )

    def _total(self) -> str:
        total = clock(planned_duration_s(self.routine, self.lead_in_s))
        return f"{total} in all, with time to get ready and to switch sides"

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        """Start the routine."""
        self.app.play(self.routine)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        """Back to the routines."""
        self.app.pop_screen()
