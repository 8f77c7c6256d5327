"""Completion: what was done, the time, the streak, what set it off, a tip, and what next."""

from __future__ import annotations

from concurrent.futures import Future
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from knotsession.core.engine import SessionSummary
from knotsession.core.routine import Routine
from knotsession.core.triggers import STARTER_TAGS
from knotsession.core.wording import streak_days
from knotsession.tui.made_ahead import Droppable
from knotsession.tui.messages import GoHome, OpenHistory, RefreshStreak, StartRoutine
from knotsession.tui.state import HELP_KEY
from knotsession.tui.styled_once import StyledOnce
from knotsession.tui.widgets.compact import CompactButton, CompactInput
from knotsession.tui.widgets.keys_footer import KeysFooter
from knotsession.tui.widgets.tag_suggester import TagSuggester
from knotsession.tui.widgets.tension_scale import TensionScale
from knotsession.tui.words import clock, plural, tip_for

if TYPE_CHECKING:
    from knotsession.core.history_writer import SessionTicket
    from knotsession.tui.state import SharedState
    from knotsession.tui.streak import StreakLine

TAG_EXAMPLES = "long sitting, stress, a long call (→ completes)"
NOTE_EXAMPLE = "anything to remember about today"
# Keys meant for the player (n skips, digits) that arrive just as the routine ends must not
# open the note or rate tension: the screen's own keys wait this long after it appears.
KEY_GRACE_S = 1.0
# "1" then "0" within this time rates 10.
TEN_WINDOW_S = 1.0


def not_counted_line(summary: SessionSummary) -> str:
    """Why a finished session counts in no streak or total (the rule is in core/stats.py)."""
    done = f"{summary.steps_done} of {plural(summary.steps_total, 'step')}"
    return (
        f"Not counted in your streak or totals: {done} done; a session counts once at least"
        " half of its steps are done."
    )


