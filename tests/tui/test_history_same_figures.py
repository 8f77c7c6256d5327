"""The history screen and `knotsession history` tell the same figures about the same file.

A history of counted, stopped, run-through-but-uncounted and imported sessions across days
(some in other time zones, one under a minute) is written the way the app and `history
import` write it. The app opens its history screen (Pilot); `knotsession history --json` and
`knotsession history` run as real processes on the same file, on the same day (faketime).
Streaks (the home screen's too), week and all-time totals, minutes per area, the calendar,
tension changes, triggers and the recent sessions must agree, figure by figure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from player_clock import workers_done
from system_tools import require_tool
from textual.widgets import DataTable, Static

from knotsession import paths
from knotsession.core.history import HistoryStore
from knotsession.core.history_writer import HistoryWriter
from knotsession.core.routine import Routine, Step
from knotsession.core.wording import minutes_label, sessions_and_minutes
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.backends import open_history_store
from knotsession.tui.screens.history import HistoryScreen
from knotsession.tui.streak import StreakLine
from knotsession.tui.widgets.area_bars import AreaBars
from knotsession.tui.widgets.heatmap import Heatmap, level

MakeApp = Callable[..., KnotsessionApp]

TODAY = date(2026, 3, 5)  # a Thursday: this week is Monday 2 to today
BERLIN = timezone(timedelta(hours=1))
NEW_YORK = timezone(timedelta(hours=-5))

DESK = Routine(
    id="desk-5",
    name="Desk reset",
    areas=("neck", "shoulders"),
    steps=(Step("Tilt", 60), Step("Rolls", 60), Step("Chin tucks", 60), Step("Reach", 60)),
)
JAW = Routine(id="jaw-ease", name="Jaw ease", areas=("jaw",), steps=(Step("Open", 30),))
HIPS = Routine(
    id="hip-ball", name="Hip ball release", areas=("hips", "glutes"), steps=(Step("Ball", 300),)
)


def app_writes(path: Path) -> None:
    """Sessions written through the history writer, as the app and --plain write them:
    (routine, start, seconds, steps done, ran to its end, tension before, after, tags)."""
    sessions = [
        # A streak of four days up to today, one day in New York.
        (DESK, datetime(2026, 3, 2, 9, 5, tzinfo=BERLIN), 247.4, 4, True, 6, 3, ["long call"]),
        (HIPS, datetime(2026, 3, 3, 18, 40, tzinfo=NEW_YORK), 312.0, 1, True, 7, 5, ["sofa"]),
        (DESK, datetime(2026, 3, 4, 8, 0, tzinfo=BERLIN), 251.0, 4, True, 5, 4, []),
        (JAW, datetime(2026, 3, 4, 21, 15, tzinfo=BERLIN), 31.0, 1, True, None, None, []),
        (DESK, datetime(2026, 3, 5, 7, 30, tzinfo=BERLIN), 244.6, 4, True, 8, 4, ["long call"]),
        # Stopped today after one step: listed, counted nowhere.
        (DESK, datetime(2026, 3, 5, 12, 0, tzinfo=BERLIN), 61.0, 1, False, 6, None, ["stress"]),
        # Ran to its end but skipped through (1 of 4 steps): does not count, so 1 March is
        # no streak day and 28 February's heat-map cell stays empty.
        (DESK, datetime(2026, 2, 28, 10, 0, tzinfo=BERLIN), 70.0, 1, False, 5, 5, ["stress"]),
        (DESK, datetime(2026, 2, 27, 10, 0, tzinfo=BERLIN), 250.0, 4, True, 6, 4, ["stress"]),
    ]
    writer = HistoryWriter(lambda: HistoryStore.open(path))
    for routine, start, seconds, done, ended, before, after, tags in sessions:
        ticket, begun = writer.begin(routine, start, len(routine.steps), before)
        begun.result()
        writer.progress(
            ticket,
            duration_s=seconds,
            steps_done=done,
            completed=ended and done * 2 >= len(routine.steps),
        ).result()
        if after is not None:
            writer.set_tension_after(ticket, after).result()
        if tags:
            writer.set_tags(ticket, tags).result()
    assert writer.close()


IMPORTED = """\
started_at,routine_id,duration_s,completed,areas,routine_name,steps_done,steps_total,tension_before,tension_after,note,tags
2026-02-10T07:00:00+00:00,upper-back-roll,600,true,upper-back,Upper back roll,3,3,7,4,,stress
2026-02-11T07:00:00+00:00,upper-back-roll,540,true,upper-back,Upper back roll,3,3,6,3,,
2026-02-12T07:00:00+00:00,upper-back-roll,120,false,upper-back,Upper back roll,1,3,,,,
2026-02-20T23:30:00-05:00,imported-neck,305,true,neck,Neck from elsewhere,2,2,,,,long call
2026-02-25T12:00:00+00:00,imported-neck,290,true,neck,Neck from elsewhere,2,2,5,5,,
"""


def knotsession(*arguments: str) -> str:
    """`knotsession ARGUMENTS` as a real process on TODAY at noon (UTC); its stdout."""
    faketime = require_tool("faketime")
    result = subprocess.run(
        [
            faketime,
            f"{TODAY.isoformat()} 12:00:00",
            sys.executable,
            "-m",
            "knotsession",
            *arguments,
        ],
        env={**os.environ, "TZ": "UTC", "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, ""), result
    return result.stdout


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """The person's history file, written by the writer and by a real `history import`."""
    path = paths.history_file()
    app_writes(path)
    csv_file = tmp_path / "elsewhere.csv"
    csv_file.write_text(IMPORTED, encoding="utf-8")
    assert knotsession("history", "import", str(csv_file)).startswith("Imported 5 sessions")
    return path


