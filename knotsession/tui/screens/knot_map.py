"""The knot map: the body from the front or the back, the 20 spots in a list beside it, and
a 0-10 intensity for each. A click on the body (or the arrows) picks a spot; keys 0-9 (and
+) mark it; s saves the map in the history; p saves it and plays today's plan for it.

Reading the last map is a thread worker; saving goes through the app's history writer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.events import Click
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from knotsession.core.spot_trends import SPARK
from knotsession.core.spots import MAX_INTENSITY, SPOTS, Spot, View
from knotsession.tui.state import HELP_KEY
from knotsession.tui.styled_once import StyledOnce
from knotsession.tui.widgets import picture_support
from knotsession.tui.widgets.figure import PIXELS_PER_CELL
from knotsession.tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage
    from textual.widget import Widget

    from knotsession.tui.state import SharedState

FIGURE_WIDTH, FIGURE_HEIGHT = 24, 14
SIDE_SHIFT = 2  # columns between a left and right spot that light the same cells
MAX_CLICK_DISTANCE = 5  # columns (or half rows) from a spot; further is the air around it

PictureKey = tuple[bool, str, bool]
"""What a picture of the body shows: mirrored, the spot's area, seen from behind."""


def spot_line(spot: Spot, intensity: int) -> Text:
    """One row of the list: the spot, its number and a bar (plain text, never markup)."""
    bar = SPARK[intensity * (len(SPARK) - 1) // MAX_INTENSITY] if intensity else " "
    number = f"{intensity:>2}" if intensity else " -"
    return Text(f"{spot.label:<28} {number} {bar}")


def spot_anchors(view: View) -> tuple[tuple[Spot, float, float], ...]:
    """Where each spot of `view` is on the figure: (spot, row, column) in character cells,
    the middle of the cells it lights. A spot of no side is on the middle column; a left and
    right spot lighting the same middle cells (the rhomboids, the levator scapulae) are set
    two columns apart, toward their sides."""
    return _ANCHORS[view]


def _anchors(view: View) -> tuple[tuple[Spot, float, float], ...]:
    from knotsession.figures.render import render_pose

    anchors = []
    for spot in SPOTS:
        if spot.view != view:
            continue
        figure = render_pose(
            "standing",
            mirrored=mirrored_for(spot, view),
            spot=spot.areas[0],
            width=FIGURE_WIDTH,
            height=FIGURE_HEIGHT,
        )
        cells = figure.spot_cells
        row = sum(r for r, _ in cells) / len(cells)
        column = sum(c for _, c in cells) / len(cells)
        middle = (FIGURE_WIDTH - 1) / 2
        if spot.side is None:  # the jaw, the chest: in the middle, whichever side is lit
            column = middle
        elif abs(column - middle) <= 1:
            on_screen_left = (spot.side == "left") == (view == "back")
            column += -SIDE_SHIFT if on_screen_left else SIDE_SHIFT
        anchors.append((spot, row, column))
    return tuple(anchors)


class _AnchorTable(dict[View, tuple[tuple[Spot, float, float], ...]]):
    """The anchors of a view, worked out the first time they are asked for."""

    def __missing__(self, view: View) -> tuple[tuple[Spot, float, float], ...]:
        self[view] = _anchors(view)
        return self[view]


_ANCHORS = _AnchorTable()


def spot_at(row: int, column: int, view: View) -> Spot | None:
    """The spot of `view` nearest the clicked cell (rows count double: a cell is about
    twice as tall as it is wide), or None for a click away from the body."""
    best: tuple[float, Spot] | None = None
    for spot, spot_row, spot_column in spot_anchors(view):
        distance = ((row - spot_row) * 2) ** 2 + (column - spot_column) ** 2
        if best is None or distance < best[0]:
            best = (distance, spot)
    if best is None or best[0] > MAX_CLICK_DISTANCE**2 or row >= FIGURE_HEIGHT:
        return None
    return best[1]


def mirrored_for(spot: Spot, view: View) -> bool:
    """The figure draws the person's left side unmirrored in the front view (on the screen's
    right); seen from the back, the left is on the screen's left, so it is mirrored."""
    right = spot.side == "right"
    return right if view == "front" else not right


class KnotMapScreen(StyledOnce, Screen):
    """Mark where the knots are and how much each one hurts."""

    app: SharedState
    CSS_PATH = "knot_map.tcss"
    AUTO_FOCUS = "#spots"
    BINDINGS = [
        Binding("escape,q", "back", "Back"),
        Binding("s", "save", "Save"),
        Binding("p", "plan", "Plan"),
        Binding("v", "turn", "Front/back"),
        Binding("plus,equals_sign", "change(1)", "+1", show=False),
        Binding("minus", "change(-1)", "-1", show=False),
        *(Binding(str(n), f"set({n})", str(n), show=False) for n in range(10)),
        HELP_KEY,
    ]

    class Saved(Message):
        """The map was handed to the history writer: `marks` as (spot id, 0-10)."""

        def __init__(self, marks: tuple[tuple[str, int], ...]) -> None:
            super().__init__()
            self.marks = marks

    class PlanWanted(Message):
        """Today's plan is wanted for `marks` (spot id, 0-10)."""

        def __init__(self, marks: tuple[tuple[str, int], ...]) -> None:
            super().__init__()
            self.marks = marks

    class MarksRead(Message):
        """The map as last saved was read: intensities by spot id."""

        def __init__(self, latest: dict[str, int]) -> None:
            super().__init__()
            self.latest = latest

    def __init__(self, store_path: Path | None, heading: str = "Your knot map") -> None:
        super().__init__()
        self.store_path = store_path
        self.heading = heading
        self.intensities: dict[str, int] = {}
        self.view: View = "back"
        self._picture: Widget | None = None  # the body as a picture, when pictures are on
        self._picture_key: PictureKey | None = None  # what the last picture drawn shows

    def compose(self) -> ComposeResult:
        yield Static(self.heading, id="heading", markup=False)
        with Horizontal(id="map"):
            yield Static("", id="figure", markup=False)
            yield OptionList(
                *(Option(spot_line(spot, 0), id=spot.id) for spot in SPOTS), id="spots"
            )
        yield Static(
            "0-9 how much it hurts (0 = fine), + and - to adjust, v front/back, "
            "s save, p save and play today's plan",
            id="keys",
            markup=False,
        )
        yield KeysFooter()

    def on_mount(self) -> None:
        self.draw_figure()
        if self.store_path is not None:
            self.read_last_map()
        else:  # opened before home's first read found the file: read it when that comes
            self.watch(self.app, "streak", self._history_found, init=False)

    def _history_found(self, _streak: object) -> None:
        path = self.app.history_access.path
        if self.store_path is None and path is not None:
            self.store_path = path
            self.read_last_map()

    @work(thread=True, exclusive=True)
    def read_last_map(self) -> None:
        """The map as last saved, read on a thread."""
        from knotsession.core.history import HistoryError, HistoryStore
        from knotsession.core.spot_trends import latest_map

        store = HistoryStore.open_to_read(self.store_path)
        try:
            latest = latest_map(store.spot_marks())
        except HistoryError:
            latest = {}
        finally:
            store.close()
        self.post_message(self.MarksRead(latest))  # never wait for the loop from a thread

    @on(MarksRead)
    def show_marks(self, message: MarksRead) -> None:
        """Show intensities read from the history (not over ones marked meanwhile)."""
        latest = message.latest
        for spot in SPOTS:
            if spot.id in latest and spot.id not in self.intensities:
                self.intensities[spot.id] = latest[spot.id]
                self.refresh_spot(spot)

    @property
    def highlighted(self) -> Spot:
        """The spot under the cursor."""
        index = self.query_one("#spots", OptionList).highlighted or 0
        return SPOTS[index]

    def refresh_spot(self, spot: Spot) -> None:
        spots = self.query_one("#spots", OptionList)
        spots.replace_option_prompt(spot.id, spot_line(spot, self.intensities.get(spot.id, 0)))

    def draw_figure(self) -> None:
        """The body with the highlighted spot marked, from the side that spot is on: a
        picture where the terminal shows one (see picture_support), else braille.

        The picture is drawn in a thread (Pillow takes about 30 ms, too long for the loop
        at every move of the cursor); the last picture stays until the new one comes, so
        moving through the spots does not flash braille between pictures.
        """
        spot = self.highlighted
        key = (mirrored_for(spot, self.view), spot.areas[0], self.view == "back")
        self._show_text(key)
        if picture_support.picture_widget() is not None and key != self._picture_key:
            self._picture_key = key
            self._draw_picture(key)

    def _show_text(self, key: PictureKey) -> None:
        """The braille body (blank under a picture) and the caption under it."""
        from knotsession.figures.render import render_pose

        mirrored, area, from_behind = key  # from behind: the body faces the screen, no face
        figure = render_pose(
            "standing",
            mirrored=mirrored,
            spot=area,
            width=FIGURE_WIDTH,
            height=FIGURE_HEIGHT,
            from_behind=from_behind,
        )
        if self._picture is not None:  # a picture covers the figure's rows
            text = Text("\n".join(" " * FIGURE_WIDTH for _ in figure.rows), no_wrap=True, end="")
        else:
            text = Text("\n".join(figure.rows), no_wrap=True, end="")
            line_length = len(figure.rows[0]) + 1
            for row, column in figure.spot_cells:
                start = row * line_length + column
                text.stylize("bold red", start, start + 1)
        spot = self.highlighted
        side = "front" if self.view == "front" else "back"
        text.append(f"\n\nfrom the {side}: {spot.label}\nthe knot {spot.where}")
        self.query_one("#figure", Static).update(text)

    def _draw_picture(self, key: PictureKey) -> None:
        """Draw the body as a picture off the loop (picture_support's thread path)."""
        mirrored, area, from_behind = key
        size = (FIGURE_WIDTH * PIXELS_PER_CELL[0], FIGURE_HEIGHT * PIXELS_PER_CELL[1])

        def draw() -> PILImage:
            from knotsession.figures.picture import draw_picture

            return draw_picture(
                "standing", mirrored=mirrored, spot=area, size=size, from_behind=from_behind
            )

        picture_support.draw_off_loop(
            self, draw, lambda image: self._picture_drawn(key, image), self._give_up_pictures
        )

    def _picture_drawn(self, key: PictureKey, image: PILImage) -> None:
        """The picture came from the thread: shown over the figure's cells, unless another
        spot was highlighted meanwhile (its own drawing replaces this one)."""
        widget = picture_support.picture_widget()
        if key != self._picture_key or widget is None or not self.is_attached:
            return
        try:
            if self._picture is None:
                self._picture = widget(image, classes="knot-map--picture")
                self._picture.styles.width = FIGURE_WIDTH
                self._picture.styles.height = FIGURE_HEIGHT
                self.query_one("#figure", Static).mount(self._picture)
                self._show_text(key)  # blank under the picture now
            else:
                setattr(self._picture, "image", image)  # noqa: B010 (textual-image's widget)
        except Exception as error:
            self._give_up_pictures(error)

    def _give_up_pictures(self, error: Exception) -> None:
        """Braille from now on, everywhere, with one line saying why."""
        self.notify(picture_support.give_up(error), markup=False)
        picture_support.take_notice()  # said here: not again by the next figure
        self._picture_key = None
        if self._picture is not None:
            self._picture.remove()
            self._picture = None
        if self.is_attached:
            self.draw_figure()

    @on(Click, "#figure")
    def _figure_clicked(self, event: Click) -> None:
        """A click on the body picks the nearest spot of the side shown."""
        # From the screen's offset, not the event's: over a picture, the picture gets the click.
        region = self.query_one("#figure", Static).content_region
        offset = event.screen_offset - region.offset
        inside = event.screen_offset in region
        spot = spot_at(offset.y, offset.x, self.view) if inside else None
        if spot is not None:
            spots = self.query_one("#spots", OptionList)
            spots.highlighted = SPOTS.index(spot)
            spots.focus()

    @on(OptionList.OptionHighlighted, "#spots")
    def _highlighted(self) -> None:
        self.view = self.highlighted.view
        self.draw_figure()

    def action_set(self, intensity: int) -> None:
        """Mark the highlighted spot."""
        spot = self.highlighted
        self.intensities[spot.id] = intensity
        self.refresh_spot(spot)

    def action_change(self, step: int) -> None:
        """One more or one less on the highlighted spot (10 is reached with +)."""
        current = self.intensities.get(self.highlighted.id, 0)
        self.action_set(min(MAX_INTENSITY, max(0, current + step)))

    def action_turn(self) -> None:
        """Show the body from the other side."""
        self.view = "front" if self.view == "back" else "back"
        self.draw_figure()

    def marks(self) -> tuple[tuple[str, int], ...]:
        """The spots marked on this screen, in the map's order."""
        return tuple((s.id, self.intensities[s.id]) for s in SPOTS if s.id in self.intensities)

    def action_save(self) -> None:
        """Hand the map to the history and go back."""
        marks = self.marks()
        if marks:
            self.post_message(self.Saved(marks))
        self.dismiss()

    def action_plan(self) -> None:
        """Save, then play today's plan for the marked spots."""
        marks = self.marks()
        if not any(n for _, n in marks):
            self.notify("Mark a spot first: move to it and press 1 to 9.", timeout=4)
            return
        self.post_message(self.Saved(marks))
        self.post_message(self.PlanWanted(marks))
        self.dismiss()

    def action_back(self) -> None:
        self.dismiss()
