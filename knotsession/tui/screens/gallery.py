"""The pose gallery: every pose with its name, so people writing routines can choose one.

Each card is one widget (a FigureView that also writes the name). Textual spends about a
millisecond on each widget it mounts, so the screen opens with the cards that fill it and
mounts the rest a batch at a time after each paint, once it is shown.

The screens that open it (the preview, help) make one ahead a moment after they are shown
(`ReadyGallery`, made_ahead.py): composing and mounting the first cards were a third of its
first open. It is dropped with the screen that made it.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ItemGrid, VerticalScroll
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from knotsession.figures.poses import bundled_poses
from knotsession.figures.render import render_frames
from knotsession.tui.made_ahead import Droppable, ReadyScreen
from knotsession.tui.state import HELP_KEY
from knotsession.tui.styled_once import StyledOnce
from knotsession.tui.widgets.blank import BlankHorizontal, BlankVerticalScroll
from knotsession.tui.widgets.compact import CompactInput
from knotsession.tui.widgets.figure import FIGURE_HEIGHT, FIGURE_WIDTH, FigureView
from knotsession.tui.widgets.keys_footer import KeysFooter

# A card is a figure with a little air on each side; longer names break after a dash.
CARD_WIDTH = FIGURE_WIDTH + 4
CARD_GAP = 1  # the grid-gutter in gallery.tcss, between rows and between columns
CARD_ROWS = FIGURE_HEIGHT + 2  # a name line, the figure and a row of the gutter
BATCH = 24  # cards mounted after each paint once the screen is up
ABOUT = (
    'pose = "standing" shows one pose; pose = ["cat", "cow"] has two take turns.\n'
    "Figures work the left side; the right side is their mirror image."
)


def matches(name: str, query: str) -> bool:
    """True when every word typed starts a part of `name`: "chin in" finds chin-tuck-in."""
    parts = name.split("-")
    words = query.lower().replace("-", " ").split()
    return all(any(part.startswith(word) for part in parts) for word in words)


# From this terminal size on, figures are drawn twice as large (40x20 cells).
LARGE_FROM = (150, 45)


def scale_for(width: int, height: int) -> int:
    """2 on a large terminal (the figures drawn twice as large), else 1."""
    return 2 if width >= LARGE_FROM[0] and height >= LARGE_FROM[1] else 1


def card_width_for(scale: int) -> int:
    """A card's width: the figure at that scale with a little air on each side."""
    return FIGURE_WIDTH * scale + (CARD_WIDTH - FIGURE_WIDTH)


