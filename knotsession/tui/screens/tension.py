"""Before a session (when the settings ask for it): how tense are you now, 0-10?"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from knotsession.tui.screens.dialog import Dialog
from knotsession.tui.widgets.tension_scale import TensionScale


class TensionAsk(Dialog[int | None]):
    """Answers the rating, or None when the person skips it."""

    CSS_PATH = "tension.tcss"
    AUTO_FOCUS = "#tension-before"
    BINDINGS = [
        Binding("escape", "skip", "Skip"),
        *(Binding(str(n), f"choose({n})", show=False) for n in range(10)),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("How tense do you feel right now?", id="question")
            yield Static("0 relaxed, 10 very tense · ← → and enter, or a digit", id="explain")
            yield TensionScale(id="tension-before")
            yield Static("escape skips it", id="skip-hint")

    @on(TensionScale.Chosen)
    def chosen(self, event: TensionScale.Chosen) -> None:
        """Start with this rating."""
        self.dismiss(event.value)

    def action_choose(self, value: int) -> None:
        """A digit rates directly."""
        self.dismiss(value)

    def action_skip(self) -> None:
        """Start without a rating."""
        self.dismiss(None)
