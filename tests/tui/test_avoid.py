"""Areas to avoid: marked in the preview, chosen with a, saved, and offered to skip in the player."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from player_clock import play_started
from textual.widgets import SelectionList, Static

from knotsession import paths
from knotsession.core.settings import Settings, read_settings
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.avoid import AvoidScreen
from knotsession.tui.screens.player import PlayerScreen
from knotsession.tui.screens.preview import PreviewScreen
from knotsession.tui.widgets.routine_menu import RoutineMenu
from knotsession.tui.widgets.steps_table import StepsTable

MakeApp = Callable[..., KnotsessionApp]
# The test desk routine: "Neck tilt" has no area, so give areas through a routine of its own.
from desk_routine import write_routines  # noqa: E402

AREAS = """\
name = "Neck and shoulders"
areas = ["neck", "shoulders"]
lead_in = 2

[[steps]]
name = "Neck tilt"
duration = 4
area = "neck"
instructions = "Tilt your ear toward your shoulder."

[[steps]]
name = "Shoulder rolls"
kind = "mobility"
duration = 3
area = "shoulders"
instructions = "Roll your shoulders slowly."
"""


def step_names(app: KnotsessionApp) -> list[str]:
    """Each step's first line (its name and mark); its instructions follow under it."""
    # Each step's how-to is under its name (issue 19), drawn in its own style.
    return [row.name for row in app.screen.query_one("#steps", StepsTable).rows]


def preview_app(make_app: MakeApp, tmp_path: Any, **options: object) -> KnotsessionApp:
    from knotsession.core.library import RoutineSource, load_library

    folder = write_routines(tmp_path / "areas", {"desk-5": AREAS})
    return make_app(library=load_library([RoutineSource(folder, "bundled")]), **options)


async def test_the_preview_marks_steps_in_an_avoided_area(make_app: MakeApp, tmp_path: Any) -> None:
    app = preview_app(make_app, tmp_path, settings=Settings(avoid=("shoulders",)))
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(PreviewScreen(app.library.routines["desk-5"], lead_in_s=5))
        await pilot.pause()
        assert step_names(app) == ["Neck tilt", "Shoulder rolls  ⚠ avoid"]
        assert str(app.screen.query_one("#avoid", Static).content).startswith(
            "⚠ Works shoulders, which you avoid: those steps are marked"
        )


async def test_without_avoided_areas_nothing_is_marked(make_app: MakeApp, tmp_path: Any) -> None:
    app = preview_app(make_app, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(PreviewScreen(app.library.routines["desk-5"], lead_in_s=5))
        await pilot.pause()
        assert step_names(app) == ["Neck tilt", "Shoulder rolls"]
        assert not app.screen.query_one("#avoid", Static).display


async def test_a_in_the_preview_chooses_areas_and_saves_them(
    make_app: MakeApp, tmp_path: Any
) -> None:
    app = preview_app(make_app, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(PreviewScreen(app.library.routines["desk-5"], lead_in_s=5))
        await pilot.pause()
        await pilot.press("a")
        assert isinstance(app.screen, AvoidScreen)
        areas = app.screen.query_one("#areas", SelectionList)
        areas.select("shoulders")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert step_names(app) == ["Neck tilt", "Shoulder rolls  ⚠ avoid"]
    assert app.settings.avoid == ("shoulders",)
    assert read_settings(paths.settings_file())[0].avoid == ("shoulders",)


async def test_the_player_offers_to_skip_an_avoided_step_and_x_skips_it(
    make_app: MakeApp, tmp_path: Any, clock: Any, toasts: Any
) -> None:
    app = preview_app(make_app, tmp_path, settings=Settings(avoid=("shoulders",)))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, PlayerScreen)
        assert toasts(app) == []  # the neck step is fine
        await play_started(app, pilot)
        clock.advance(2 + 4)  # get ready, then the neck tilt
        app.screen.tick()
        await pilot.pause()
        assert app.screen.session.current.step.name == "Shoulder rolls"
        assert toasts(app) == [
            "Shoulder rolls works your shoulders, which you avoid. Press x to skip it."
        ]
        await pilot.press("x")  # from its get-ready: the whole step
        await pilot.pause()
        assert not isinstance(app.screen, PlayerScreen)  # it was the last step: done


async def test_the_home_list_marks_routines_in_an_avoided_area(
    make_app: MakeApp, tmp_path: Any
) -> None:
    app = preview_app(make_app, tmp_path, settings=Settings(avoid=("shoulders",)))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert routine_names(app) == ["Neck and shoulders  ⚠ shoulders"]


async def test_choosing_areas_in_the_preview_marks_the_home_list_too(
    make_app: MakeApp, tmp_path: Any
) -> None:
    app = preview_app(make_app, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert routine_names(app) == ["Neck and shoulders"]
        app.push_screen(PreviewScreen(app.library.routines["desk-5"], lead_in_s=5))
        await pilot.pause()
        await pilot.press("a")
        app.screen.query_one("#areas", SelectionList).select("neck")
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert routine_names(app) == ["Neck and shoulders  ⚠ neck"]


def routine_names(app: KnotsessionApp) -> list[str]:
    """The first line of each option in the home screen's routine list."""
    menu = app.screen.query_one("#routines", RoutineMenu)
    return [
        str(menu.get_option_at_index(i).prompt).split("\n")[0] for i in range(menu.option_count)
    ]
