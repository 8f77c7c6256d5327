"""Completion: what was done, the time, the streak, a tip, and what next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from knotsession.core.engine import SessionSummary
from knotsession.core.routine import Routine
from knotsession.tui.widgets.tension_scale import TensionScale
from knotsession.tui.words import clock, plural, tip_for

if TYPE_CHECKING:
    from knotsession.tui.app import KnotsessionApp, StreakLine


class CompletionScreen(Screen):
    """The end of a routine."""

    app: KnotsessionApp
    CSS_PATH = "completion.tcss"
    AUTO_FOCUS = "#home"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    BINDINGS = [
        Binding("escape", "home", "Home"),
        Binding("r", "repeat", "Again"),
        Binding("h", "app.history", "History"),
        *(Binding(str(n), f"tension({n})", show=False) for n in range(10)),
    ]

    def __init__(
        self,
        routine: Routine,
        summary: SessionSummary,
        *,
        session_id: int | None,
        tip_number: int,
    ) -> None:
        super().__init__()
        self.routine = routine
        self.summary = summary
        self.session_id = session_id
        self.tip_number = tip_number

    def compose(self) -> ComposeResult:
        summary = self.summary
        with Vertical(id="card"):
            all_done = summary.steps_done == summary.steps_total
            yield Static("✓ Well done" if all_done else "✓ Done", id="done")
            yield Static(self.routine.name, id="routine-name", markup=False)
            steps = f"{summary.steps_done} of {plural(summary.steps_total, 'step')}"
            yield Static(f"{steps} · {clock(summary.active_s)} spent", id="spent")
            yield Static("", id="streak")
            if self.session_id is not None and self.app.settings.ask_tension != "never":
                with Vertical(id="check-in"):
                    yield Static("How tense do you feel now? 0 relaxed, 10 very tense (optional)")
                    yield TensionScale(id="tension")
            yield Static(f"Tip: {tip_for(self.tip_number)}", id="tip")
            with Horizontal(id="actions"):
                yield Button("Home", id="home", variant="primary", compact=True)
                yield Button("Again", id="repeat", compact=True)
                yield Button("History", id="history", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.app.refresh_streak()

    def show_streak(self, streak: StreakLine) -> None:
        """Show the streak, now that this session counts in it."""
        if streak.current:
            self.query_one("#streak", Static).update(f"{streak.current}-day streak")

    @on(Button.Pressed, "#home")
    def action_home(self) -> None:
        """Back to the home screen."""
        self.app.go_home()

    @on(Button.Pressed, "#repeat")
    def action_repeat(self) -> None:
        """The same routine again."""
        self.app.play(self.routine)

    @on(Button.Pressed, "#history")
    def open_history(self) -> None:
        """Streaks and past sessions."""
        self.app.action_history()

    def action_tension(self, value: int) -> None:
        """A digit key rates tension directly."""
        scale = self.query(TensionScale)
        if scale:
            scale.first().choose(value)

    @on(TensionScale.Chosen)
    def save_tension(self, event: TensionScale.Chosen) -> None:
        """Keep the rating with this session (one small UPDATE, on the store's own thread)."""
        if self.session_id is None or self.app.history is None:
            return
        from knotsession.core.history import HistoryError

        try:
            self.app.history.set_tension_after(self.session_id, event.value)
        except HistoryError as error:
            self.notify(str(error), severity="warning")
            return
        self.notify(f"Saved: {event.value} of 10", timeout=2)