def columns_for(width: int, scale: int = 1) -> int:
    """How many cards fit side by side in `width` cells (at least one)."""
    return max(1, (width + CARD_GAP) // (card_width_for(scale) + CARD_GAP))


def name_lines(name: str, width: int = CARD_WIDTH) -> list[str]:
    """A pose name in lines of at most `width`, broken after a dash where it must be."""
    lines: list[str] = []
    while len(name) > width:
        cut = name.rfind("-", 0, width) + 1 or width
        lines.append(name[:cut])
        name = name[cut:]
    return [*lines, name]


# A first screenful's cards up to 149 columns by 44 rows (6 columns of 4 cards); a larger
# terminal draws the rest of its first screenful as the gallery opens.
FIRST_CARDS = 24


def get_ready() -> None:
    """Draw the figures of the first cards (called by the warm-up while home is shown): the
    gallery's first open then finds them drawn, rather than drawing a dozen poses (a third
    of a millisecond each)."""
    for name in tuple(bundled_poses())[:FIRST_CARDS]:
        render_frames((name,), width=FIGURE_WIDTH, height=FIGURE_HEIGHT)


class PoseCard(FigureView):
    """One pose: its name over its figure, in one widget so a hundred of them mount fast."""

    DEFAULT_CSS = f"""
    PoseCard {{
        width: {CARD_WIDTH};
        height: auto;
    }}
    PoseCard > .pose-card--name {{
        color: $primary;
        text-style: bold;
    }}
    """
    COMPONENT_CLASSES = {"pose-card--name"}
    GROWS = False  # the gallery chose its size for the terminal

    def __init__(self, pose_name: str, scale: int = 1) -> None:
        box = (FIGURE_WIDTH * scale, FIGURE_HEIGHT * scale)
        super().__init__((pose_name,), box=box)
        self.pose_name = pose_name
        self.card_width = card_width_for(scale)
        self.styles.width = self.card_width
        self._name_lines = name_lines(pose_name, self.card_width)
        self._figure_rows = box[1]

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.card_width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._name_lines) + self._figure_rows

    def _place_picture(self, picture: Widget) -> None:
        """Below the name, in the middle of the card, like the braille figure."""
        super()._place_picture(picture)
        picture.styles.margin = (len(self._name_lines), 0, 0, (self.card_width - self._box[0]) // 2)

    def lines(self, base: Style) -> list[list[Segment]]:
        """The name, centred, over the figure (or the rows a picture covers)."""
        style = base + self.get_component_rich_style("pose-card--name")
        width = self.card_width
        lines = [[Segment(line.center(width), style)] for line in self._name_lines]
        if self.shows_picture:  # the picture widget covers the figure's rows
            return lines + [[] for _ in range(self._figure_rows)]
        return lines + self.frame_lines(base, margin=(CARD_WIDTH - FIGURE_WIDTH) // 2)


class PoseGalleryScreen(Droppable, StyledOnce, Screen[None]):
    """Every pose by name, in as many columns as fit; type to narrow them down."""

    BLANK = True  # an opaque background and no border: drawn as blank lines (widgets/blank.py)

    CSS_PATH = "gallery.tcss"
    AUTO_FOCUS = "#filter"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("down", "scroll('down')", "Scroll", show=False),
        Binding("up", "scroll('up')", "Scroll", show=False),
        Binding("pagedown", "scroll('page_down')", "Scroll", show=False),
        Binding("pageup", "scroll('page_up')", "Scroll", show=False),
        HELP_KEY,
    ]

    def __init__(self) -> None:
        super().__init__()
        # In the file's order, which groups the poses by body part.
        self.pose_names = tuple(bundled_poses())
        self.filter_text = ""
        self.cards_made = 0  # cards made so far, in the file's order
        self.scale = 1  # set from the terminal's size when the screen is composed

    @property
    def filled(self) -> bool:
        """True once there is a card for every pose."""
        return self.cards_made == len(self.pose_names)

    def compose(self) -> ComposeResult:
        self.scale = scale_for(*self.app.size)
        with BlankHorizontal(id="top"):
            yield Static("Poses", id="title")
            yield Static(self._count(len(self.pose_names)), id="count")
        yield Static(ABOUT, id="about", markup=False)
        with BlankHorizontal(id="filter-row"):
            yield CompactInput(placeholder="Type to filter by name", id="filter")
        # As many columns as fit the width: Textual's ItemGrid works them out.
        card_width = card_width_for(self.scale)
        with (
            BlankVerticalScroll(id="cards"),
            ItemGrid(id="grid", min_column_width=card_width) as grid,
        ):
            grid.styles.grid_columns = str(card_width)
            yield from self._next_cards(self._first_screenful())
        yield Static("", id="nothing", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.removed_if_dropped():
            self.lay_out_when_made()

    def on_screen_resume(self) -> None:
        # The rest of the cards once it is shown (one made ahead may never be).
        if not self.filled:
            self.call_after_refresh(self._mount_more)

    def _first_screenful(self) -> int:
        """Enough cards to fill the terminal (the cards have less room than all of it)."""
        width, height = self.app.size
        rows = FIGURE_HEIGHT * self.scale + (CARD_ROWS - FIGURE_HEIGHT)
        return columns_for(width, self.scale) * (height // rows + 1)

    def _next_cards(self, count: int) -> list[PoseCard]:
        """The next `count` cards, shown or not by the filter."""
        names = self.pose_names[self.cards_made : self.cards_made + count]
        self.cards_made += len(names)
        cards = [PoseCard(name, self.scale) for name in names]
        for card in cards:
            card.display = matches(card.pose_name, self.filter_text)
        return cards

    def _mount_more(self) -> None:
        # A batch asked for just before the gallery closed can arrive after it has gone.
        if self.filled or not self.is_attached:
            return
        self.query_one(ItemGrid).mount_all(self._next_cards(BATCH))
        self.call_after_refresh(self._mount_more)

    def _count(self, shown: int) -> str:
        total = len(self.pose_names)
        return f"{total} poses" if shown == total else f"{shown} of {total} poses"

    @on(Input.Changed, "#filter")
    def _filter(self, message: Input.Changed) -> None:
        self.filter_text = message.value
        for card in self.query(PoseCard):
            card.display = matches(card.pose_name, self.filter_text)
        shown = sum(matches(name, self.filter_text) for name in self.pose_names)
        self.query_one("#count", Static).update(self._count(shown))
        nothing = self.query_one("#nothing", Static)
        nothing.update("" if shown else f"No pose has “{message.value.strip()}” in its name.")
        nothing.display = not shown
        self.query_one("#cards", VerticalScroll).scroll_home(animate=False)

    def action_scroll(self, how: str) -> None:
        """Scroll the cards while the filter has the keys."""
        getattr(self.query_one("#cards", VerticalScroll), f"scroll_{how}")(animate=False)

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss(None)


GALLERY_AHEAD_S = 0.5  # after the screen that opens it is shown: its first frame is out


class ReadyGallery:
    """A gallery made ahead for a screen that opens it (`g`): `start` as that screen is
    shown (once), `take` for `g`, `drop` as it goes."""

    def __init__(self, opener: Screen[Any]) -> None:
        self._opener = opener
        self._ready: ReadyScreen[PoseGalleryScreen] = ReadyScreen()
        self._started = False

    @property
    def screen(self) -> PoseGalleryScreen | None:
        """The gallery made ahead (or being made), if there is one."""
        return self._ready.screen

    def start(self) -> None:
        """Make a gallery ahead in a moment, the first time only."""
        if not self._started:
            self._started = True
            self._opener.set_timer(GALLERY_AHEAD_S, self._make)

    def _make(self) -> None:
        if self._opener.is_current:
            self._ready.make(self._opener.app, PoseGalleryScreen())

    def take(self) -> PoseGalleryScreen:
        """The gallery made ahead, if it is made for the terminal's size now; else a new one."""
        return self._ready.take() or PoseGalleryScreen()

    def drop(self) -> None:
        """The screen that made it is going, or a session starts."""
        self._ready.drop()
