"""The pose figure in the player and the preview, and the pose gallery from help and preview.

The figure's timer is never waited for: the tests call `advance()`, which is what it calls.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from figured_routine import FIGURED, TUCKS, figured_library
from player_clock import tick
from textual.pilot import Pilot
from textual.widgets import Static

from knotsession.core.engine import FakeClock, Session
from knotsession.core.library import Library, RoutineSource, load_library
from knotsession.figures.braille import mirror_rows
from knotsession.figures.render import render_frames, render_pose
from knotsession.plain import run_plain
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.gallery import PoseGalleryScreen
from knotsession.tui.screens.help import HelpScreen, help_keys
from knotsession.tui.screens.player import PlayerScreen
from knotsession.tui.screens.preview import PreviewScreen
from knotsession.tui.widgets.figure import BETWEEN, FigureView, frame_schedule
from knotsession.tui.widgets.steps_table import StepsTable

MakeApp = Callable[..., KnotsessionApp]


# Segments: get ready 2, left 4, switch 2, right 4, get ready 2, tucks 3, get ready 2,
# massage 3, get ready 2, breathe 2 = 26 s.
@pytest.fixture
def figured(tmp_path: Path) -> Library:
    return figured_library(tmp_path / "figured")


def figure(app: KnotsessionApp) -> FigureView:
    return app.screen.query_one(FigureView)


def slot_shown(app: KnotsessionApp) -> bool:
    """The player's figure slot is on screen, with a size."""
    slot = app.screen.query_one("#figure-slot")
    return slot.display and slot.region.width > 0 and slot.region.height > 0


# --- the player -------------------------------------------------------------------------


async def test_the_player_shows_the_steps_pose_beside_the_instructions(
    make_app: MakeApp, figured: Library, clock: FakeClock
) -> None:
    app = make_app(library=figured, start_routine="neck-figures")
    async with app.run_test(size=(80, 24)) as pilot:
        await tick(app, pilot, clock, 3)  # 1 s into the left side
        view = figure(app)
        assert view.rows == render_pose("neck-side-tilt").rows
        painted = [view.render_line(y).text for y in range(view.size.height)]
        assert painted == list(render_pose("neck-side-tilt").rows)
        assert app.screen.query_one("#figure-slot").has_class("-with-figure")
        assert slot_shown(app)
        slot, instructions = app.screen.query_one("#figure-slot"), app.screen.query_one("#now")
        assert slot.region.right <= instructions.region.x  # beside, not over
        assert app.screen.query_one("#instructions").region.height > 0


@pytest.mark.parametrize(
    ("size", "box"), [((80, 24), (20, 10)), ((100, 30), (38, 19)), ((200, 60), (60, 30))]
)
async def test_the_figure_grows_with_the_terminal_up_to_three_times(
    make_app: MakeApp,
    figured: Library,
    clock: FakeClock,
    size: tuple[int, int],
    box: tuple[int, int],
) -> None:
    app = make_app(library=figured, start_routine="neck-figures")
    async with app.run_test(size=size) as pilot:
        await tick(app, pilot, clock, 3)  # 1 s into the left side
        width, height = box
        expected = render_pose("neck-side-tilt", width=width, height=height).rows
        view = figure(app)
        assert view.rows == expected
        assert [view.render_line(y).text for y in range(view.size.height)] == list(expected)
        slot, instructions = app.screen.query_one("#figure-slot"), app.screen.query_one("#now")
        assert slot.region.right <= instructions.region.x  # beside, not over
        assert instructions.region.width >= 48  # room for the instructions and the step bar


async def test_the_right_side_shows_the_mirror_image(
    make_app: MakeApp, figured: Library, clock: FakeClock
) -> None:
    app = make_app(library=figured, start_routine="neck-figures")
    async with app.run_test(size=(80, 24)) as pilot:
        left = figure(app).rows
        await tick(app, pilot, clock, 6)  # switching to the right side
        expected = render_pose("neck-side-tilt", mirrored=True).rows
        assert figure(app).rows == expected == mirror_rows(left)
        await tick(app, pilot, clock, 2)  # the right side itself
        assert figure(app).rows == expected


