"""The floor for opening a screen: a bare Textual app that pushes a plain screen on a key.

knotsession's screens are timed against this in the same run: from the key sent through
tmux to the screen's text in the terminal.
"""

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

AREAS = ["neck", "jaw", "shoulders", "chest", "upper-back", "lower-back"]


class BareScreen(Screen[None]):
    """A title line and a footer."""

    BINDINGS = [("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Static("A bare screen")
        yield Footer()


class BarePushApp(App[None]):
    """The floor app (an option list and a footer) with `o` pushing a bare screen."""

    BINDINGS = [("q", "quit", "Quit"), ("o", "open", "Open")]

    def compose(self) -> ComposeResult:
        yield OptionList(*AREAS)
        yield Footer()

    def action_open(self) -> None:
        self.push_screen(BareScreen())


if __name__ == "__main__":
    BarePushApp().run()
