"""Home with a library of summaries: a routine opens as its file is now, a file gone bad
says why, and a long list makes its options a page at a time with every routine reachable."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from desk_routine import DESK, MINE, write_routines
from textual.widgets import OptionList, Static

from knotsession.core.library import RoutineSource, load_library
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.screens.preview import PreviewScreen
from knotsession.tui.widgets.area_menu import AreaMenu
from knotsession.tui.widgets.routine_menu import PAGE, RoutineMenu
from knotsession.tui.widgets.steps_table import StepsTable
from knotsession.tui.words import area_label

MakeApp = Callable[..., KnotsessionApp]
Toasts = Callable[[KnotsessionApp], list[str]]


def step_names(app: KnotsessionApp) -> list[str]:
    return [row.name for row in app.screen.query_one("#steps", StepsTable).rows]


async def test_a_routine_edited_since_home_was_drawn_previews_as_it_is_now(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        mine = tmp_path / "mine" / "my-neck.toml"
        mine.write_text(MINE.replace("Chin tucks", "Slow nods"), encoding="utf-8")
        await pilot.press("down", "enter", "enter")
        assert isinstance(app.screen, PreviewScreen)
        assert step_names(app) == ["Slow nods"]


async def test_a_routine_whose_file_went_bad_says_why_and_stays_home(
    make_app: MakeApp, tmp_path: Path, toasts: Toasts
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        mine = tmp_path / "mine" / "my-neck.toml"
        mine.write_text(MINE.replace("duration = 3", "duration = -3"), encoding="utf-8")
        await pilot.press("down", "enter", "enter")
        assert isinstance(app.screen, HomeScreen)
        assert toasts(app) == [
            f"routine 'my-neck' has a problem: {mine}: steps[0].duration: "
            "must be 1..3600 seconds, got -3"
        ]


def many_routines(folder: Path, count: int) -> Path:
    """`count` copies of the desk routine, named so that their order is their number."""
    files = {
        f"r-{number:04d}": DESK.replace('name = "', f'name = "{number:04d} ', 1)
        for number in range(count)
    }
    return write_routines(folder, files)


def routine_names(menu: OptionList) -> list[str]:
    return [
        str(menu.get_option_at_index(i).prompt).split("\n")[0] for i in range(menu.option_count)
    ]


async def test_a_long_list_makes_its_options_a_page_at_a_time(
    make_app: MakeApp, tmp_path: Path
) -> None:
    folder = many_routines(tmp_path / "many", 300)
    library = load_library([RoutineSource(folder, "extra")])
    app = make_app(library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        menu = app.screen.query_one("#routines", RoutineMenu)
        assert str(menu.border_title) == "Neck · 300 routines"
        assert menu.option_count == PAGE
        await pilot.press("down", "enter")
        assert app.focused is menu
        await pilot.press(*["down"] * (PAGE - 5))
        assert menu.option_count == 2 * PAGE  # the next page, before the cursor got there
        assert menu.highlighted_id == f"r-{PAGE - 5:04d}"
        await pilot.press("end")
        assert menu.option_count == 300
        assert menu.highlighted_id == "r-0299"
        names = routine_names(menu)
        assert names[0] == "0000 Tiny desk routine  yours"
        assert names[-1] == "0299 Tiny desk routine  yours"
        await pilot.press("enter")
        assert isinstance(app.screen, PreviewScreen)
        assert str(app.screen.query_one("#title", Static).content) == "0299 Tiny desk routine"


async def test_a_refilled_list_keeps_the_cursor_past_the_first_page(
    make_app: MakeApp, tmp_path: Path
) -> None:
    folder = many_routines(tmp_path / "many", 200)
    library = load_library([RoutineSource(folder, "extra")])
    app = make_app(library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter", "end", "up")
        menu = app.screen.query_one("#routines", RoutineMenu)
        assert menu.highlighted_id == "r-0198"
        app.library = load_library([RoutineSource(folder, "extra")])  # as after an edit
        await pilot.pause()
        assert menu.highlighted_id == "r-0198"
        assert menu.option_count == 200


async def test_a_first_start_reads_the_files_left_for_later_after_painting(
    make_app: MakeApp, tmp_path: Path, settled: Callable[..., Awaitable[None]]
) -> None:
    from knotsession.core.library import load_default_library
    from knotsession.figures.names import pose_names
    from knotsession.tui.state import CommandLine

    folder = many_routines(tmp_path / "many", 30)
    library = load_default_library([folder], known_poses=pose_names(), parse_at_most=5)
    assert library.unread > 0
    app = make_app(library=library, command_line=CommandLine(routine_dirs=(folder,)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(app, pilot)
        assert app.library.unread == 0
        assert {f"r-{number:04d}" for number in range(30)} <= set(app.library.summaries)
        # The lists follow, the cursor staying on the area it was on.
        areas = app.screen.query_one("#areas", AreaMenu)
        assert routine_names(areas)[0] == f"Neck        {len(app.library.in_area('neck')):>3}"
        area = areas.highlighted_area or ""
        count = len(app.library.in_area(area))
        menu = app.screen.query_one("#routines", RoutineMenu)
        assert str(menu.border_title) == f"{area_label(area)} · {count} routines"
        assert menu.option_count == min(count, (menu.highlighted or 0) + PAGE)


async def test_scrolling_to_the_end_of_a_long_list_makes_the_next_page(
    make_app: MakeApp, tmp_path: Path
) -> None:
    folder = many_routines(tmp_path / "many", 100)
    app = make_app(library=load_library([RoutineSource(folder, "extra")]))
    async with app.run_test(size=(80, 24)) as pilot:
        menu = app.screen.query_one("#routines", RoutineMenu)
        assert menu.option_count == PAGE
        menu.scroll_to(y=menu.max_scroll_y, animate=False, immediate=True)
        await pilot.pause()
        assert menu.option_count == 2 * PAGE
        assert menu.highlighted_id == "r-0000"  # scrolling does not move the cursor
