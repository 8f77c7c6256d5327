"""The knot map in the real program (tmux): two spots marked in a few keys, saved, then
today's plan for them playing, and the marks in the history file for `knotsession spots`."""

from __future__ import annotations

import json
import subprocess
import sys

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
