"""`knotsession start ID` goes straight into a routine: home is not composed (nor its
history read) while the session plays, so the session holds less memory; it is composed
before the person goes back to it, whichever way they go."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable

from player_clock import play_started, until

from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.completion import CompletionScreen
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.screens.player import PlayerScreen
from knotsession.tui.screens.preview import PreviewScreen
from knotsession.tui.widgets.area_menu import AreaMenu
from knotsession.tui.widgets.routine_menu import RoutineMenu

MakeApp = Callable[..., KnotsessionApp]


def home_of(app: KnotsessionApp) -> HomeScreen:
    home = app.screen_stack[0]
    assert isinstance(home, HomeScreen)
    return home


async def test_home_is_composed_only_on_the_way_back_after_a_stopped_session(
    make_app: MakeApp,
) -> None:
    app = make_app(start_routine="desk-5")
    async with app.run_test() as pilot:
        await play_started(app, pilot)
        await pilot.pause()
        home = home_of(app)
        assert not home.composed
        assert not home.query(AreaMenu)  # nothing of home under the player
        await pilot.press("q", "y")  # stop the session
        assert app.screen is home
        assert home.composed
        assert home.query_one("#areas", AreaMenu).option_count > 0
        assert app.focused is not None and app.focused.id == "featured"


async def test_home_is_composed_on_the_way_back_from_the_completion_card(
    make_app: MakeApp,
) -> None:
    app = make_app(start_routine="desk-5")
    async with app.run_test() as pilot:
        player = await play_started(app, pilot)
        while not player.session.is_over:
            await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, CompletionScreen), "the card")
        assert not home_of(app).composed  # the card is shown first, home still waits
        await pilot.press("escape")
        assert app.screen is home_of(app)
        assert home_of(app).query_one("#featured").has_focus


async def test_home_is_composed_at_once_when_no_routine_opens_over_it(
    make_app: MakeApp,
) -> None:
    """The routine's file went bad between launch's check and the app opening it."""
    app = make_app(start_routine="no-such-routine")
    async with app.run_test() as pilot:
        await until(pilot, lambda: home_of(app).composed, "home composed")
        await pilot.pause()
        assert app.screen is home_of(app)
        assert home_of(app).query_one("#areas", AreaMenu).option_count > 0
        assert app.focused is not None and app.focused.id == "featured"


async def test_a_plain_start_composes_home_at_once(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test():
        assert home_of(app).composed
        assert home_of(app).query(AreaMenu)


async def test_home_composed_on_the_way_back_answers_its_keys(make_app: MakeApp) -> None:
    """Its widgets' messages reach it as on a plain start: the areas list their routines,
    a routine opens its preview, and the start button starts the featured routine."""
    app = make_app(start_routine="desk-5")
    async with app.run_test() as pilot:
        await play_started(app, pilot)
        await pilot.press("q", "y")
        home = home_of(app)
        assert home.query_one("#routines", RoutineMenu).option_count > 0
        await pilot.press("down", "right", "enter")
        await until(pilot, lambda: isinstance(app.screen, PreviewScreen), "the preview")
        await pilot.press("escape")
        home.focus_featured()
        await pilot.press("enter")
        await play_started(app, pilot)
        assert isinstance(app.screen, PlayerScreen)


def modules_loaded_by(
    imports: str, prefixes: tuple[str, ...] = ("knotsession.", "json")
) -> list[str]:
    """The modules named with `prefixes` loaded by running `imports` in a fresh process."""
    code = f"import sys\n{imports}\nprint([m for m in sys.modules if m.startswith({prefixes!r})])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return ast.literal_eval(out.stdout)


def test_the_start_path_loads_neither_homes_widgets_nor_the_plain_runner() -> None:
    """`start ID` plays with home uncomposed, so home's widget modules (and the plain runner,
    asked only whether to run plain, the background reminder's module and the body's spots)
    stay out of a playing session's memory."""
    loaded = modules_loaded_by(
        "import knotsession.commands.start, knotsession.tui.launch, knotsession.tui.app\n"
        "import knotsession.tui.screens.player, knotsession.core.history"
    )
    for module in ("area_menu", "routine_menu", "start_button", "break_offer"):
        assert f"knotsession.tui.widgets.{module}" not in loaded
    assert "knotsession.plain" not in loaded
    for module in ("reminders", "break_schedule", "spots"):  # the nudge's, the marks'
        assert f"knotsession.core.{module}" not in loaded
    assert "knotsession.tui.screens.home" in loaded  # the check itself reads the list


def test_the_screens_loaded_at_home_leave_out_the_daemon_and_json() -> None:
    """Every screen the warm-up imports at home, the settings form with its reminder line
    included, loads neither the break daemon (its schedule, desktop and notifications) nor
    `json` (0.15 MiB): the reminder's status file is read only while a reminder runs. (Some
    versions of the libraries load `json` with the app: the screens must add nothing.)"""
    app = "import importlib, knotsession.tui.app"
    loaded = modules_loaded_by(
        f"{app}\n"
        "from knotsession.tui.warm_up import SCREEN_MODULES\n"
        "for module in SCREEN_MODULES: importlib.import_module(module)"
    )
    added = set(loaded) - set(modules_loaded_by(app))
    assert "knotsession.tui.screens.settings" in added  # the check itself reads the list
    assert "knotsession.breaks.status" in added
    assert "knotsession.breaks.daemon" not in loaded
    assert "json" not in added


def test_the_screen_after_a_session_adds_no_radio_buttons_while_it_plays() -> None:
    """The completion card, loaded while a session plays, uses the compact button and text
    field; the settings form's compact radio set lives with the form, so playing does not
    load Textual's radio buttons (their modules, and their styles in the warm-up)."""
    loaded = modules_loaded_by(
        "import knotsession.tui.app, knotsession.tui.screens.player\n"
        "import knotsession.tui.screens.completion",
        ("textual.",),
    )
    assert "textual.widgets._button" in loaded  # the check itself reads the list
    assert [m for m in loaded if "radio" in m or "toggle" in m] == []
