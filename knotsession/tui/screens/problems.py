"""The routine files that did not load, each with where and why."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from knotsession.core.routine import RoutineError
from knotsession.tui.screens.dialog import Dialog


class ProblemsScreen(Dialog[None]):
    """A list of routine problems; any of Escape, Enter or q closes it."""

    CSS_PATH = "problems.tcss"
    BINDINGS = [Binding("escape,enter,q,p", "close", "Close")]

    def __init__(self, problems: tuple[RoutineError, ...]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Routine files that could not be loaded", id="heading")
            with VerticalScroll(id="list"):
                for problem in self.problems:
                    yield Static(f"• {problem}", classes="problem", markup=False)
            yield Static(
                "Fix the file and start knotsession again; `knotsession validate FILE` checks it.",
                id="hint",
                markup=False,
            )

    def action_close(self) -> None:
        """Back to the home screen."""
        self.dismiss(None)
