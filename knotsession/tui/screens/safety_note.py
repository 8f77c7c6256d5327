"""The safety note, shown once on the first run; the guide keeps it reachable."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from knotsession.core.guide import SAFETY
from knotsession.tui.screens.dialog import Dialog

FIRST_RUN_HINT = "enter: got it · i: the guide, with when to see a professional"


class SafetyNoteScreen(Dialog[bool]):
    """How to stretch safely; dismissed with True to open the guide."""

    CSS_PATH = "safety_note.tcss"
    BINDINGS = [
        Binding("enter,escape,space,q", "close", "Got it"),
        Binding("i", "guide", "Guide"),
    ]

    def __init__(self, seen: Path | None = None) -> None:
        """`seen`: a file made when the note is closed, whose existence means it was seen."""
        super().__init__()
        self._seen = seen

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(SAFETY.title, id="heading", markup=False)
            with VerticalScroll(id="note-body"):
                yield Static("\n\n".join(SAFETY.paragraphs), id="note", markup=False)
            yield Static(FIRST_RUN_HINT, id="close-hint", markup=False)

    def action_close(self) -> None:
        """Back to the app."""
        self._remember()
        self.dismiss(False)

    def action_guide(self) -> None:
        """Close the note and open the guide."""
        self._remember()
        self.dismiss(True)

    def _remember(self) -> None:
        """The note was seen: it does not come back on the next run."""
        if self._seen is None:
            return
        try:
            self._seen.parent.mkdir(parents=True, exist_ok=True)
            self._seen.touch()
        except OSError:  # a read-only data folder: the note comes back next time
            pass
