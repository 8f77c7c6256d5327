"""FigureView: the rows the figures module draws, mirrored, the spot lit, two poses taking turns.

The timer is never waited for: the tests call `advance()`, which is what the timer calls,
and the real timer is set an hour apart so it never moves a frame behind a test's back.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from looks import looks
from player_clock import until
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.geometry import Region
from textual.visual import Visual, visualize
from textual.widgets import Static

from knotsession.figures.braille import mirror_rows
from knotsession.figures.render import render_frames, render_pose
from knotsession.tui.themes import THEMES
from knotsession.tui.widgets import figure
from knotsession.tui.widgets.figure import (
    BETWEEN,
    FIGURE_HEIGHT,
    HOLD_TICKS,
    FigureView,
    frame_schedule,
)

PAIR = ("chin-tuck-out", "chin-tuck-in")


@pytest.fixture(autouse=True)
def slow_timer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figure, "TICK_S", 3600.0)


class FigureApp(App[None]):
    """A FigureView in a slot, in knotsession's dark theme."""

    CSS = "#caption { height: 1; margin-bottom: 1; } #slot { height: auto; width: auto; }"

    def __init__(self, *poses: str, caption: str = "", **options: Any) -> None:
        super().__init__()
        self.poses = poses
        self.options = options
        self.caption = caption
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = THEMES["dark"].name

    def compose(self) -> ComposeResult:
        yield Static(self.caption, id="caption")
        with Vertical(id="slot"):
            yield FigureView(self.poses, **self.options)


def painted(view: FigureView) -> list[str]:
    """The lines the widget paints, as text."""
    return [view.render_line(y).text for y in range(view.size.height)]


async def test_shows_the_rows_of_render_pose() -> None:
    app = FigureApp("neck-side-tilt")
    async with app.run_test(size=(40, 14)):
        view = app.query_one(FigureView)
        expected = render_pose("neck-side-tilt").rows
        assert view.rows == expected
        assert painted(view) == list(expected)
        assert view.display is True


async def test_mirrored_shows_the_mirror_image() -> None:
    app = FigureApp("neck-side-tilt", mirrored=True)
    async with app.run_test(size=(40, 14)):
        view = app.query_one(FigureView)
        expected = mirror_rows(render_pose("neck-side-tilt").rows)
        assert view.rows == render_pose("neck-side-tilt", mirrored=True).rows == expected
        assert painted(view) == list(expected)


async def test_the_spot_is_painted_in_its_own_colour() -> None:
    app = FigureApp("neck-massage", spot="neck")
    async with app.run_test(size=(40, 14)):
        view = app.query_one(FigureView)
        assert render_pose("neck-massage", spot="neck").spot_cells == ((2, 6), (2, 7))
        spot_colour = view.get_component_rich_style("figure-view--spot").color
        assert spot_colour is not None and spot_colour != view.rich_style.color
        row = [
            (segment.text, segment.style.color, segment.style.bold)
            for segment in view.render_line(2)
        ]
        lit = [(text, bold) for text, colour, bold in row if colour == spot_colour]
        assert "".join(text for text, _ in lit) == "⢲⣿"  # columns 6 and 7
        assert all(bold for _, bold in lit)
        spotted = render_pose("neck-massage", spot="neck")
        assert "".join(text for text, _, _ in row) == spotted.rows[2]


async def test_a_frame_s_rows_are_made_once_and_again_after_a_theme_change() -> None:
    app = FigureApp("neck-massage", spot="neck")
    async with app.run_test(size=(40, 14)) as pilot:
        view = app.query_one(FigureView)
        first = view.render_line(2)
        assert view.render_line(2) is first
        app.theme = THEMES["light"].name
        await pilot.pause()
        again = view.render_line(2)
        assert again is not first
        spot = view.get_component_rich_style("figure-view--spot")
        lit = {segment.style.color for segment in again if segment.style and segment.style.bold}
        assert (
            lit
            == {spot.color}
            != {segment.style.color for segment in first if segment.style and segment.style.bold}
        )


