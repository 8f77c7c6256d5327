"""The history screen on a real SQLite file: figures, calendar, bars, table, keys, snapshot."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from player_clock import workers_done
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from knotsession.core import stats
from knotsession.core.history import HistoryStore, SessionRecord
from knotsession.tui.screens.history import HistoryScreen, streak_line
from knotsession.tui.themes import THEMES
from knotsession.tui.widgets.area_bars import AreaBars, bar
from knotsession.tui.widgets.heatmap import Heatmap, first_monday, level

TODAY = date(2026, 3, 11)  # a Wednesday
BERLIN_WINTER = timezone(timedelta(hours=1))


class HistoryApp(App[None]):
    """Just the history screen, over an empty base screen, in the app's dark theme."""

    def __init__(self, store_path: Path, today: date = TODAY) -> None:
        super().__init__()
        self.store_path = store_path
        self.today = today

    def on_mount(self) -> None:
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = THEMES["dark"].name
        self.push_screen(HistoryScreen(store_path=self.store_path, today=self.today))


def session(started_at: datetime, **fields: object) -> SessionRecord:
    values: dict[str, object] = {
        "id": 0,
        "routine_id": "desk-5",
        "routine_name": "Desk reset",
        "areas": ("neck", "shoulders"),
        "started_at": started_at,
        "duration_s": 300.0,
        "completed": True,
        "steps_done": 4,
        "steps_total": 4,
    }
    values.update(fields)
    return SessionRecord(**values)  # type: ignore[arg-type]


def seed(path: Path, records: list[SessionRecord]) -> Path:
    with HistoryStore.open(path) as store:
        store.import_rows(records)
    return path


def half_year(rng: random.Random) -> list[SessionRecord]:
    """About 26 weeks of sessions, some days skipped, ending today."""
    routines = [
        ("desk-5", "Desk reset", ("neck", "shoulders")),
        ("hip-ball", "Hip ball release", ("hips", "glutes")),
        ("jaw-ease", "Jaw ease", ("jaw",)),
        ("upper-back-roll", "Upper back roll", ("upper-back",)),
    ]
    records = []
    for days_ago in range(182, -1, -1):
        if rng.random() < 0.35:
            continue
        day = TODAY - timedelta(days=days_ago)
        for number in range(rng.choice((1, 1, 1, 2, 3))):
            routine_id, name, areas = rng.choice(routines)
            before = rng.randint(4, 8) if rng.random() < 0.5 else None
            records.append(
                session(
                    datetime(
                        day.year, day.month, day.day, 8 + 5 * number, 15, tzinfo=BERLIN_WINTER
                    ),
                    routine_id=routine_id,
                    routine_name=name,
                    areas=areas,
                    duration_s=float(rng.choice((90, 240, 300, 600, 1200, 2400))),
                    completed=rng.random() < 0.85,
                    tension_before=before,
                    tension_after=None if before is None else before - rng.randint(0, 3),
                    tags=tuple(
                        rng.sample(("long call", "laptop on sofa", "driving"), rng.randint(0, 1))
                    ),
                )
            )
    return records


async def opened(app: HistoryApp, pilot: Pilot) -> HistoryScreen:
    await workers_done(pilot)  # the figures, then the spots they start
    screen = app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


def text_of(screen: HistoryScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


# --- the widgets --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(0, 0), (0.5, 1), (4.99, 1), (5, 2), (14.9, 2), (15, 3), (29.9, 3), (30, 4), (300, 4)],
)
def test_heatmap_level_by_minutes(minutes: float, expected: int) -> None:
    assert level(minutes) == expected


def test_heatmap_ends_with_the_week_of_today() -> None:
    assert first_monday(TODAY, 26) == date(2025, 9, 15)
    assert first_monday(TODAY, 26) + timedelta(weeks=25) == date(2026, 3, 9)


def test_bar_is_drawn_in_eighths() -> None:
    assert bar(1.0, 4) == "████"
    assert bar(0.5, 3) == "█▌"
    assert bar(0.0, 4) == ""


