"""A one-line button that is cheap to build, for the first thing on the home screen.

Textual's Button brings a large stylesheet of variants; the home screen's first paint
is measured against a bare Textual app, so its one button is this small widget instead.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static


class StartButton(Static, can_focus=True):
    """Enter, space or a click presses it."""

    DEFAULT_CSS = """
    StartButton {
        width: 100%;
        height: 1;
        text-align: center;
        text-style: bold;
        background: $primary 35%;
        &:focus {
            background: $primary;
            color: $background;
        }
        &:hover {
            background: $primary 60%;
        }
    }
    """
    BINDINGS = [Binding("enter,space", "press", "Start", show=False)]

    class Pressed(Message):
        """The button was pressed."""

        def __init__(self, button: StartButton) -> None:
            super().__init__()
            self.button = button

        @property
        def control(self) -> StartButton:
            return self.button

    def action_press(self) -> None:
        """Say it was pressed."""
        self.post_message(self.Pressed(self))

    def on_click(self) -> None:
        self.action_press()