async def test_two_poses_take_turns_each_held_then_blended() -> None:
    app = FigureApp(*PAIR)
    async with app.run_test(size=(40, 14)) as pilot:
        view = app.query_one(FigureView)
        frames = render_frames(PAIR, between=BETWEEN)
        assert len(frames) == 2 * (BETWEEN + 1)  # both are seen from the side
        seen = [view.rows]
        for _ in range(len(frame_schedule(len(frames)))):
            view.advance()
            seen.append(view.rows)
        await pilot.pause()
        expected = [frames[index].rows for index in frame_schedule(len(frames))]
        assert seen == [*expected, expected[0]]  # one whole cycle, back to the start
        assert seen[HOLD_TICKS - 1] == frames[0].rows  # the first pose is held...
        assert seen[HOLD_TICKS] == frames[1].rows  # ...then the blends lead...
        assert seen[HOLD_TICKS + BETWEEN] == frames[len(frames) // 2].rows  # ...to the second
        assert painted(view) == list(frames[0].rows)


async def test_the_widget_repaints_only_when_the_frame_changes() -> None:
    app = FigureApp(*PAIR)
    async with app.run_test(size=(40, 14)) as pilot:
        view = app.query_one(FigureView)
        await pilot.pause()
        refreshes: list[int] = []
        original = view.refresh

        def counting_refresh(*args: Any, **kwargs: Any) -> Any:
            refreshes.append(1)
            return original(*args, **kwargs)

        view.refresh = counting_refresh  # type: ignore[method-assign]
        ticks = len(frame_schedule(2 * (BETWEEN + 1)))
        for _ in range(ticks):
            view.advance()
        assert len(refreshes) == 2 * (BETWEEN + 1)  # one per frame, not one per tick


async def test_a_new_frame_repaints_only_the_rows_that_changed() -> None:
    app = FigureApp(*PAIR)
    async with app.run_test(size=(40, 14)) as pilot:
        view = app.query_one(FigureView)
        await pilot.pause()
        frames = render_frames(PAIR, between=BETWEEN)
        repainted: list[tuple[Any, ...]] = []
        original = view.refresh

        def recording_refresh(*regions: Any, **kwargs: Any) -> Any:
            repainted.append(regions)
            return original(*regions, **kwargs)

        view.refresh = recording_refresh  # type: ignore[method-assign]
        for _ in range(HOLD_TICKS):  # the first pose held, then the first blend
            view.advance()
        changed = [
            y for y, (a, b) in enumerate(zip(frames[0].rows, frames[1].rows, strict=True)) if a != b
        ]
        assert 0 < len(changed) < FIGURE_HEIGHT
        assert repainted == [tuple(Region(0, y, view.size.width, 1) for y in changed)]
        await pilot.pause()
        assert painted(view) == list(frames[1].rows)


async def test_one_pose_never_starts_the_timer() -> None:
    app = FigureApp("standing")
    async with app.run_test(size=(40, 14)):
        view = app.query_one(FigureView)
        assert not view.is_moving
        view.advance()
        assert view.rows == render_pose("standing").rows


async def test_two_poses_on_screen_start_the_timer() -> None:
    app = FigureApp(*PAIR)
    async with app.run_test(size=(40, 14)) as pilot:
        await pilot.pause()
        assert app.query_one(FigureView).is_moving


async def test_paused_stops_the_turns() -> None:
    app = FigureApp(*PAIR)
    async with app.run_test(size=(40, 14)) as pilot:
        view = app.query_one(FigureView)
        view.playing = False
        await pilot.pause()
        assert not view.is_moving
        before = view.rows
        for _ in range(HOLD_TICKS + 1):
            view.advance()
        assert view.rows == before

        view.playing = True
        await pilot.pause()
        assert view.is_moving
        for _ in range(HOLD_TICKS):
            view.advance()
        assert view.rows != before


async def test_a_hidden_slot_stops_the_timer() -> None:
    app = FigureApp(*PAIR)
    async with app.run_test(size=(40, 14)) as pilot:
        view = app.query_one(FigureView)
        app.query_one("#slot").display = False  # the player drops the figure when small
        # Hidden and shown are told after a paint, which a busy machine can put off.
        await until(pilot, lambda: not view.is_moving, "the timer stopping")
        app.query_one("#slot").display = True
        await until(pilot, lambda: view.is_moving, "the timer starting")


async def test_no_poses_hides_the_widget_and_frees_its_space() -> None:
    app = FigureApp("standing")
    async with app.run_test(size=(40, 14)) as pilot:
        view = app.query_one(FigureView)
        assert app.query_one("#slot").region.height == FIGURE_HEIGHT
        view.show(())
        await pilot.pause()
        assert view.display is False
        assert view.rows == ()
        assert app.query_one("#slot").region.height == 0
        assert not view.is_moving


async def test_a_new_step_shows_its_pose_again_after_none() -> None:
    app = FigureApp()
    async with app.run_test(size=(40, 14)) as pilot:
        view = app.query_one(FigureView)
        assert view.display is False
        view.show(("figure-four",), mirrored=True)
        await pilot.pause()
        assert view.display is True
        assert painted(view) == list(render_pose("figure-four", mirrored=True).rows)


async def test_the_same_poses_again_keep_the_frame() -> None:
    app = FigureApp(*PAIR)
    async with app.run_test(size=(40, 14)):
        view = app.query_one(FigureView)
        for _ in range(HOLD_TICKS):
            view.advance()
        moved = view.rows
        view.show(PAIR)  # the next segment of the same step
        assert view.rows == moved
        view.show(PAIR, mirrored=True)  # the other side starts from the first pose
        assert view.rows == render_frames(PAIR, mirrored=True, between=BETWEEN)[0].rows


@pytest.mark.parametrize(
    ("poses", "spot", "problem"),
    [
        (("no-such-pose",), None, "cannot draw no-such-pose: unknown pose 'no-such-pose'"),
        (
            ("standing", "chin-tuk-in"),
            None,
            "cannot draw standing, chin-tuk-in: unknown pose 'chin-tuk-in'; did you mean",
        ),
        (("standing",), "elbow", "cannot draw standing: elbow"),
    ],
)
async def test_a_pose_that_cannot_be_drawn_hides_the_widget(
    poses: tuple[str, ...], spot: str | None, problem: str
) -> None:
    app = FigureApp("standing")
    async with app.run_test(size=(40, 14)) as pilot:
        view = app.query_one(FigureView)
        view.show(poses, spot=spot)
        await pilot.pause()
        assert view.display is False
        assert view.rows == ()
        assert view.problem is not None and view.problem.startswith(problem)
        assert not view.is_moving


def test_frame_schedule_holds_the_poses_and_passes_the_blends() -> None:
    assert frame_schedule(4) == (0, 0, 1, 2, 2, 3)  # 6 s: a pose 2 s, a blend 1 s
    assert frame_schedule(2) == (0, 0, 1, 1)  # front and side: no blends
    assert frame_schedule(1) == (0,)
    assert frame_schedule(0) == ()


def test_snapshot_of_a_figure_with_its_spot(snap_compare: Any) -> None:
    app = FigureApp("ball-on-wall", spot="upper-back", caption="ball-on-wall · upper-back")
    assert snap_compare(app, terminal_size=(40, 14))


def plain(style: Style | None) -> Style | None:
    return style.clear_meta_and_links() if style else style


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize(
    "options", [{"spot": "neck"}, {"spot": "upper-back", "mirrored": True}, {}]
)
async def test_the_rows_are_drawn_as_rich_text_of_the_figure_would_draw_them(
    theme: str, options: dict[str, Any]
) -> None:
    """The rows are made as segments directly; cell by cell, characters and styles, they
    are what Textual makes of the figure as Rich text, its spot's cells in the spot style
    (as the widget drew it before)."""
    app = FigureApp("neck-massage", **options)
    async with app.run_test(size=(40, 14)) as pilot:
        app.theme = THEMES[theme].name
        await pilot.pause()
        view = app.query_one(FigureView)
        width, height = view.size
        figure = render_pose("neck-massage", **options)
        assert view.rows == figure.rows
        rich_text = Text("\n".join(figure.rows), no_wrap=True, end="")
        columns = len(figure.rows[0]) + 1  # each row and its newline
        for row, column in figure.spot_cells:
            start = row * columns + column
            rich_text.stylize(view.get_component_rich_style("figure-view--spot"), start, start + 1)
        text = visualize(view, rich_text, markup=False)
        reference = Visual.to_strips(view, text, width, height, view.visual_style)
        styles = {plain(segment.style) for strip in reference for segment in strip}
        assert len(styles) == (2 if "spot" in options else 1)  # the spot's, and the rest's
        assert looks(view.render_line(y) for y in range(height)) == looks(reference)


async def test_a_run_of_one_style_is_one_segment() -> None:
    """Each segment is written to the terminal with its own style: a row cut into more
    segments than its styles need writes more (the gallery's first frame was 40 % larger)."""
    app = FigureApp("neck-massage", spot="neck")
    async with app.run_test(size=(40, 14)):
        view = app.query_one(FigureView)
        for y in range(view.size.height):
            styles = [segment.style for segment in view.render_line(y)]
            assert all(a != b for a, b in pairwise(styles)), y
