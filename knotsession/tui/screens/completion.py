"""Completion: what was done, the time, the streak, what set it off, a tip, and what next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from knotsession.core.engine import SessionSummary
from knotsession.core.routine import Routine
from knotsession.core.triggers import STARTER_TAGS
from knotsession.tui.widgets.tag_suggester import TagSuggester
from knotsession.tui.widgets.tension_scale import TensionScale
from knotsession.tui.words import clock, plural, tip_for

if TYPE_CHECKING:
    from knotsession.tui.app import KnotsessionApp, StreakLine

TAG_EXAMPLES = "long sitting, stress, a long call (→ completes)"
NOTE_EXAMPLE = "anything to remember about today"


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
        # Home has the focus (so digits rate tension); these reach the fields in one key.
        Binding("w", "ask('tags')", "Triggers"),
        Binding("n", "ask('note')", "Note"),
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
        self._saved = {"tags": "", "note": ""}  # what the history holds for this session

    def compose(self) -> ComposeResult:
        summary = self.summary
        with Vertical(id="card"):
            all_done = summary.steps_done == summary.steps_total
            yield Static("✓ Well done" if all_done else "✓ Done", id="done")
            yield Static(self.routine.name, id="routine-name", markup=False)
            steps = f"{summary.steps_done} of {plural(summary.steps_total, 'step')}"
            yield Static(f"{steps} · {clock(summary.active_s)} spent", id="spent")
            yield Static("", id="streak")
            yield Static("", id="history-notice", classes="notice", markup=False)
            if self.session_id is not None and self.app.settings.ask_tension != "never":
                with Vertical(id="check-in"):
                    yield Static("How tense do you feel now? 0 relaxed, 10 very tense (optional)")
                    yield TensionScale(id="tension")
            if self.session_id is not None:
                with Vertical(id="triggers"):
                    yield self._ask("What set it off?", "tags", TAG_EXAMPLES)
                    yield Static(f"Try: {' · '.join(STARTER_TAGS)}", id="tag-starters")
                    yield self._ask("Note", "note", NOTE_EXAMPLE)
            yield Static(f"Tip: {tip_for(self.tip_number)}", id="tip")
            with Horizontal(id="actions"):
                yield Button("Home", id="home", variant="primary", compact=True)
                yield Button("Again", id="repeat", compact=True)
                yield Button("History", id="history", compact=True)
        yield Footer()

    @staticmethod
    def _ask(label: str, key: str, example: str) -> Horizontal:
        """An optional line of text: a label, then a field showing an example."""
        suggester = TagSuggester(STARTER_TAGS) if key == "tags" else None
        field = Input(placeholder=example, id=key, compact=True, suggester=suggester)
        return Horizontal(Label(label, classes="ask-label"), field, id=f"{key}-row")

    def on_mount(self) -> None:
        self.app.refresh_streak()
        notice = self.query_one("#history-notice", Static)
        notice.display = False
        line = self.app.tell_recording_notice()
        if line:
            notice.update(line)
            notice.display = True

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The starter triggers show while the person is in the tags field."""
        self._show_starters(event.widget.id == "tags")

    def on_descendant_blur(self) -> None:
        self._show_starters(False)

    def _show_starters(self, shown: bool) -> None:
        for starters in self.query("#tag-starters"):
            starters.display = shown

    def show_streak(self, streak: StreakLine) -> None:
        """Show the streak, now that this session counts in it."""
        if streak.current:
            self.query_one("#streak", Static).update(f"{streak.current}-day streak")

    @on(Button.Pressed, "#home")
    def action_home(self) -> None:
        """Back to the home screen."""
        self._save_all()
        self.app.go_home()

    @on(Button.Pressed, "#repeat")
    def action_repeat(self) -> None:
        """The same routine again."""
        self._save_all()
        self.app.play(self.routine)

    @on(Button.Pressed, "#history")
    def open_history(self) -> None:
        """Streaks and past sessions."""
        self._save_all()
        self.app.action_history()

    # --- what set it off, and a note ----------------------------------------------------

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        """Enter keeps the text and moves on: from the tags to the note, then to Home."""
        self._save(event.input)
        note_shown = self.query_one("#note-row").display  # small terminals hide it
        following = "#note" if event.input.id == "tags" and note_shown else "#home"
        self.query_one(following).focus()

    @on(Input.Blurred)
    def left_field(self, event: Input.Blurred) -> None:
        """Leaving a field keeps what it says."""
        self._save(event.input)

    def _save_all(self) -> None:
        for field in self.query(Input):
            self._save(field)

    def _save(self, field: Input) -> None:
        """Keep the field's text with this session, if it changed (one small UPDATE)."""
        key = field.id or ""
        text = field.value.strip()
        if key not in self._saved or text == self._saved[key]:
            return
        if self.session_id is None or self.app.history is None:
            return
        from knotsession.core.history import HistoryError, normalize_tags

        tags = list(normalize_tags([text]))
        try:
            if key == "tags":
                self.app.history.set_tags(self.session_id, tags)
            else:
                self.app.history.set_note(self.session_id, text)
        except HistoryError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        self._saved[key] = text
        if key == "note":
            self.notify("Note saved." if text else "Note removed.", timeout=2)
        else:
            saved = ", ".join(tags)
            self.notify(f"Saved: {saved}" if tags else "Tags removed.", timeout=2, markup=False)

    def action_ask(self, key: str) -> None:
        """Put the cursor in the tags or the note field."""
        field = self._shown_field(key)
        if field is not None:
            field.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`w` and `n` only where their fields are shown (none without a history; small
        terminals hide the note)."""
        if action == "ask":
            return self._shown_field(str(parameters[0])) is not None
        return True

    def _shown_field(self, key: str) -> Input | None:
        for row in self.query(f"#{key}-row"):
            if row.display:
                return row.query_one(f"#{key}", Input)
        return None

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
