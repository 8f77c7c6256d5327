"""After an edit that broke a routine file: what is wrong, and edit it again or leave it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from knotsession.core.text import shown
from knotsession.tui.screens.dialog import Dialog
from knotsession.tui.widgets.compact import CompactButton


class EditAgain(Dialog[bool]):
    """The file's problems; answers True to open the editor again."""

    CSS_PATH = "edit_again.tcss"
    AUTO_FOCUS = "#again"
    BINDINGS = [
        Binding("e", "again", "Edit again"),
        Binding("escape,l", "leave", "Leave it"),
        Binding("left,right", "app.focus_next", show=False),
    ]

    def __init__(self, file_name: str, problems: list[str]) -> None:
        super().__init__()
        self.file_name = file_name
        self.problems = problems

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(f"{shown(self.file_name)} does not load", id="question", markup=False)
            for problem in self.problems:
                yield Static(problem, classes="problem", markup=False)
            yield Static("Until it is fixed, it is not on the home screen.", id="explain")
            with Horizontal(id="answers"):
                yield CompactButton("Edit again", "primary", id="again")
                yield CompactButton("Leave it", id="leave")

    @on(Button.Pressed, "#again")
    def action_again(self) -> None:
        """Back into the editor."""
        self.dismiss(True)

    @on(Button.Pressed, "#leave")
    def action_leave(self) -> None:
        """Back home, the file as it is."""
        self.dismiss(False)
