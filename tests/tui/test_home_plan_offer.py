"""Today's plan offered at home and by the in-app nudge once spots are marked: the line on
home, n playing it, the map just saved counting at once, and old marks offering nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from player_clock import until
from textual.message import Message
from textual.widgets import Static

from knotsession import paths
from knotsession.core.engine import FakeClock
from knotsession.core.history import HistoryStore
from knotsession.core.library import Library, load_default_library
from knotsession.core.settings import Settings
from knotsession.core.spots import SPOT_IDS
from knotsession.figures.names import pose_names
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.backends import open_history_store
from knotsession.tui.history_access import HistoryAccess
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.screens.knot_map import KnotMapScreen
from knotsession.tui.screens.player import PlayerScreen

MakeApp = Callable[..., KnotsessionApp]
OFFER = "Today's plan for your left rhomboid and neck: 5 min — press n"
HOUR = 3600
READS = (HistoryAccess.Read, HistoryAccess.PlanRead)
TODAY = date(2026, 3, 2)  # the day the apps of tests/tui live on (conftest.TODAY)


@pytest.fixture(scope="module")
def bundled() -> Library:
    """The real step library: today's plan is made from the bundled routines."""
    return load_default_library((), known_poses=pose_names())


def mark_days_ago(days: int, *marks: tuple[str, int]) -> None:
    at = datetime.combine(TODAY - timedelta(days=days), time(9)).astimezone()
    with HistoryStore.open(paths.history_file()) as store:
        store.mark_spots(marks, at)


def offer_line(app: KnotsessionApp) -> Static:
    return app.screen.query_one("#plan-offer", Static)


async def test_home_offers_todays_plan_and_n_plays_it(
    make_app: MakeApp, bundled: Library, settled: Any
) -> None:
    mark_days_ago(2, ("neck", 4), ("left-rhomboid", 8))
    app = make_app(library=bundled, history_store_factory=open_history_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(app, pilot)
        assert str(offer_line(app).content) == OFFER
        assert offer_line(app).display
        await pilot.press("n")
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.routine.name == "Today's plan: left rhomboid, neck"


async def test_without_marks_nothing_is_offered(
    make_app: MakeApp, bundled: Library, settled: Any
) -> None:
    app = make_app(library=bundled, history_store_factory=open_history_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(app, pilot)
        assert not offer_line(app).display
        await pilot.press("n")
        assert isinstance(app.screen, HomeScreen)


async def test_marks_older_than_two_weeks_offer_nothing(
    make_app: MakeApp, bundled: Library, settled: Any
) -> None:
    mark_days_ago(14, ("neck", 4))
    app = make_app(library=bundled, history_store_factory=open_history_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(app, pilot)
        assert not offer_line(app).display


async def test_a_spot_marked_fine_again_is_left_out(
    make_app: MakeApp, bundled: Library, settled: Any
) -> None:
    mark_days_ago(3, ("neck", 4), ("left-rhomboid", 8))
    mark_days_ago(1, ("neck", 0))
    app = make_app(library=bundled, history_store_factory=open_history_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(app, pilot)
        assert str(offer_line(app).content) == (
            "Today's plan for your left rhomboid: 5 min — press n"
        )


async def test_a_map_just_saved_is_offered_on_home_at_once(
    make_app: MakeApp, bundled: Library, settled: Any
) -> None:
    app = make_app(library=bundled, history_store_factory=open_history_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(app, pilot)
        await pilot.press("k", "4", *["down"] * SPOT_IDS.index("left-rhomboid"), "8", "s")
        assert isinstance(app.screen, HomeScreen)
        await settled(app, pilot)
        assert str(offer_line(app).content) == OFFER


async def test_saving_a_map_reads_the_plan_again_and_not_the_streak(
    make_app: MakeApp, bundled: Library, settled: Any
) -> None:
    app = make_app(library=bundled, history_store_factory=open_history_store)
    messages: list[Message] = []
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        await settled(app, pilot)
        del messages[:]
        # As the map opened after a session says it (no return to home, which reads both).
        assert app.todays_plan is None
        app.post_message(KnotMapScreen.Saved((("neck", 4),)))
        # settled() alone raced on a busy machine: it can look at the workers before the
        # message is handled and the read is started. Bounded by paints, not by time.
        await until(pilot, lambda: app.todays_plan is not None, "today's plan read again")
        await settled(app, pilot)  # and any other read the message started has landed
    read = [type(message) for message in messages if isinstance(message, READS)]
    assert read == [HistoryAccess.PlanRead]


async def test_the_nudge_offers_todays_plan(
    make_app: MakeApp, bundled: Library, settled: Any, clock: FakeClock, toasts: Any
) -> None:
    mark_days_ago(0, ("left-rhomboid", 8), ("neck", 4))
    app = make_app(
        library=bundled,
        history_store_factory=open_history_store,
        settings=Settings(remind_every=HOUR),
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(app, pilot)
        clock.advance(HOUR)
        app.breaks.tick()
        await pilot.pause()
        assert toasts(app)[-1] == (
            "Time to stand up and move — n starts today's plan (5 min): for the knot under"
            " your left shoulder blade and at the back of your neck"
        )