async def test_heatmap_draws_a_cell_per_day_up_to_today() -> None:
    class One(App[None]):
        def compose(self):
            yield Heatmap(4, title="Weeks", id="map")

    app = One()
    async with app.run_test(size=(40, 12)) as pilot:
        heatmap = app.query_one(Heatmap)
        heatmap.end = TODAY
        heatmap.minutes_by_day = {TODAY: 12.0, date(2026, 2, 16): 1.0}
        await pilot.pause()
        lines = [heatmap.render_line(y) for y in range(9)]
        assert [line.text.rstrip() for line in lines] == [
            "Weeks less ■ ■ ■ ■ ■ more",
            "    Feb Mar",
            "Mon ■ ■ ■ ■",
            "    ■ ■ ■ ■",
            "Wed ■ ■ ■ ■",
            "    ■ ■ ■",
            "Fri ■ ■ ■",
            "    ■ ■ ■",
            "    ■ ■ ■",
        ]
        # Each cell in its level's colour: today's 12 minutes at level 2.
        wednesday = list(lines[4])
        # The gaps take the colour of the day before them: a space shows no colour.
        assert [segment.text for segment in wednesday] == ["Wed ", "■ ■ ■ ", "■"]
        level_2 = heatmap.get_component_rich_style("heatmap--level-2")
        dark_0 = wednesday[1].style
        assert [segment.style for segment in wednesday].count(level_2) == 1
        assert wednesday[-1].style == level_2
        assert len(list(lines[1])) == 1  # a run of one colour is one segment
        # New figures are drawn at once: the map keeps no line made from the old ones.
        heatmap.minutes_by_day = {}
        assert heatmap.render_line(4).text.rstrip() == "Wed ■ ■ ■ ■"
        assert level_2 not in [segment.style for segment in heatmap.render_line(4)]
        # And a new theme at once too.
        app.theme = "textual-light"
        await pilot.pause()
        light = heatmap.get_component_rich_style("heatmap--level-0")
        assert light != dark_0 and list(heatmap.render_line(4))[1].style == light


async def test_area_bars_scale_to_the_largest_area() -> None:
    class One(App[None]):
        def compose(self):
            yield AreaBars(id="bars")

    app = One()
    async with app.run_test(size=(30, 6)) as pilot:
        bars = app.query_one(AreaBars)
        bars.minutes = (("neck", 40.0), ("upper-back", 10.0), ("jaw", 0.4))
        await pilot.pause()
        assert bars.render().plain.splitlines() == [
            "neck       ███████████████ 40m",
            "upper-back ███▊            10m",
            "jaw        ▏               <1m",
        ]


def test_a_broken_streak_still_shows_the_longest() -> None:
    days = [stats.DayTotal(date(2026, 3, n), 1, 1, 5.0) for n in (1, 2, 3)]
    assert streak_line(stats.summarize(days, TODAY)) == "No streak right now · longest 3 days"
    assert streak_line(stats.summarize(days, date(2026, 3, 4))) == "Streak 3 days · longest 3 days"
    assert streak_line(stats.summarize(days[:1], date(2026, 3, 1))) == (
        "Streak 1 day · longest 1 day"
    )


def test_the_streak_line_shows_the_daily_goal_when_it_is_more_than_one_a_day() -> None:
    days = [stats.DayTotal(date(2026, 3, 10), 1, 1, 5.0), stats.DayTotal(TODAY, 2, 1, 5.0)]
    overview = stats.summarize(days, TODAY)
    assert streak_line(overview, daily_goal=2) == "Streak 2 days · longest 2 days · 1 of 2 today"
    assert streak_line(overview, daily_goal=1) == "Streak 2 days · longest 2 days"
    assert streak_line(stats.summarize(days[:1], TODAY), daily_goal=3) == (
        "Streak 1 day · longest 1 day · 0 of 3 today"
    )


# --- the screen ---------------------------------------------------------------------------


async def test_screen_shows_streaks_totals_and_recent_sessions(tmp_path: Path) -> None:
    path = seed(
        tmp_path / "history.sqlite3",
        [
            session(
                datetime(2026, 3, 9, 7, 45, tzinfo=BERLIN_WINTER), tension_before=7, tension_after=4
            ),
            session(
                datetime(2026, 3, 10, 22, 10, tzinfo=BERLIN_WINTER),
                duration_s=95.0,
                tags=("long call",),
            ),
            session(
                datetime(2026, 3, 11, 12, 0, tzinfo=BERLIN_WINTER),
                routine_id="hip-ball",
                routine_name="Hip ball release",
                areas=("hips",),
                duration_s=61.0,
                completed=False,
                steps_done=1,
                steps_total=3,
            ),
            session(datetime(2026, 2, 1, 9, 0, tzinfo=BERLIN_WINTER)),
        ],
    )
    app = HistoryApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        assert text_of(screen, "#summary") == (
            "Streak 2 days · longest 2 days\n"
            "This week: 2 sessions, 7 min · All time: 3 sessions, 12 min"
        )
        assert text_of(screen, "#insights") == (
            "Tension change (after − before)             Triggers (tension with / without)\n"
            "Desk reset               -3.0 (1)           long call          1×  – / 4.0"
        )
        assert not screen.query("#notice")
        assert screen.query_one(Heatmap).minutes_by_day == {
            date(2026, 2, 1): 5.0,
            date(2026, 3, 9): 5.0,
            date(2026, 3, 10): 95.0 / 60,
            date(2026, 3, 11): 0.0,  # its only session was stopped: it does not count
        }
        assert screen.query_one(AreaBars).minutes == (
            ("neck", 3.2916666666666665),
            ("shoulders", 3.2916666666666665),
        )  # the stopped hips session counts in no area
        table = screen.query_one("#recent", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]
        assert rows == [
            ["2026-03-11 12:00", "Hip ball release", "1:01", "1/3", "–", "–"],
            ["2026-03-10 22:10", "Desk reset", "1:35", "✓", "–", "–"],
            ["2026-03-09 07:45", "Desk reset", "5:00", "✓", "7", "4"],
            ["2026-02-01 09:00", "Desk reset", "5:00", "✓", "–", "–"],
        ]