class CompletionScreen(Droppable, StyledOnce, Screen):
    """The end of a routine."""

    app: SharedState
    CSS_PATH = "completion.tcss"
    AUTO_FOCUS = "#home"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    BINDINGS = [
        Binding("escape", "home", "Home", tooltip="home"),
        Binding("r", "repeat", "Again", tooltip="the same routine again"),
        Binding("h", "app.history", "History", tooltip="history and streaks"),
        Binding(
            "k",
            "app.knot_map('How do your spots feel now?')",
            "Spots",
            tooltip="how do your spots feel now?",
        ),
        # Home has the focus (so digits rate tension); these reach the fields in one key.
        Binding("w", "ask('tags')", "Triggers", tooltip="what set the knots off"),
        Binding("n", "ask('note')", "Note", tooltip="a note about this session"),
        *(
            Binding(str(n), f"tension({n})", show=False, tooltip="how tense you feel now")
            for n in range(10)
        ),
        HELP_KEY,
    ]

    class Written(Message):
        """The history writer committed (or gave up on) one of this screen's saves."""

        def __init__(self, key: str, text: str, error: BaseException | None) -> None:
            super().__init__()
            self.key = key
            self.text = text
            self.error = error

    def __init__(
        self,
        routine: Routine,
        summary: SessionSummary | None,
        *,
        ticket: SessionTicket | None,
        tip_number: int,
    ) -> None:
        """`summary` None: the screen is made ahead, while the last step plays, and told how
        the session went by `finish` (see session_start.py)."""
        super().__init__()
        self.routine = routine
        self.summary = summary
        self.ticket = ticket
        self.tip_number = tip_number
        self._saved = {"tags": "", "note": ""}  # what was queued for this session
        self._shown_at: float | None = None  # the app's clock when the screen appeared
        self._last_digit: tuple[int, float] | None = None

    def compose(self) -> ComposeResult:
        # What depends on how the session went is filled in by `_show_summary`.
        with Vertical(id="card"):
            yield Static("", id="done")
            yield Static(self.routine.name, id="routine-name", markup=False)
            yield Static("", id="spent")
            yield Static("", id="not-counted")
            yield Static("", id="streak")
            yield Static("", id="history-notice", classes="notice", markup=False)
            if self._row_kept() and self.app.settings.ask_tension != "never":
                with Vertical(id="check-in"):
                    yield Static("How tense do you feel now? 0 relaxed, 10 very tense (optional)")
                    yield TensionScale(id="tension")
            if self._row_kept():
                with Vertical(id="triggers"):
                    yield self._ask("What set it off?", "tags", TAG_EXAMPLES)
                    yield Static(f"Try: {' · '.join(STARTER_TAGS)}", id="tag-starters")
                    yield self._ask("Note", "note", NOTE_EXAMPLE)
            yield Static("", id="tip")
            with Horizontal(id="actions"):
                yield CompactButton("Home", "primary", id="home")
                yield CompactButton("Again", id="repeat")
                yield CompactButton("History", id="history")
        yield KeysFooter()

    def finish(
        self, summary: SessionSummary, ticket: SessionTicket | None, tip_number: int
    ) -> None:
        """How the session went, for a screen made ahead (call it before showing it)."""
        self.summary, self.ticket, self.tip_number = summary, ticket, tip_number
        if self.is_mounted:
            self._show_summary()

    def _show_summary(self) -> None:
        summary = self.summary
        if summary is None:
            return
        all_done = summary.steps_done == summary.steps_total
        self.query_one("#done", Static).update("✓ Well done" if all_done else "✓ Done")
        steps = f"{summary.steps_done} of {plural(summary.steps_total, 'step')}"
        self.query_one("#spent", Static).update(f"{steps} · {clock(summary.active_s)} spent")
        not_counted = self.query_one("#not-counted", Static)
        not_counted.update("" if summary.completed else not_counted_line(summary))
        not_counted.display = not summary.completed
        self.query_one("#tip", Static).update(f"Tip: {tip_for(self.tip_number)}")
        if not self._row_kept():  # the row's write failed while the last step played
            for part in self.query("#check-in, #triggers"):
                part.display = False

    def _row_kept(self) -> bool:
        """The session has a row to attach a rating, tags and a note to (or soon will)."""
        if self.ticket is None:
            return False
        written = self.ticket.written
        return not (written.done() and written.exception() is not None)

    @staticmethod
    def _ask(label: str, key: str, example: str) -> Horizontal:
        """An optional line of text: a label, then a field showing an example."""
        suggester = TagSuggester(STARTER_TAGS) if key == "tags" else None
        field = CompactInput(placeholder=example, id=key, suggester=suggester)
        return Horizontal(Label(label, classes="ask-label"), field, id=f"{key}-row")

    def on_mount(self) -> None:
        if self.removed_if_dropped():
            return
        self._show_summary()
        self.watch(self.app, "streak", self._streak_changed, init=False)
        self.query_one("#history-notice", Static).display = False
        self.watch(self.app, "history_notice", self.show_history_notice)

    def on_screen_resume(self) -> None:
        if self._shown_at is None:  # first shown (a screen made ahead was mounted earlier)
            self._shown_at = self.app.clock()
            self.post_message(RefreshStreak())

    def show_history_notice(self, line: str) -> None:
        """Say on the card that the history could not be saved (nothing while it can)."""
        if line:
            notice = self.query_one("#history-notice", Static)
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

    def _streak_changed(self, streak: StreakLine | None) -> None:
        if streak is not None:
            self.show_streak(streak)

    def show_streak(self, streak: StreakLine) -> None:
        """Show the streak, now that this session counts in it."""
        if streak.current:
            self.query_one("#streak", Static).update(streak_days(streak.current))

    @on(Button.Pressed, "#home")
    def action_home(self) -> None:
        """Back to the home screen."""
        self._save_all()
        self.post_message(GoHome())

    @on(Button.Pressed, "#repeat")
    def action_repeat(self) -> None:
        """The same routine again."""
        self._save_all()
        self.post_message(StartRoutine(self.routine))

    @on(Button.Pressed, "#history")
    def open_history(self) -> None:
        """Streaks and past sessions."""
        self._save_all()
        self.post_message(OpenHistory())

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
        """Queue the field's text for this session, if it changed; told once committed."""
        key = field.id or ""
        text = field.value.strip()
        if key not in self._saved or text == self._saved[key]:
            return
        writer = self.app.history
        if self.ticket is None or writer is None:
            return
        from knotsession.core.history import normalize_tags

        self._saved[key] = text
        if key == "tags":
            done = writer.set_tags(self.ticket, list(normalize_tags([text])))
        else:
            done = writer.set_note(self.ticket, text)
        self._when_written(done, key, text)

    def _when_written(self, done: Future[object], key: str, text: str) -> None:
        """Post `Written` from the writer's thread once `done` is."""
        done.add_done_callback(
            lambda future: self.post_message(self.Written(key, text, future.exception()))
        )

    @on(Written)
    def written(self, message: Written) -> None:
        """Say "Saved" only now that it is on disk; a failure is told by the app, once."""
        key, text = message.key, message.text
        if message.error is not None:
            if self._saved.get(key) == text:
                self._saved[key] = ""  # leaving the field again tries once more
            return
        if key == "tension":
            self.notify(f"Saved: {text} of 10", timeout=2)
        elif key == "note":
            self.notify("Note saved." if text else "Note removed.", timeout=2)
        else:
            from knotsession.core.history import normalize_tags

            saved = ", ".join(normalize_tags([text]))
            self.notify(f"Saved: {saved}" if saved else "Tags removed.", timeout=2, markup=False)

    def action_ask(self, key: str) -> None:
        """Put the cursor in the tags or the note field."""
        if self._in_grace():
            return
        field = self._shown_field(key)
        if field is not None:
            field.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`w` and `n` only where their fields are shown (none without a history; small
        terminals hide the note)."""
        if action == "ask":
            return self._shown_field(str(parameters[0])) is not None
        return True

    def _in_grace(self) -> bool:
        """Just appeared: a key now was meant for the routine that just ended."""
        return self._shown_at is None or self.app.clock() - self._shown_at < KEY_GRACE_S

    def _shown_field(self, key: str) -> Input | None:
        for row in self.query(f"#{key}-row"):
            if row.display:
                return row.query_one(f"#{key}", Input)
        return None

    def action_tension(self, value: int) -> None:
        """A digit key rates tension directly; "1" then "0" at once is 10."""
        scale = self.query(TensionScale)
        if not scale or self._in_grace():
            return
        now = self.app.clock()
        if value == 0 and self._last_digit is not None:
            digit, at = self._last_digit
            if digit == 1 and now - at <= TEN_WINDOW_S:
                value = 10
        self._last_digit = (value, now)
        scale.first().choose(value)

    @on(TensionScale.Chosen)
    def save_tension(self, event: TensionScale.Chosen) -> None:
        """Queue the rating for this session; "Saved" once it is on disk."""
        writer = self.app.history
        if self.ticket is None or writer is None:
            return
        self._when_written(
            writer.set_tension_after(self.ticket, event.value), "tension", str(event.value)
        )
