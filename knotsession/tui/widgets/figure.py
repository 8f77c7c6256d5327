"""A pose figure: braille rows from knotsession.figures, the spot lit, two poses taking turns.

The figure is decoration: a pose that cannot be drawn hides the widget, never stops a
session. Where the terminal shows images and the `figures` setting allows (see
picture_support), a picture of the same pose is shown over the braille, which stays the
fallback: a picture that fails to draw or show leaves braille and one line saying why.
Two poses move gently on one slow timer that runs only while the widget is on
screen and `playing` is true (or, `driven`, as its parent calls `advance()` on a clock of
its own: the player's countdown), and the widget repaints only when the frame changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from knotsession.figures.render import Figure, render_frames
from knotsession.tui.widgets import picture_support
from knotsession.tui.widgets.drawn_lines import joined

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

# Pixels a cell stands for when a pose is drawn as a picture (textual-image scales it to fit).
PIXELS_PER_CELL = (10, 20)
FIGURE_WIDTH = 20
FIGURE_HEIGHT = 10
# A figure drawn larger keeps this shape (a cell is twice as tall as wide): 20x10, 40x20 ...
CELLS_WIDE_PER_ROW = FIGURE_WIDTH // FIGURE_HEIGHT


def frames_for(
    poses: tuple[str, ...], *, mirrored: bool, spot: str | None, box: tuple[int, int]
) -> tuple[Figure, ...]:
    """The frames a figure shows for `poses` in `box`; drawn once, then kept (`render_frames`),
    so drawing them ahead, on any thread, makes a figure's `show` quick. UnknownPose for an
    unknown pose."""
    between = BETWEEN if len(poses) > 1 else 0
    width, height = box
    return render_frames(
        poses, mirrored=mirrored, spot=spot, width=width, height=height, between=between
    )


def figure_box(width: int, height: int) -> tuple[int, int]:
    """The largest box of the figure's shape inside `width` x `height` cells, at least 20x10."""
    rows = max(min(height, width // CELLS_WIDE_PER_ROW), FIGURE_HEIGHT)
    return rows * CELLS_WIDE_PER_ROW, rows


TICK_S = 1.0
# Ticks each pose of a pair is held, and blended frames on the way between them (one tick
# each): 2 + 1 ticks of a second a pose is a 6 s cycle, the pace of slow breathing (ten
# breaths a minute), and two repaints in three seconds. Each repaint costs Textual a render
# of the figure and a screen update: at 0.3 s ticks (1.7 repaints a second) the figure
# doubled the player's CPU, to twice termdown's. In the player the countdown's own second is
# the tick (`driven`), so the figure and the digits change in the same screen update.
HOLD_TICKS = 2
BETWEEN = 1


def frame_schedule(frame_count: int) -> tuple[int, ...]:
    """The frame to show at each tick of one cycle: the two poses held, the blends passed.

    With two poses, `render_frames` gives the first pose, its blends, the second pose and
    its blends, so the poses are frames 0 and `frame_count // 2`.
    """
    if frame_count < 2:
        return (0,) * frame_count
    poses = {0, frame_count // 2}
    schedule: list[int] = []
    for frame in range(frame_count):
        schedule += [frame] * (HOLD_TICKS if frame in poses else 1)
    return tuple(schedule)


class FigureView(Widget):
    """One pose, or two that take turns, drawn in braille with the spot highlighted."""

    DEFAULT_CSS = f"""
    FigureView {{
        width: {FIGURE_WIDTH};
        height: {FIGURE_HEIGHT};
        color: $foreground;
    }}
    FigureView > .figure-view--spot {{
        color: $warning;
        text-style: bold;
    }}
    """
    COMPONENT_CLASSES = {"figure-view--spot"}
    # Drawn by the line API (braille, nothing to copy): outside Textual's text selection.
    ALLOW_SELECT = False

    GROWS = True
    """Drawn anew to fill the widget when it is resized (a gallery card keeps its size)."""

    playing: reactive[bool] = reactive(True, init=False)
    """Two poses take turns only while true (the player sets it false while paused)."""

    def __init__(
        self,
        poses: tuple[str, ...] = (),
        *,
        mirrored: bool = False,
        spot: str | None = None,
        box: tuple[int, int] = (FIGURE_WIDTH, FIGURE_HEIGHT),
        driven: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """`driven`: no timer of its own; the parent calls `advance()` once a tick."""
        super().__init__(name=name, id=id, classes=classes)
        self._driven = driven
        self.frames: tuple[Figure, ...] = ()
        self.problem: str | None = None  # why the last poses could not be drawn
        self._shown_key: tuple[tuple[str, ...], bool, str | None] | None = None
        self._schedule: tuple[int, ...] = ()
        self._tick = 0
        self._frame = 0
        self._on_screen = False
        self._timer: Timer | None = None
        self._box = box
        # Each frame's rows as Textual paints them, made once per drawing, size and theme.
        self._strips: dict[tuple[int, int, int, bool], list[Strip]] = {}
        self.pictures: tuple[PILImage, ...] = ()  # each frame as a picture, when pictures are on
        self._picture: Widget | None = None  # the textual-image widget that shows them
        self._pictures_key: object = None  # the poses and box the pictures being drawn are for
        self.show(poses, mirrored=mirrored, spot=spot)

    # --- what to show -------------------------------------------------------------------

    def show(
        self, poses: tuple[str, ...], *, mirrored: bool = False, spot: str | None = None
    ) -> None:
        """Draw `poses` (none hides the widget); mirrored for the right side, `spot` lit.

        Cheap to call on every segment: the same poses again change nothing, and the
        figures module keeps what it has drawn.
        """
        key = (tuple(poses), mirrored, spot)
        if key == self._shown_key:
            return
        self._shown_key = key
        self.frames = self._draw(key[0], mirrored, spot)
        self._forget_strips()
        self._draw_pictures()
        self._schedule = frame_schedule(len(self.frames))
        self._tick = 0
        self._frame = 0
        self.display = bool(self.frames)
        self.refresh()
        self._run_timer()

    def _draw(self, poses: tuple[str, ...], mirrored: bool, spot: str | None) -> tuple[Figure, ...]:
        self.problem = None
        if not poses:
            return ()
        try:
            return frames_for(poses, mirrored=mirrored, spot=spot, box=self._box)
        except Exception as error:  # a figure that fails to draw must never stop a session
            reason = error.args[0] if isinstance(error, KeyError) and error.args else error
            self.problem = f"cannot draw {', '.join(poses)}: {reason}"
            self.log.warning(self.problem)
            return ()

    @property
    def rows(self) -> tuple[str, ...]:
        """The rows of the frame on show (none when hidden)."""
        return self.frames[self._frame].rows if self.frames else ()

    @property
    def is_moving(self) -> bool:
        """True while the frames take turns (two poses, playing, on screen)."""
        return (self._driven or self._timer is not None) and self._wants_timer()

    # --- pictures ----------------------------------------------------------------------

    @property
    def shows_picture(self) -> bool:
        """True while the frame on show is a picture (not braille)."""
        return self._picture is not None and bool(self.pictures)

    def _draw_pictures(self) -> None:
        """Each braille frame again as a picture, when pictures are on, drawn in a thread
        (a large pair of poses takes Pillow half a second); braille shows until they come."""
        self.pictures = ()
        if self._picture is not None:
            self._picture.display = False  # not the last poses' picture over the new braille
        if picture_support.picture_widget() is None or not self.frames or not self.is_attached:
            return
        assert self._shown_key is not None
        poses, mirrored, spot = self._shown_key
        width, height = self._box
        key = (self._shown_key, self._box)
        self._pictures_key = key

        size = (width * PIXELS_PER_CELL[0], height * PIXELS_PER_CELL[1])
        between = BETWEEN if len(poses) > 1 else 0

        def draw() -> tuple[PILImage, ...]:
            from knotsession.figures.picture import draw_pictures

            return draw_pictures(poses, mirrored=mirrored, spot=spot, size=size, between=between)

        picture_support.draw_off_loop(
            self, draw, lambda pictures: self._pictures_drawn(key, pictures), self._give_up_pictures
        )

    def _pictures_drawn(self, key: object, pictures: tuple[PILImage, ...]) -> None:
        """Pictures came from the thread: shown, unless other poses came meanwhile."""
        if key != self._pictures_key or picture_support.picture_widget() is None:
            return
        self.pictures = pictures
        self._show_picture()
        self.refresh()

    def on_mount(self) -> None:
        if self.frames and not self.pictures:
            self._draw_pictures()  # poses given before the widget was in the app
        self._say_notice()

    def _say_notice(self) -> None:
        """The one line about pictures that could not be shown, by the first figure to know."""
        notice = picture_support.take_notice()
        if notice:
            self.notify(notice, markup=False)

    def _show_picture(self) -> None:
        """Put the frame on show in the picture widget (made the first time)."""
        widget = picture_support.picture_widget()
        if widget is None or not self.pictures:
            return
        frame = self.pictures[self._frame % len(self.pictures)]
        try:
            if self._picture is None:
                self._picture = widget(frame, classes="figure-view--picture")
                self._place_picture(self._picture)
                self.mount(self._picture)
            else:
                self._place_picture(self._picture)  # the box may have grown
                setattr(self._picture, "image", frame)  # noqa: B010 (textual-image's widget)
                self._picture.display = True
        except Exception as error:
            self._give_up_pictures(error)

    def _place_picture(self, picture: Widget) -> None:
        """Where the picture sits in the widget: all of it (a card moves it below the name)."""
        picture.styles.width = self._box[0]
        picture.styles.height = self._box[1]

    def _give_up_pictures(self, error: Exception) -> None:
        """Braille from now on, everywhere, with one line saying why."""
        picture_support.give_up(error)
        self.pictures = ()
        if self._picture is not None:
            self._picture.remove()
            self._picture = None
        self.log.warning(f"pictures: {error}")
        if self.is_mounted:
            self._say_notice()
        self.refresh()

    # --- moving -------------------------------------------------------------------------

    def advance(self) -> None:
        """One tick of the cycle; repaints only when the frame changes (the timer calls it,
        or the parent of a driven figure)."""
        if len(self.frames) < 2 or not self.playing:
            return
        self._tick = (self._tick + 1) % len(self._schedule)
        frame = self._schedule[self._tick]
        if frame != self._frame:
            before, self._frame = self.frames[self._frame], frame
            self._show_picture()
            self._refresh_changed_rows(before, self.frames[frame])

    def _refresh_changed_rows(self, before: Figure, after: Figure) -> None:
        """Repaint only the rows that differ (a neck roll moves the head, not the legs): the
        screen update then redraws those rows of the stage, not all of them."""
        if self.shows_picture or len(before.rows) != len(after.rows):
            self.refresh()
            return
        spots_before, spots_after = set(before.spot_cells), set(after.spot_cells)
        width = self.size.width
        changed = [
            Region(0, y, width, 1)
            for y, (old, new) in enumerate(zip(before.rows, after.rows, strict=True))
            if old != new
            or {c for r, c in spots_before if r == y} != {c for r, c in spots_after if r == y}
        ]
        if changed:
            self.refresh(*changed)

    def _wants_timer(self) -> bool:
        return len(self.frames) > 1 and self.playing and self._on_screen and self.display

    def _run_timer(self) -> None:
        """Start or stop the one timer to match what is shown; it is made the first time."""
        if self._driven:
            return
        if not self._wants_timer():
            if self._timer is not None:
                self._timer.pause()
            return
        if self._timer is None:
            self._timer = self.set_interval(TICK_S, self.advance, name="figure")
        else:
            self._timer.resume()

    def on_resize(self, event: events.Resize) -> None:
        """Drawn anew to fill a larger box (the player grows it with the terminal)."""
        box = figure_box(event.size.width, event.size.height)
        if not self.GROWS or box == self._box or self._shown_key is None:
            return
        self._box = box
        poses, mirrored, spot = self._shown_key
        self.frames = self._draw(poses, mirrored, spot)
        self._forget_strips()
        self._frame = self._frame if self._frame < len(self.frames) else 0
        self._draw_pictures()
        self.refresh()

    def watch_playing(self) -> None:
        self._run_timer()

    def on_show(self, event: events.Show) -> None:
        # Not for a screen laid out ahead, off screen (made_ahead.py): it tells its widgets
        # again once it is shown.
        self._on_screen = self.screen in self.app.screen_stack
        self._run_timer()

    def on_hide(self, event: events.Hide) -> None:
        self._on_screen = False
        self._run_timer()

    # --- drawing ------------------------------------------------------------------------

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self._box[0]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._box[1]

    def render_line(self, y: int) -> Strip:
        """Row `y` of the frame on show. Each frame's rows are made into strips once: a
        change of frame costs Textual its styling of the rows, not a new drawing of them
        (the animation shows the same few frames over and over)."""
        width, height = self.size
        key = (self._frame, width, height, self.shows_picture)
        strips = self._strips.get(key)
        if strips is None:
            base = self.visual_style.rich_style
            # Runs that look alike as one segment: each is written with its own style.
            strips = self._strips[key] = [
                joined(Strip(line).adjust_cell_length(width, base))
                for line in self.lines(base)[:height]
            ]
        if y < len(strips):
            return strips[y]
        return Strip.blank(width, self.visual_style.rich_style)

    def lines(self, base: Style) -> list[list[Segment]]:
        """What the widget shows, a list of segments a line, over the `base` style: the
        frame on show (nothing when a picture covers it)."""
        return [] if self.shows_picture else self.frame_lines(base)

    def frame_lines(self, base: Style, margin: int = 0) -> list[list[Segment]]:
        """The frame on show, a list of segments a row, its spot's cells in the spot style
        and `margin` blank cells on either side: made directly rather than through Rich
        text, a millisecond and a half a figure on a first open."""
        if not self.frames:
            return []
        figure = self.frames[self._frame]
        spot = base + self.get_component_rich_style("figure-view--spot")
        spots: dict[int, list[int]] = {}
        for row, column in figure.spot_cells:
            spots.setdefault(row, []).append(column)
        air = [Segment(" " * margin, base)] if margin else []
        lines = []
        for number, text in enumerate(figure.rows):
            line, start = list(air), 0
            for column in sorted(spots.get(number, ())):
                if column > start:
                    line.append(Segment(text[start:column], base))
                line.append(Segment(text[column], spot))
                start = column + 1
            if start < len(text):
                line.append(Segment(text[start:], base))
            lines.append(line + air)
        return lines

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget_strips()  # the spot's colour comes from the theme

    def _forget_strips(self) -> None:
        self._strips.clear()
