"""The question before a session is stopped."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from knotsession.tui.screens.dialog import Dialog
from knotsession.tui.widgets.compact import CompactButton


class QuitConfirm(Dialog[bool]):
    """Stop this session? Answers True to stop, False to keep going."""

    CSS_PATH = "confirm.tcss"
    AUTO_FOCUS = "#keep-going"
    BINDINGS = [
        Binding("y,q", "stop", "Stop"),
        Binding("n,escape", "keep_going", "Keep going"),
        Binding("left,right", "app.focus_next", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Stop this session?", id="question")
            yield Static("It is kept in your history as not completed.", id="explain")
            with Horizontal(id="answers"):
                yield CompactButton("Keep going", "primary", id="keep-going")
                yield CompactButton("Stop", "error", id="stop")

    @on(Button.Pressed, "#stop")
    def action_stop(self) -> None:
        """Stop the session."""
        self.dismiss(True)

    @on(Button.Pressed, "#keep-going")
    def action_keep_going(self) -> None:
        """Back to the session."""
        self.dismiss(False)