async def test_getting_ready_shows_the_coming_poses_still_and_work_moves_them(
    make_app: MakeApp, figured: Library, clock: FakeClock
) -> None:
    app = make_app(library=figured, start_routine="neck-figures")
    async with app.run_test(size=(80, 24)) as pilot:
        await tick(app, pilot, clock, 12)  # getting ready for the chin tucks
        view = figure(app)
        frames = render_frames(TUCKS, between=BETWEEN)
        assert view.rows == frames[0].rows
        assert not view.playing and not view.is_moving
        view.advance()
        assert view.rows == frames[0].rows  # still
        await tick(app, pilot, clock, 2)  # the tucks begin
        assert view.playing and view.is_moving
        seen = {view.rows}
        for _ in range(len(frames) * 4):
            view.advance()
            seen.add(view.rows)
        assert seen == {frame.rows for frame in frames}


async def test_the_figure_moves_on_the_countdown_s_second_with_no_timer_of_its_own(
    make_app: MakeApp, figured: Library, clock: FakeClock
) -> None:
    """One screen update a second for the digits, the bars and the figure together."""
    app = make_app(library=figured, start_routine="neck-figures")
    async with app.run_test(size=(80, 24)) as pilot:
        await tick(app, pilot, clock, 14)  # the tucks begin: 3 s shown
        view = figure(app)
        frames = render_frames(TUCKS, between=BETWEEN)
        schedule = frame_schedule(len(frames))
        assert view.is_moving and view._timer is None
        assert view.rows == frames[schedule[1]].rows
        await tick(app, pilot, clock, 0.5)  # still 3 s shown: the figure stays
        assert view.rows == frames[schedule[1]].rows
        await tick(app, pilot, clock, 0.5)  # 2 s
        assert view.rows == frames[schedule[2]].rows != frames[schedule[1]].rows
        await tick(app, pilot, clock, 1)  # 1 s
        assert view.rows == frames[schedule[3]].rows != frames[schedule[2]].rows


async def test_pause_stops_the_alternation_and_resume_starts_it_again(
    make_app: MakeApp, figured: Library, clock: FakeClock
) -> None:
    app = make_app(library=figured, start_routine="neck-figures")
    async with app.run_test(size=(80, 24)) as pilot:
        await tick(app, pilot, clock, 15)  # 1 s into the chin tucks
        view = figure(app)
        await pilot.press("space")
        assert not view.playing and not view.is_moving
        before = view.rows
        for _ in range(20):
            view.advance()
        assert view.rows == before
        await pilot.press("space")
        assert view.playing and view.is_moving
        for _ in range(20):
            view.advance()
            if view.rows != before:
                break
        assert view.rows != before


