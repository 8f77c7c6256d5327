"""The history screen is complete on its first open, while another process writes sessions.

Ten times: the app starts on a history of a month of rated, tagged sessions and the history
screen opens at once (h before anything settled), while a real process adds a session at a
time. Every part must be filled on that first open, and its figures must come from one
moment of the file: every session in it is rated and tagged, so the sessions counted by day,
by tension change and by trigger are the same number (figures read at different moments
disagree when a session lands between two reads).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from player_clock import workers_done
from textual.widgets import DataTable, Static

from knotsession import paths
from knotsession.core.history import HistoryStore
from knotsession.core.records import SessionRecord
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.backends import open_history_store
from knotsession.tui.screens.history import HistoryScreen
from knotsession.tui.widgets.area_bars import AreaBars

MakeApp = Callable[..., KnotsessionApp]

TODAY = date(2026, 3, 2)
OPENS = 10
AREAS = (("neck", "shoulders"), ("hips", "glutes"), ("jaw",), ("upper-back",), ("feet",))

# Adds one rated, tagged session at a time (each its own commit) until its stdin closes.
WRITER = textwrap.dedent(
    """
    import sys, threading, time
    from datetime import datetime, timedelta, timezone
    from knotsession.core.history import HistoryStore
    from knotsession.core.records import SessionRecord

    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    store = HistoryStore.open()
    start = datetime(2026, 2, 3, 6, tzinfo=timezone.utc)
    number = 0
    while not stop.is_set():
        at = start + timedelta(minutes=number)
        store.import_rows([SessionRecord(
            0, "writer", "Written meanwhile", ("feet",), at, 120.0, True, 2, 2, 6, 4,
            None, ("meanwhile",),
        )])
        number += 1
        time.sleep(0.01)  # a busy writer, not one that takes a whole core
        if number == 1:
            print("writing", flush=True)
    store.close()
    print(number, flush=True)
    """
)


def month_of_sessions() -> list[SessionRecord]:
    """A session a day for 28 days up to TODAY, each rated before and after and tagged."""
    records = []
    for days_ago in range(28):
        areas = AREAS[days_ago % len(AREAS)]
        records.append(
            SessionRecord(
                0,
                f"routine-{days_ago % 3}",
                f"Routine {days_ago % 3}",
                areas,
                datetime(2026, 3, 2, 8, tzinfo=UTC) - timedelta(days=days_ago),
                300.0,
                True,
                3,
                3,
                7,
                4 + days_ago % 3,
                None,
                ("long call",) if days_ago % 2 else ("sofa",),
            )
        )
    return records


async def first_open(make_app: MakeApp) -> tuple[HistoryScreen, dict[str, object]]:
    """Start the app and open its history at once; what the first open showed."""
    app = make_app(history_store_factory=open_history_store, today=lambda: TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("h")  # nothing has settled yet
        await workers_done(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#recent", DataTable)
        return screen, {
            "summary": str(screen.query_one("#summary", Static).render()).splitlines(),
            "bars": screen.query_one(AreaBars).render().plain.splitlines(),
            "insights": str(screen.query_one("#insights", Static).render()).splitlines(),
            "rows": table.row_count,
        }


async def test_the_history_screen_is_complete_on_its_first_open_ten_times(
    make_app: MakeApp,
) -> None:
    with HistoryStore.open(paths.history_file()) as store:
        store.import_rows(month_of_sessions())
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert writer.stdin is not None and writer.stdout is not None
    try:
        assert writer.stdout.readline() == "writing\n"
        for _ in range(OPENS):
            screen, shown = await first_open(make_app)
            overview = screen.overview
            assert overview is not None, shown["summary"]
            summary = shown["summary"]
            assert summary[0].startswith("Streak 28 days") and summary[1].startswith("This week:")
            # Last 30 days: every area of the month, a line each, under the title.
            areas = sorted(line.split()[0] for line in shown["bars"][1:])
            assert shown["bars"][0] == "Last 30 days" and areas == sorted(
                {area for group in AREAS for area in group}
            )
            insights = shown["insights"]
            assert insights[0].startswith("Tension change (after − before)")
            assert "Triggers (tension with / without)" in insights[0]
            assert len(insights) >= 4 and all("(" in line for line in insights[1:4])
            assert any("long call" in line for line in insights)
            assert any("sofa" in line for line in insights)
            # One moment of the file: every session there is rated and tagged once.
            sessions = sum(day.sessions for day in overview.days)
            assert shown["rows"] == len(overview.recent) == min(sessions, 50)
            assert sum(change.sessions for change in overview.tension_changes) == sessions
            assert sum(count for _, count in overview.common_tags) == sessions
    finally:
        writer.stdin.close()
        writer.wait(timeout=60)
    assert writer.returncode == 0
    assert int(writer.stdout.read()) > 0
