"""Help: the keys, and how to stretch safely."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from knotsession.tui.words import SAFETY_NOTE

GUIDE_POINTER = (
    "Press i for the guide: when to see a professional, how hard and how long to press, "
    "moving every hour, triggers, professionals, pain relievers, water and food."
)

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Home",
        (
            ("enter", "start the desk routine, or open the chosen item"),
            ("↑ ↓ ← →", "choose a body area, then a routine"),
            ("h", "history and streaks"),
            ("s", "settings"),
            ("i", "the guide: safety, when to see a professional, knots, food"),
            ("e", "edit your own routine"),
            ("q", "quit"),
        ),
    ),
    (
        "Preview",
        (
            ("s", "start the routine"),
            ("g", "the pose gallery: every figure by name"),
            ("a", "areas to avoid (an injury): marked, offered to skip"),
            ("i", "the guide, starting with safety"),
            ("esc  b", "back to the routines"),
        ),
    ),
    (
        "Player",
        (
            ("space", "pause or go on"),
            ("→  n", "skip to the next step"),
            ("←  p", "back: restart this step, or the one before"),
            ("+", "15 more seconds"),
            ("x", "skip this whole step (offered for an area you avoid)"),
            ("m", "sound on or off"),
            ("v", "spoken guidance on or off"),
            ("q", "stop the session (asks first)"),
        ),
    ),
    (
        "When a routine ends",
        (
            ("0 … 9", "how tense you feel now"),
            ("w  n", "what set the knots off, a note"),
            ("r", "the same routine again"),
            ("esc", "home"),
        ),
    ),
    (
        "Anywhere",
        (
            ("?", "this help"),
            ("g", "the pose gallery, from this help or a preview"),
            ("t", "light or dark theme"),
            ("ctrl+p", "all commands"),
        ),
    ),
)


def keys_table() -> Table:
    """The keys of each screen, in a table."""
    table = Table(box=None, show_header=False, expand=True, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for place, keys in KEYS:
        for number, (key, what) in enumerate(keys):
            table.add_row(place if number == 0 else "", key, what)
    return table


class HelpScreen(ModalScreen[None]):
    """Keys and the safety note, over whatever screen asked for it."""

    CSS_PATH = "help.tcss"
    # The body scrolls; it is as tall as fits: the dialog's frame, heading and hint take 4 rows.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "-medium"), (24, "-tall")]
    BINDINGS = [
        Binding("escape,q,question_mark,enter", "close", "Close"),
        Binding("g", "gallery", "Pose gallery"),
        Binding("i", "app.guide", "Guide"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Help", id="heading")
            with VerticalScroll(id="help-body"):
                yield Static("Stretch safely", classes="section")
                yield Static(SAFETY_NOTE, id="safety")
                yield Static(GUIDE_POINTER, id="guide-pointer")
                yield Static("Keys", classes="section")
                yield Static(keys_table(), id="keys")
            yield Static("i guide · g every pose · esc closes", id="close-hint")

    def action_gallery(self) -> None:
        """Every pose with its name; escape there comes back here."""
        from knotsession.tui.screens.gallery import PoseGalleryScreen

        self.app.push_screen(PoseGalleryScreen())

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss(None)
