"""The knot map through Pilot: k from home, spots marked with digits, saved in the history
through the writer, read back on the next visit, and p playing today's plan for them; the
history screen charting each spot, and the routines and steps followed by a drop."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from player_clock import until, workers_done
from textual.widgets import OptionList, Static

from knotsession import paths
from knotsession.core.history import HistoryStore
from knotsession.core.spots import SPOT_IDS
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.backends import open_history_store
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.screens.knot_map import KnotMapScreen

MakeApp = Callable[..., KnotsessionApp]


def prompt(app: KnotsessionApp, spot_id: str) -> str:
    spots = app.screen.query_one("#spots", OptionList)
    return str(spots.get_option(spot_id).prompt)


async def test_marked_spots_are_saved_and_read_back(make_app: MakeApp, settled) -> None:
    app = make_app(history_store_factory=open_history_store)
    async with app.run_test(size=(100, 32)) as pilot:
        await settled(app, pilot)
        await pilot.press("k")
        assert isinstance(app.screen, KnotMapScreen)
        await pilot.press(*["down"] * SPOT_IDS.index("left-rhomboid"), "7")
        assert prompt(app, "left-rhomboid").split()[-2:] == ["7", "▅"]
        figure = str(app.screen.query_one("#figure", Static).content)
        assert figure.endswith(
            "from the back: left rhomboid\nthe knot under your left shoulder blade"
        )
        await pilot.press("home", "4", "plus", "s")
        assert isinstance(app.screen, HomeScreen)
        assert app.history is not None and app.history.flush(timeout=30)
        await pilot.press("k")
        await workers_done(pilot)
        assert prompt(app, "neck").split()[-2:] == ["5", "▄"]
        assert prompt(app, "left-rhomboid").split()[-2:] == ["7", "▅"]
    with HistoryStore.open(paths.history_file()) as store:
        assert [(m.spot, m.intensity) for m in store.spot_marks()] == [
            ("neck", 5),
            ("left-rhomboid", 7),
        ]


async def test_v_turns_the_body_and_zero_clears_a_spot(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("k", "down", "3")
        assert prompt(app, "jaw").split()[-2:] == ["3", "▃"]
        assert "from the front: jaw" in str(app.screen.query_one("#figure", Static).content)
        await pilot.press("v")
        assert "from the back: jaw" in str(app.screen.query_one("#figure", Static).content)
        await pilot.press("0")
        assert prompt(app, "jaw").split()[-1] == "-"


async def test_p_plays_todays_plan_for_the_marked_spots(make_app: MakeApp, toasts) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("k", "p")
        assert toasts(app) == ["Mark a spot first: move to it and press 1 to 9."]
        await pilot.press("6", "p")
        await pilot.pause()
        assert not isinstance(app.screen, KnotMapScreen)
        assert app.screen.__class__.__name__ in ("PlayerScreen", "TensionAsk")


async def test_the_history_screen_charts_each_spot(make_app: MakeApp, tmp_path) -> None:
    from datetime import UTC, date, datetime

    from knotsession.core.records import SessionRecord
    from knotsession.tui.screens.history import HistoryScreen

    path = tmp_path / "history.sqlite3"
    with HistoryStore.open(path) as store:
        for day, before, after in ((16, 8, 6), (18, 7, 5), (24, 5, 3)):
            start = datetime(2026, 3, day, 10, tzinfo=UTC)
            store.mark_spots([("left-rhomboid", before)], start.replace(hour=9))
            store.import_rows(
                [SessionRecord(0, "desk-5", "Desk reset", ("neck",), start, 300.0, True, 5, 5)]
            )
            store.mark_spots([("left-rhomboid", after)], start.replace(hour=11))
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = HistoryScreen(store_path=path, today=date(2026, 3, 28))
        await app.push_screen(screen)
        await workers_done(pilot)  # the figures, then the spots they start
        spots = str(screen.query_one("#spots", Static).content).splitlines()
    assert spots == [
        "Your spots, last 8 weeks (k on home marks them)",
        f"{'left rhomboid':<28} {' ' * 6}▅▃  now 3",
        "Followed by a drop (before -> after):",
        "  Desk reset for left rhomboid: 6.7 -> 4.7 (3 sessions)",
        # desk-5's steps, as the app's library has them now.
        "Steps followed by a drop (before -> after):",
        "  Neck tilt and Shoulder rolls, left rhomboid: 6.7 -> 4.7 (3 sessions)",
    ]


def highlighted_id(app: KnotsessionApp) -> str | None:
    spots = app.screen.query_one("#spots", OptionList)
    assert spots.highlighted is not None
    return spots.get_option_at_index(spots.highlighted).id


# The figure's padding is 1 row and 2 columns: a click at (column + 2, row + 1) lands on the
# figure's cell (row, column).
PAD_X, PAD_Y = 2, 1


async def test_a_click_on_the_body_picks_the_nearest_spot(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("k")
        assert app.screen.view == "back"
        # Seen from the back, the person's left is on the screen's left.
        for row, column, expected in (
            (4, 9, "left-rhomboid"),
            (4, 11, "between-shoulder-blades"),
            (4, 14, "right-rhomboid"),
            (3, 9, "left-upper-trapezius"),
            (9, 13, "right-calf"),
            (6, 11, "lower-back"),
        ):
            await pilot.click("#figure", offset=(column + PAD_X, row + PAD_Y))
            assert highlighted_id(app) == expected, (row, column)
        figure = str(app.screen.query_one("#figure", Static).content)
        assert figure.endswith("from the back: lower back\nthe knot in your lower back")
        await pilot.press("7")
        assert prompt(app, "lower-back").split()[-2:] == ["7", "▅"]


async def test_a_click_on_the_front_picks_a_spot_seen_from_the_front(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("k", "v")
        # From the front, the person's left is on the screen's right.
        await pilot.click("#figure", offset=(15 + PAD_X, 7 + PAD_Y))
        assert highlighted_id(app) == "left-forearm"
        await pilot.click("#figure", offset=(11 + PAD_X, 1 + PAD_Y))
        assert highlighted_id(app) == "jaw"


async def test_a_click_in_the_air_beside_the_body_changes_nothing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("k", "down", "down")
        before = highlighted_id(app)
        await pilot.click("#figure", offset=(0 + PAD_X, 12 + PAD_Y))
        assert highlighted_id(app) == before


async def test_the_body_seen_from_the_back_has_no_face(make_app: MakeApp) -> None:
    from knotsession.figures.render import render_pose
    from knotsession.tui.screens.knot_map import FIGURE_HEIGHT, FIGURE_WIDTH

    def figure_rows() -> list[str]:
        return str(app.screen.query_one("#figure", Static).content).split("\n")[:FIGURE_HEIGHT]

    def drawn(from_behind: bool) -> list[str]:
        figure = render_pose(
            "standing",
            mirrored=True,  # seen from the back (mirrored_for)
            spot="neck",
            width=FIGURE_WIDTH,
            height=FIGURE_HEIGHT,
            from_behind=from_behind,
        )
        return list(figure.rows)

    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("k")  # the map opens from the back, on the neck
        back = figure_rows()
    assert drawn(True) != drawn(False)  # the face's mark is drawn or not
    assert back == drawn(True)


async def test_the_map_opened_before_homes_first_read_still_shows_the_last_one(
    make_app: MakeApp, settled
) -> None:
    """k pressed at once, before home's first read has found the history file: the map as
    last saved is read once that read comes back (the streak's read is held here until the
    map is open)."""
    from datetime import datetime

    from knotsession.tui.history_access import HistoryAccess

    paths.history_file().parent.mkdir(parents=True, exist_ok=True)
    with HistoryStore.open(paths.history_file()) as store:
        store.mark_spots([("left-rhomboid", 6)], datetime.now().astimezone())
    held: list[tuple[HistoryAccess, int]] = []
    hold = pytest.MonkeyPatch()  # undone alone: the temporary HOME and XDG folders stay
    hold.setattr(HistoryAccess, "read_streak", lambda access, goal: held.append((access, goal)))
    app = make_app(history_store_factory=open_history_store)
    async with app.run_test(size=(100, 32)) as pilot:
        await settled(app, pilot)
        await pilot.press("k")
        assert isinstance(app.screen, KnotMapScreen)
        assert app.screen.intensities == {}  # the file is not found yet
        hold.undo()
        access, goal = held[0]
        access.read_streak(goal)
        await settled(app, pilot)
        await until(pilot, lambda: app.screen.intensities != {}, "the last map's read")
        assert app.screen.intensities == {"left-rhomboid": 6}
        assert prompt(app, "left-rhomboid").split()[-2:] == ["6", "▅"]
