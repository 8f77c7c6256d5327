"""Help: the keys, and how to stretch safely."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from functools import lru_cache

from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import Static

from knotsession.tui.made_ahead import Droppable
from knotsession.tui.screens.dialog import Dialog
from knotsession.tui.screens.gallery import ReadyGallery
from knotsession.tui.state import HELP_KEY, SharedState
from knotsession.tui.styled_once import StyledOnce
from knotsession.tui.widgets.blank import BlankVerticalScroll
from knotsession.tui.widgets.drawn_lines import DrawnLines
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


def places() -> tuple[tuple[str, tuple[BindingType, ...]], ...]:
    """Each place help describes, with the bindings it lists: a screen's own, and the keys
    of every screen (the help key, which each screen binds, and the app's) under Anywhere."""
    from knotsession.tui.screens.completion import CompletionScreen
    from knotsession.tui.screens.home import HomeScreen
    from knotsession.tui.screens.player import PlayerScreen
    from knotsession.tui.screens.preview import PreviewScreen

    screens = (
        ("Home", HomeScreen),
        ("Preview", PreviewScreen),
        ("Player", PlayerScreen),
        ("When a routine ends", CompletionScreen),
    )
    return (
        *(
            (place, tuple(b for b in screen.BINDINGS if b is not HELP_KEY))
            for place, screen in screens
        ),
        ("Anywhere", (HELP_KEY, *SharedState.BINDINGS)),
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
        (place, (*OTHER_KEYS.get(place, ()), *key_rows(Binding.make_bindings(bindings))))
        for place, bindings in places()
    )


GAP = 2  # spaces between the columns
DIALOG_WIDTH = 72  # cells inside the dialog's frame and padding (help.tcss)
SCROLLBAR_WIDTH = 2
NARROWEST_WHAT = 24  # cells for what a key does; narrower, places go above their keys


@lru_cache(maxsize=8)
def keys_lines(width: int) -> tuple[Text, ...]:
    """The keys of each screen in three columns for `width` cells: the place and the keys
    in bold, what they do wrapped under itself.

    Laid out here rather than by a Rich Table: the table took 45 ms to render its 42 rows,
    and Textual renders it twice on the screen's first open (to measure, then to draw).
    """
    rows = [
        (place if number == 0 else "", key, what)
        for place, keys in help_keys()
        for number, (key, what) in enumerate(keys)
    ]
    place_width = max(len(place) for place, _, _ in rows)
    key_width = max(len(key) for _, key, _ in rows)
    # Narrow (a small terminal): each place on a line of its own above its keys.
    stacked = width - place_width - key_width - 2 * GAP < NARROWEST_WHAT
    if stacked:
        place_width = -GAP
    indent = place_width + key_width + 2 * GAP
    what_width = max(width - indent, 1)
    lines: list[Text] = []
    for place, key, what in rows:
        if stacked and place:
            lines.append(Text(place, "bold", no_wrap=True, end=""))
        wrapped = textwrap.wrap(what, what_width) or [""]
        line = Text(no_wrap=True, end="")
        if not stacked:
            line.append(place.ljust(place_width + GAP), "bold")
        line.append(key.ljust(key_width + GAP), "bold")
        line.append(wrapped[0])
        lines.append(line)
        lines.extend(Text(" " * indent + more, no_wrap=True, end="") for more in wrapped[1:])
    return tuple(lines)


def get_ready() -> None:
    """Lay out the keys for the dialog's width, with and without its scroll bar (called by
    the warm-up, so the first open finds them made)."""
    for width in (DIALOG_WIDTH, DIALOG_WIDTH - SCROLLBAR_WIDTH):
        keys_lines(width)


class KeysTable(DrawnLines):
    """Every place's keys (`keys_lines`), laid out for the widget's width and drawn by the
    line API, rather than through Textual's content (6 ms of the help screen's first
    frame); not selectable: the keys are for reading (each screen's footer shows its own)."""

    DEFAULT_CSS = """
    KeysTable {
        height: auto;
    }
    """

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(keys_lines(width))

    def draw(self) -> list[Strip]:
        base = self.visual_style.rich_style
        console = self.app.console
        return [
            Strip(Segment.apply_style(line.render(console), base))
            for line in keys_lines(self.content_size.width)
        ]


class HelpScreen(Dialog[None], StyledOnce, Droppable):
    """Keys and the safety note, over whatever screen asked for it (made ahead at home:
    Droppable comes last, so Textual takes the dialog's CSS type names)."""

    CSS_PATH = "help.tcss"
    # The body scrolls; it is as tall as fits: the dialog's frame, heading and hint take 4 rows.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "-medium"), (24, "-tall")]
    BINDINGS = [
        Binding("escape,q,question_mark,enter", "close", "Close"),
        Binding("g", "gallery", "Pose gallery"),
        Binding("i", "app.guide", "Guide"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ready_gallery = ReadyGallery(self)  # `g`'s gallery, made ahead

    def on_mount(self) -> None:
        if not self.removed_if_dropped():
            self.lay_out_when_made()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Help", id="heading")
            with BlankVerticalScroll(id="help-body"):
                yield Static("Stretch safely", classes="section")
                yield Static(SAFETY_NOTE, id="safety")
                yield Static(GUIDE_POINTER, id="guide-pointer")
                yield Static("Keys", classes="section")
                yield KeysTable(id="keys")
            yield Static("i guide · g every pose · esc closes", id="close-hint")

    def on_screen_resume(self) -> None:
        self.ready_gallery.start()

    def on_unmount(self) -> None:
        self.ready_gallery.drop()

    def action_gallery(self) -> None:
        """Every pose with its name (made ahead, if it is); escape there comes back here."""
        self.app.push_screen(self.ready_gallery.take())

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss(None)