async def history_screen(make_app: MakeApp, settled, grab) -> None:
    """Open the history screen from home as a person would (h), once its figures are in."""
    app = make_app(history_store_factory=open_history_store, today=lambda: TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(app, pilot)
        grab(app)  # the home screen's streak line, from the per-day totals
        await pilot.press("h")
        await workers_done(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen) and screen.overview is not None
        grab(screen)


async def test_the_history_screen_and_the_command_line_tell_the_same_figures(
    history: Path, make_app: MakeApp, settled
) -> None:
    seen: dict[str, object] = {}

    def grab(screen: HistoryScreen | KnotsessionApp) -> None:
        if isinstance(screen, KnotsessionApp):
            seen["home"] = screen.streak
            return
        seen["summary"] = str(screen.query_one("#summary", Static).render()).splitlines()
        seen["bars"] = screen.query_one(AreaBars).minutes
        seen["bar lines"] = screen.query_one(AreaBars).render().plain.splitlines()[1:]
        seen["heat map"] = dict(screen.query_one(Heatmap).minutes_by_day)
        seen["insights"] = str(screen.query_one("#insights", Static).render())
        table = screen.query_one("#recent", DataTable)
        seen["table"] = [
            [str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)
        ]

    await history_screen(make_app, settled, grab)
    figures = json.loads(knotsession("history", "--json"))
    text = knotsession("history").splitlines()

    # Streak and totals: the JSON's numbers, in the app's words and the command's.
    streak, week, total = figures["streak"], figures["this_week"], figures["total"]
    assert (streak["current"], streak["longest"]) == (4, 4)
    assert seen["summary"] == [
        f"Streak {streak['current']} days · longest {streak['longest']} days",
        f"This week: {sessions_and_minutes(week['sessions'], week['minutes'])}"
        f" · All time: {sessions_and_minutes(total['sessions'], total['minutes'])}",
    ]
    assert text[:3] == [
        f"Streak: {streak['current']} days (longest {streak['longest']})",
        f"This week: {sessions_and_minutes(week['sessions'], week['minutes'])}",
        f"All time: {sessions_and_minutes(total['sessions'], total['minutes'])}",
    ]
    assert seen["home"] == StreakLine(
        streak["current"], week["sessions"], total["sessions"], today_completed=1
    )
    counted = [s for s in figures["sessions"] if s["completed"]]
    assert total["sessions"] == len(counted) == 10
    assert total["minutes"] == round(sum(s["duration_s"] for s in counted) / 60, 1)

    # Minutes per area over the last 30 days: the same areas, order and minutes.
    by_area = figures["minutes_by_area_30d"]
    assert [(area, round(m, 1)) for area, m in seen["bars"]] == list(by_area.items())
    assert [line.split()[0] for line in seen["bar lines"]] == list(by_area)[:7]
    assert [line.split()[-1] for line in seen["bar lines"]] == [
        minutes_label(m, short=True) for m in by_area.values()
    ][:7]
    assert text[3] == "Last 30 days by area: " + ", ".join(
        f"{area} {minutes_label(m)}" for area, m in list(by_area.items())[:7]
    )
    assert text[3].endswith(", jaw <1 min")  # half a minute is not "0 min"
    assert seen["bar lines"][-1].split()[-1] == "<1m"

    # The calendar colours exactly the days with a session that counts.
    counted_minutes: dict[date, float] = {}
    for session in counted:
        day = datetime.fromisoformat(session["started_at"]).date()
        counted_minutes[day] = counted_minutes.get(day, 0.0) + session["duration_s"] / 60
    coloured = {day: level(m) for day, m in seen["heat map"].items() if level(m)}
    assert coloured == {day: level(m) for day, m in counted_minutes.items()}
    assert date(2026, 2, 28) not in coloured  # its only session did not count

    # Tension change per routine and triggers: the same routines, averages and counts.
    insights = seen["insights"].splitlines()
    changes = figures["tension_change_by_routine"]
    for change, line in zip(changes[:3], insights[1:4], strict=True):
        assert line.startswith(change["routine_name"])
        assert f"{change['average_change']:+.1f} ({change['sessions']})" in line
    for change in changes[:5]:
        assert f"{change['routine_id']} {change['average_change']:+.1f}" in text[4]
    triggers = figures["triggers"]
    for entry, line in zip(triggers, insights[1:], strict=False):
        with_it, without = entry["average_tension_with"], entry["average_tension_without"]
        shown_with = "–" if with_it is None else f"{with_it:.1f}"
        shown_without = "–" if without is None else f"{without:.1f}"
        assert line.split()[-4:] == [f"{entry['sessions']}×", shown_with, "/", shown_without]
    trigger_lines = [line.strip() for line in text if line.startswith("  ") and ": " in line]
    assert [line.split(":")[0] for line in trigger_lines] == [t["tag"] for t in triggers]

    # The recent sessions: the same, newest first, with the same time, state and ratings.
    newest = sorted(
        figures["sessions"], key=lambda s: datetime.fromisoformat(s["started_at"]), reverse=True
    )
    recent = text[text.index("Recent sessions:") + 1 :]
    assert len(seen["table"]) == len(figures["sessions"]) == 13
    for session, row, line in zip(newest, seen["table"], recent, strict=False):
        when = datetime.fromisoformat(session["started_at"]).strftime("%Y-%m-%d %H:%M")
        assert row[0] == when and line.split()[:3] == [*when.split(), session["routine_id"]]
        assert row[2] == line.split()[3]  # time spent
        counts = (
            "✓" if session["completed"] else f"{session['steps_done']}/{session['steps_total']}"
        )
        assert row[3] == counts
        state = "completed" if session["completed"] else f"not counted {counts}"
        assert f"  {state}" in line
