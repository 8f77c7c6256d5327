"""Help: the keys, and how to stretch safely."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from knotsession.tui.state import SharedState
from knotsession.tui.words import SAFETY_NOTE

GUIDE_POINTER = (
    "Press i for the guide: when to see a professional, how hard and how long to press, "
    "moving every hour, triggers, professionals, pain relievers, water and food."
)

Row = tuple[str, str]
"""One line of the keys table: the keys as shown, and what they do."""

# Keys that are no binding of ours (the menus' own keys, Textual's command palette).
OTHER_KEYS: dict[str, tuple[Row, ...]] = {
    "Home": (
        ("enter", "start the desk routine, or open the chosen item"),
        ("↑ ↓ ← →", "choose a body area, then a routine"),
    ),
    "Anywhere": (("ctrl+p", "all commands"),),
}
KEY_NAMES = {
    "escape": "esc",
    "right": "→",
    "left": "←",
    "up": "↑",
    "down": "↓",
    "question_mark": "?",
    "plus": "+",
    "equals_sign": "=",
}


def places() -> tuple[tuple[str, type[DOMNode]], ...]:
    """Each place help describes, with the class whose BINDINGS it lists."""
    from knotsession.tui.screens.completion import CompletionScreen
    from knotsession.tui.screens.home import HomeScreen
    from knotsession.tui.screens.player import PlayerScreen
    from knotsession.tui.screens.preview import PreviewScreen

    return (
        ("Home", HomeScreen),
        ("Preview", PreviewScreen),
        ("Player", PlayerScreen),
        ("When a routine ends", CompletionScreen),
        ("Anywhere", SharedState),
    )


def key_rows(bindings: Iterable[Binding]) -> list[Row]:
    """The bindings that say what they do (`tooltip`), one row per meaning, in their order."""
    keys_of: dict[str, list[str]] = {}
    for binding in bindings:
        if not binding.tooltip:
            continue
        shown = binding.key_display or None
        keys = keys_of.setdefault(binding.tooltip, [])
        for key in [shown] if shown else binding.key.split(","):
            name = KEY_NAMES.get(key.strip(), key.strip())
            if name not in keys:
                keys.append(name)
    return [(keys_label(keys), what) for what, keys in keys_of.items()]


def keys_label(keys: list[str]) -> str:
    """`esc  b`; a run of digits as `0 … 9`."""
    if len(keys) > 2 and all(key.isdigit() for key in keys):
        return f"{keys[0]} … {keys[-1]}"
    return "  ".join(keys)


def help_keys() -> tuple[tuple[str, tuple[Row, ...]], ...]:
    """Every place's keys: read from the BINDINGS, so help and the footer agree."""
    return tuple(
        (place, (*OTHER_KEYS.get(place, ()), *key_rows(Binding.make_bindings(owner.BINDINGS))))
        for place, owner in places()
    )


def keys_table() -> Table:
    """The keys of each screen, in a table."""
    table = Table(box=None, show_header=False, expand=True, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for place, keys in help_keys():
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
