"""Pose pictures in the figure widget and the gallery: textual-image's widget when pictures
are on, braille otherwise and after any failure. No graphics terminal is needed: the Pilot
tests use textual-image's half-cell widget (plain coloured cells), and the Kitty and Sixel
bytes are rendered to a string."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator

import pytest
from PIL import ImageChops
from player_clock import workers_done
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static
from textual_image.renderable.sixel import Image as SixelRenderable
from textual_image.renderable.tgp import Image as TGPRenderable
from textual_image.widget import HalfcellImage

from knotsession.core.spots import SPOTS
from knotsession.figures import picture
from knotsession.figures.picture import draw_picture, draw_pictures
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.gallery import PoseCard, name_lines
from knotsession.tui.screens.knot_map import FIGURE_HEIGHT as KNOT_HEIGHT
from knotsession.tui.screens.knot_map import FIGURE_WIDTH as KNOT_WIDTH
from knotsession.tui.screens.knot_map import KnotMapScreen, mirrored_for
from knotsession.tui.widgets import figure, picture_support
from knotsession.tui.widgets.figure import BETWEEN, FIGURE_HEIGHT, FIGURE_WIDTH, FigureView

PAIR = ("chin-tuck-out", "chin-tuck-in")
SIZE = (FIGURE_WIDTH * figure.PIXELS_PER_CELL[0], FIGURE_HEIGHT * figure.PIXELS_PER_CELL[1])


@pytest.fixture(autouse=True)
def braille_after(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(figure, "TICK_S", 3600.0)
    yield
    picture_support.use(None)
    picture_support.take_notice()


class FigureApp(App[None]):
    def __init__(self, *poses: str, mirrored: bool = False, spot: str | None = None) -> None:
        super().__init__()
        self.poses, self.mirrored, self.spot = poses, mirrored, spot

    def compose(self) -> ComposeResult:
        yield FigureView(self.poses, mirrored=self.mirrored, spot=self.spot)


async def drawn(pilot: Pilot[None]) -> None:
    """Wait until the pictures drawn in a thread are shown."""
    await workers_done(pilot)


def same(a: object, b: object) -> bool:
    return ImageChops.difference(a, b).getbbox() is None  # type: ignore[arg-type]


async def test_braille_when_pictures_are_off() -> None:
    async with FigureApp("forward-fold").run_test(size=(40, 14)) as pilot:
        view = pilot.app.query_one(FigureView)
        assert not view.shows_picture
        assert not view.query(HalfcellImage)
        assert any(row.strip() for row in view.rows)


async def test_the_picture_widget_shows_the_pose_mirrored_with_its_spot() -> None:
    picture_support.use(HalfcellImage)
    app = FigureApp("neck-side-tilt", mirrored=True, spot="neck")
    async with app.run_test(size=(40, 14)) as pilot:
        await drawn(pilot)
        view = pilot.app.query_one(FigureView)
        shown = view.query_one(HalfcellImage)
        assert view.shows_picture
        expected = draw_picture("neck-side-tilt", mirrored=True, spot="neck", size=SIZE)
        assert same(shown.image, expected)
        assert not same(shown.image, draw_picture("neck-side-tilt", spot="neck", size=SIZE))
        assert (shown.size.width, shown.size.height) == (FIGURE_WIDTH, FIGURE_HEIGHT)


async def test_two_poses_take_turns_as_pictures() -> None:
    picture_support.use(HalfcellImage)
    async with FigureApp(*PAIR).run_test(size=(40, 14)) as pilot:
        await drawn(pilot)
        view = pilot.app.query_one(FigureView)
        frames = draw_pictures(PAIR, size=SIZE, between=BETWEEN)
        assert len(view.pictures) == len(frames)
        first = view.query_one(HalfcellImage).image
        for _ in range(figure.HOLD_TICKS):
            view.advance()
        assert same(first, frames[0])
        assert same(view.query_one(HalfcellImage).image, frames[1])


class BrokenPicture(Widget):
    def __init__(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError("no picture today")


async def test_a_failing_picture_leaves_braille_and_one_line(
    toasts: Callable[[App[None]], list[str]],
) -> None:
    picture_support.use(BrokenPicture)
    async with FigureApp("forward-fold").run_test(size=(40, 14)) as pilot:
        await drawn(pilot)
        view = pilot.app.query_one(FigureView)
        assert not view.shows_picture
        assert picture_support.picture_widget() is None
        assert any(view.render_line(y).text.strip() for y in range(FIGURE_HEIGHT))
        assert toasts(pilot.app) == ["Showing braille figures: a picture failed (no picture today)"]


def test_braille_and_auto_without_graphics_never_import_textual_image() -> None:
    code = (
        "import sys\n"
        "from knotsession.tui.widgets import picture_support as p\n"
        "assert p.prepare('braille', {'TERM': 'xterm-kitty'}) is None\n"
        "assert p.prepare('auto', {'TERM': 'xterm-256color'}) is None\n"
        "assert p.picture_widget() is None\n"
        "print(sorted(m for m in sys.modules if m.startswith(('textual_image', 'PIL'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_pictures_chosen_prepare_textual_image() -> None:
    code = (
        "from knotsession.tui.widgets import picture_support as p\n"
        "assert p.prepare('picture', {}) is None\n"
        "print(p.picture_widget().__module__)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    assert out.stdout.strip().startswith("textual_image.widget")


def test_pictures_wanted_but_not_installed_say_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(picture_support, "figure_style", lambda setting, environ: "braille")
    notice = picture_support.prepare("picture", {})
    assert notice == "figures: pictures need pip install 'knotsession[pictures]'; showing braille"
    assert picture_support.take_notice() == notice
    assert picture_support.take_notice() is None


def test_sixel_bytes_carry_the_sixel_escape() -> None:
    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=40, height=20)
    console.print(SixelRenderable(draw_picture("forward-fold", size=SIZE), width=20, height=10))
    text = out.getvalue()
    assert "\x1bP" in text and "q" in text and text.count("\x1b\\") >= 1  # DCS ... q <sixels> ST


def test_kitty_bytes_carry_the_graphics_protocol_escape(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    terminal = io.StringIO()
    monkeypatch.setattr(sys, "__stdout__", terminal)  # TGP sends the image straight to it
    console = Console(file=io.StringIO(), force_terminal=True, width=40, height=20)
    console.print(TGPRenderable(draw_picture("forward-fold", size=SIZE), width=20, height=10))
    sent = terminal.getvalue()
    assert sent.startswith("\x1b_G") and "f=100" in sent and "a=p" in sent  # PNG, placed


class CardApp(App[None]):
    def compose(self) -> ComposeResult:
        yield PoseCard("forward-fold", scale=2)


async def test_a_gallery_card_shows_its_picture_under_its_name() -> None:
    picture_support.use(HalfcellImage)
    async with CardApp().run_test(size=(80, 30)) as pilot:
        await drawn(pilot)
        card = pilot.app.query_one(PoseCard)
        shown = card.query_one(HalfcellImage)
        names = len(name_lines("forward-fold", card.card_width))
        assert card.render_line(0).text.strip() == "forward-fold"
        assert shown.region.y == card.region.y + names
        assert (shown.size.width, shown.size.height) == (FIGURE_WIDTH * 2, FIGURE_HEIGHT * 2)
        size = (FIGURE_WIDTH * 2 * figure.PIXELS_PER_CELL[0], FIGURE_HEIGHT * 2 * 20)
        assert same(shown.image, draw_picture("forward-fold", size=size))


async def test_a_gallery_card_is_braille_when_pictures_are_off() -> None:
    async with CardApp().run_test(size=(80, 30)) as pilot:
        card = pilot.app.query_one(PoseCard)
        assert not card.query(HalfcellImage)
        assert any(card.render_line(y).text.strip() for y in range(1, card.size.height))


async def test_the_knot_map_shows_the_body_as_a_picture_and_clicks_still_pick(
    make_app: Callable[..., KnotsessionApp],
) -> None:
    picture_support.use(HalfcellImage)
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_knot_map(pilot)
        body = screen.query_one("#figure", Static)
        shown = body.query_one(HalfcellImage)
        expected = knot_picture(screen)  # the map opens from the back: no face
        assert same(shown.image, expected)
        assert "⠀" not in str(body.content) and not any(
            "\u2800" < ch <= "\u28ff" for ch in str(body.content)
        )
        await pilot.click("#figure", offset=(9 + 2, 4 + 1))  # as test_knot_map: a rhomboid
        assert screen.highlighted.id == "left-rhomboid"
        await drawn(pilot)
        assert not same(body.query_one(HalfcellImage).image, expected)


async def test_the_knot_map_draws_the_next_picture_off_the_loop(
    make_app: Callable[..., KnotsessionApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pillow takes about 30 ms a body: a highlight change must not wait for it. The drawing
    is held in its thread until the test lets it go, so the screen is seen answering keys
    with the last picture still up, and the new picture comes only after the thread ends."""
    picture_support.use(HalfcellImage)
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_knot_map(pilot)
        first = screen.query_one(HalfcellImage).image
        threads: list[str] = []
        go = threading.Event()

        def held(*args: object, **kwargs: object) -> object:
            threads.append(threading.current_thread().name)
            assert go.wait(30), "the test never let the drawing go"
            return draw_picture(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(picture, "draw_picture", held)
        await pilot.press("down")
        await pilot.press("down")  # keys are still answered while a drawing is held
        await pilot.pause()
        spot = screen.highlighted
        assert spot.id == SPOTS[2].id
        assert same(screen.query_one(HalfcellImage).image, first)  # the last one stays up
        assert str(body_text(screen)).endswith(spot.where)  # the caption follows at once
        go.set()
        await drawn(pilot)
        assert threads and threading.main_thread().name not in threads
        expected = knot_picture(screen)
        assert same(screen.query_one(HalfcellImage).image, expected)
        assert not same(first, expected)


async def open_knot_map(pilot: Pilot[None]) -> KnotMapScreen:
    """Open the knot map from home and wait for its picture."""
    await pilot.press("k")
    await drawn(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, KnotMapScreen)
    return screen


def knot_picture(screen: KnotMapScreen) -> object:
    """The knot map's body as it should be drawn for the spot highlighted and the side shown."""
    spot = screen.highlighted
    return draw_picture(
        "standing",
        mirrored=mirrored_for(spot, screen.view),
        spot=spot.areas[0],
        size=(KNOT_WIDTH * figure.PIXELS_PER_CELL[0], KNOT_HEIGHT * figure.PIXELS_PER_CELL[1]),
        from_behind=screen.view == "back",
    )


def body_text(screen: KnotMapScreen) -> object:
    return screen.query_one("#figure", Static).content


async def test_the_picture_grows_with_the_figure() -> None:
    picture_support.use(HalfcellImage)
    async with FigureApp("forward-fold").run_test(size=(40, 14)) as pilot:
        view = pilot.app.query_one(FigureView)
        view.styles.width, view.styles.height = 40, 20
        await pilot.resize_terminal(80, 30)
        await drawn(pilot)
        shown = view.query_one(HalfcellImage)
        assert (shown.size.width, shown.size.height) == (40, 20)
        assert shown.image.size == (40 * figure.PIXELS_PER_CELL[0], 20 * figure.PIXELS_PER_CELL[1])


async def test_the_next_step_hides_the_last_picture_until_its_own_is_drawn() -> None:
    picture_support.use(HalfcellImage)
    async with FigureApp("forward-fold").run_test(size=(40, 14)) as pilot:
        await drawn(pilot)
        view = pilot.app.query_one(FigureView)
        view.show(("neck-side-tilt",), mirrored=True)
        assert not view.shows_picture and not view.query_one(HalfcellImage).display
        await drawn(pilot)
        shown = view.query_one(HalfcellImage)
        assert shown.display and view.shows_picture
        assert same(shown.image, draw_picture("neck-side-tilt", mirrored=True, size=SIZE))


async def test_a_failing_knot_map_picture_leaves_braille_and_one_line(
    make_app: Callable[..., KnotsessionApp], toasts: Callable[[App[None]], list[str]]
) -> None:
    picture_support.use(BrokenPicture)
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("k")
        await drawn(pilot)
        body = app.screen.query_one("#figure", Static)
        assert not body.query(HalfcellImage) and not body.children
        assert any("\u2800" < ch <= "\u28ff" for ch in str(body.content))
        assert "Showing braille figures: a picture failed (no picture today)" in toasts(app)
        assert picture_support.picture_widget() is None
