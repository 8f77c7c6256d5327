"""The knot map in the real program (tmux): two spots marked in a few keys, saved, then
today's plan for them playing, and the marks in the history file for `knotsession spots`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("safety_note_seen")


def test_mark_two_spots_and_play_todays_plan(terminal_factory, env: dict[str, str]) -> None:
    terminal = terminal_factory("--mute", env, size=(100, 32))
    terminal.wait_for("Start the 5-minute desk routine")
    terminal.press("k")
    terminal.wait_for("left rhomboid")
    terminal.press(*["Down"] * 7, "7", "Home", "4")
    screen = terminal.wait_for("left rhomboid                 7")
    assert "neck                          4" in screen
    assert "from the back: neck" in screen
    terminal.press("p")
    terminal.wait_for("Today's plan: left rhomboid, neck")
    screen = terminal.wait_for("To warm up")  # the step's instructions, once painted
    assert "To warm up before the work on your spots." in " ".join(screen.split())
    assert "Seated cat-cow" in screen  # the warm-up for a seated plan, with no equipment
    terminal.press("q")
    spots = subprocess.run(
        [sys.executable, "-m", "knotsession", "spots", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    marked = {s["id"]: s["intensity"] for s in json.loads(spots.stdout)["spots"] if s["intensity"]}
    assert marked == {"neck": 4, "left-rhomboid": 7}


def knotsession(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "knotsession", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def write_a_week(folder: Path) -> tuple[Path, Path]:
    """A week of desk-5 sessions, the left rhomboid and neck marked before and after each."""
    from datetime import datetime, timedelta

    now = datetime.now().astimezone().replace(microsecond=0)
    sessions = [
        "started_at,routine_id,duration_s,completed,areas,routine_name,tension_before,tension_after"
    ]
    marks = ["marked_at,spot,intensity"]
    for days in range(7, 0, -1):
        start = (now - timedelta(days=days)).replace(hour=10, minute=0, second=0)
        before, after = start - timedelta(minutes=5), start + timedelta(minutes=10)
        sessions.append(f"{start.isoformat()},desk-5,300,true,neck,5-minute desk routine,6,4")
        marks += [f"{before.isoformat()},left-rhomboid,8", f"{before.isoformat()},neck,5"]
        marks += [f"{after.isoformat()},left-rhomboid,5", f"{after.isoformat()},neck,3"]
    (folder / "sessions.csv").write_text("\n".join(sessions) + "\n")
    (folder / "marks.csv").write_text("\n".join(marks) + "\n")
    return folder / "sessions.csv", folder / "marks.csv"


def test_a_week_imported_shows_on_history_and_home_offers_the_plan(
    terminal_factory, env: dict[str, str], tmp_path: Path
) -> None:
    sessions, marks = write_a_week(tmp_path)
    assert knotsession(env, "history", "import", str(sessions)).startswith("Imported 7 sessions")
    assert knotsession(env, "spots", "--import", str(marks)).startswith("Imported 28 marked spots")
    terminal = terminal_factory("--mute", env, size=(100, 40))
    screen = terminal.wait_for("Today's plan for your left rhomboid and neck: 5 min — press n")
    terminal.press("h")
    screen = terminal.wait_for("Steps followed by a drop")
    assert "Your spots, last 8 weeks" in screen
    assert "5-minute desk routine for left rhomboid: 8.0 -> 5.0 (7 sessions)" in screen
    # The steps of desk-5 as the test folders have it (tests/e2e/conftest.py).
    assert "Toe spread, left rhomboid: 8.0 -> 5.0 (7 sessions)" in screen
    terminal.press("Escape")
    terminal.wait_for("press n")
    terminal.press("n")
    terminal.wait_for("Today's plan: left rhomboid, neck")
    terminal.press("q")
