"""`knotsession start ID` goes straight into a routine: home is not composed (nor its
history read) while the session plays, so the session holds less memory; it is composed
before the person goes back to it, whichever way they go."""

from __future__ import annotations

from collections.abc import Callable

from player_clock import play_started, until

from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.completion import CompletionScreen
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.widgets.area_menu import AreaMenu

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
