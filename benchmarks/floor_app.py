"""The floor: the smallest Textual app that shows a list. knotsession's first paint and memory
are measured against this, in the same terminal, in the same run."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, OptionList

AREAS = ["neck", "jaw", "shoulders", "chest", "upper-back", "lower-back"]


class FloorApp(App[None]):
    """An option list and a footer."""

    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield OptionList(*AREAS)
        yield Footer()


if __name__ == "__main__":
    FloorApp().run()