async def test_help_over_the_player_stops_the_figure_too(
    make_app: MakeApp, figured: Library, clock: FakeClock
) -> None:
    app = make_app(library=figured, start_routine="neck-figures")
    async with app.run_test(size=(80, 24)) as pilot:
        await tick(app, pilot, clock, 15)
        player = app.screen
        view = figure(app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert not view.is_moving
        await pilot.press("escape")
        assert app.screen is player and view.is_moving


async def test_a_massage_step_lights_its_spot(
    make_app: MakeApp, figured: Library, clock: FakeClock
) -> None:
    app = make_app(library=figured, start_routine="neck-figures")
    async with app.run_test(size=(80, 24)) as pilot:
        await tick(app, pilot, clock, 20)  # 1 s into the massage
        expected = render_pose("neck-massage", spot="neck")
        assert expected.spot_cells  # the spot is really drawn
        assert figure(app).rows == expected.rows
        assert figure(app).frames[0].spot_cells == expected.spot_cells


async def test_a_step_without_a_pose_hides_the_slot(
    make_app: MakeApp, figured: Library, clock: FakeClock
) -> None:
    app = make_app(library=figured, start_routine="neck-figures")
    async with app.run_test(size=(80, 24)) as pilot:
        await tick(app, pilot, clock, 23)  # 1 s into getting ready to breathe
        assert not app.screen.query_one("#figure-slot").has_class("-with-figure")
        assert not slot_shown(app)
        assert figure(app).rows == ()
        assert app.screen.query_one("#instructions").region.x < 10  # the whole width


async def test_a_pose_that_cannot_be_drawn_hides_the_slot(
    make_app: MakeApp, tmp_path: Path
) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    text = FIGURED.replace('pose = "neck-side-tilt"', 'pose = "no-such-pose"')
    (folder / "odd.toml").write_text(text, encoding="utf-8")
    odd = load_library([RoutineSource(folder, "user")])  # no pose names to check against
    app = make_app(library=odd, start_routine="odd")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert not app.screen.query_one("#figure-slot").has_class("-with-figure")
        assert (figure(app).problem or "").startswith("cannot draw no-such-pose")
        assert str(app.screen.query_one("#title", Static).content) == (
            "Side neck stretch · left side"
        )


async def test_at_44x12_the_figure_is_dropped_first(
    make_app: MakeApp, figured: Library, clock: FakeClock
) -> None:
    app = make_app(library=figured, start_routine="neck-figures")
    async with app.run_test(size=(44, 12)) as pilot:
        await tick(app, pilot, clock, 15)  # 1 s into the chin tucks, which move
        assert not slot_shown(app)
        assert not figure(app).is_moving  # no timer for a figure nobody sees
        for essential in ("#heading", "#title", "#countdown", "#step-progress", "#next"):
            widget = app.screen.query_one(essential)
            assert widget.display and widget.region.height > 0, essential
            assert widget.region.bottom <= 12 and widget.region.right <= 44, essential


# --- the preview ------------------------------------------------------------------------


async def open_preview(app: KnotsessionApp, pilot: Pilot, routine_id: str) -> PreviewScreen:
    preview = PreviewScreen(app.library.routines[routine_id], lead_in_s=5)
    await app.push_screen(preview)
    await pilot.pause()
    return preview


async def test_the_preview_shows_the_first_pose_beside_the_steps(
    make_app: MakeApp, figured: Library
) -> None:
    app = make_app(library=figured)
    async with app.run_test(size=(80, 24)) as pilot:
        preview = await open_preview(app, pilot, "neck-figures")
        view = preview.query_one("#figure", FigureView)
        assert view.rows == render_pose("neck-side-tilt").rows
        caption = preview.query_one("#figure-caption", Static)
        assert str(caption.content) == "1. Side neck stretch"
        column, steps = preview.query_one("#figure-column"), preview.query_one("#steps")
        assert column.region.width > 0 and steps.region.right <= column.region.x


async def test_the_preview_lists_each_steps_instructions_and_the_safety_note(
    make_app: MakeApp, figured: Library
) -> None:
    from knotsession.tui.words import SAFETY_NOTE

    app = make_app(library=figured)
    async with app.run_test(size=(80, 24)) as pilot:
        preview = await open_preview(app, pilot, "neck-figures")
        rows = preview.query_one("#steps", StepsTable).rows
        assert rows[0][1:3] == ("Side neck stretch", "Tilt your ear toward your shoulder.")
        assert rows[3][1:3] == ("Breathe", "Breathe out slowly.")
        safety = preview.query_one("#safety-note", Static)
        assert str(safety.content) == f"Safety: {SAFETY_NOTE}"
        assert "no equipment" in str(preview.query_one("#details", Static).content)


async def test_the_preview_of_a_routine_without_poses_has_no_figure(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        preview = await open_preview(app, pilot, "desk-5")
        assert not preview.query(FigureView)
        assert not preview.query("#figure-column")


async def test_a_small_preview_drops_the_figure(make_app: MakeApp, figured: Library) -> None:
    app = make_app(library=figured)
    async with app.run_test(size=(44, 12)) as pilot:
        preview = await open_preview(app, pilot, "neck-figures")
        assert preview.query_one("#figure-column").region.width == 0
        assert preview.query_one("#start").region.height > 0


async def test_g_opens_the_gallery_from_the_preview(make_app: MakeApp, figured: Library) -> None:
    app = make_app(library=figured)
    async with app.run_test(size=(80, 24)) as pilot:
        preview = await open_preview(app, pilot, "neck-figures")
        await pilot.press("g")
        assert isinstance(app.screen, PoseGalleryScreen)
        await pilot.press("escape")
        assert app.screen is preview


# --- help -------------------------------------------------------------------------------


async def test_g_opens_the_gallery_from_help(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        await pilot.press("g")
        assert isinstance(app.screen, PoseGalleryScreen)
        await pilot.press("escape")
        assert app.screen is help_screen


def test_help_lists_the_gallery_settings_and_edit_keys() -> None:
    keys = {place: dict(rows) for place, rows in help_keys()}
    assert keys["Home"]["s"] == "settings"
    assert keys["Home"]["e"] == "edit your own routine"
    assert keys["Preview"]["g"] == "the pose gallery: every figure by name"


# --- plain mode -------------------------------------------------------------------------


def test_plain_mode_prints_no_figures(figured: Library) -> None:
    routine = figured.routines["neck-figures"]
    clock = FakeClock(start=0.0)
    out = io.StringIO()
    run_plain(Session(routine, clock=clock), clock=clock, sleep=clock.advance, out=out)
    text = out.getvalue()
    assert "Step 3/4: Neck massage, 3 s" in text
    assert not any("\u2800" <= char <= "\u28ff" for char in text)  # no braille