async def test_an_empty_history_invites_a_first_session(tmp_path: Path) -> None:
    app = HistoryApp(tmp_path / "history.sqlite3")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        assert text_of(screen, "#summary") == "No sessions yet: your first one starts a streak."
        assert screen.query_one("#recent", DataTable).row_count == 0
        assert str(screen.query_one(AreaBars).render()) == "Last 30 days\nNo sessions yet"
        assert text_of(screen, "#insights") == (
            "Tension change                              Triggers\n"
            "Rate your tension before and                Tag a session with what\n"
            "after to see what helps.                    set the knots off."
        )


async def test_a_damaged_file_is_set_aside_and_the_screen_says_so(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"\x00garbage" * 50)
    app = HistoryApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        (aside,) = tmp_path.glob("history.sqlite3.corrupt-*")
        assert text_of(screen, "#notice") == (
            f"The history file was damaged (file is not a database); it was moved to {aside}"
            " and a new one was started. To go back to it, quit knotsession and rename it"
            " to history.sqlite3."
        )
        assert text_of(screen, "#summary") == "No sessions yet: your first one starts a streak."


async def test_escape_goes_back(tmp_path: Path) -> None:
    app = HistoryApp(tmp_path / "history.sqlite3")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HistoryScreen)


def test_snapshot_of_half_a_year(snap_compare, tmp_path: Path) -> None:
    path = seed(tmp_path / "history.sqlite3", half_year(random.Random(26)))

    async def loaded(pilot: Pilot) -> None:
        await workers_done(pilot)

    assert snap_compare(HistoryApp(path), terminal_size=(80, 24), run_before=loaded)


# Opens the history screen on SEEDED in a fresh process and prints the table and whether
# Rich's emoji names were loaded: they are when a label or cell is read as markup.
FRESH_OPEN = """
import asyncio, sys
from pathlib import Path
from player_clock import workers_done
from test_history_screen import HistoryApp
from textual.widgets import DataTable

async def main() -> None:
    app = HistoryApp(Path(sys.argv[1]))
    async with app.run_test(size=(100, 40)) as pilot:
        await workers_done(pilot)
        table = app.screen.query_one("#recent", DataTable)
        print([str(column.label) for column in table.columns.values()])
        print([[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)])
    print("rich._emoji_codes" in sys.modules)

asyncio.run(main())
"""


def test_nothing_in_the_table_is_read_as_markup(tmp_path: Path) -> None:
    """Labels and cells are shown as they are: a name with brackets and colons stays as
    written, and Rich's emoji names (0.8 MiB) are never loaded, on a fresh first open."""
    import ast
    import os
    import subprocess
    import sys

    name = "[b]Neck[/b] :smile:"
    at = datetime(2026, 3, 10, 9, tzinfo=BERLIN_WINTER)
    path = seed(tmp_path / "history.sqlite3", [session(at, routine_name=name)])
    here = Path(__file__).parent
    result = subprocess.run(
        [sys.executable, "-c", FRESH_OPEN, str(path)],
        capture_output=True, text=True, timeout=120, cwd=here,
        env={**os.environ, "PYTHONPATH": str(here)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    columns, rows, emoji_loaded = map(ast.literal_eval, result.stdout.splitlines()[-3:])
    assert columns == ["Date", "Routine", "Time", "Done", "Before", "After"]
    assert [row[1:] for row in rows] == [[name, "5:00", "✓", "–", "–"]]
    assert emoji_loaded is False
