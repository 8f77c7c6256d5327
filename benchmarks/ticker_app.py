"""The floor for a running countdown: a bare Textual app whose `Digits` count down once a
second. The player's memory and CPU while a step runs are measured against this."""

from textual.app import App, ComposeResult
from textual.widgets import Digits


class TickerApp(App[None]):
    """Digits counting down from 10:00, redrawn once a second."""

    def compose(self) -> ComposeResult:
        yield Digits("10:00")

    def on_mount(self) -> None:
        self.left_s = 600
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        self.left_s -= 1
        self.query_one(Digits).update(f"{self.left_s // 60}:{self.left_s % 60:02d}")


if __name__ == "__main__":
    TickerApp().run()
