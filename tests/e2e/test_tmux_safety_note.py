"""The first-run safety note in a real terminal: shown once, remembered, the guide one key away."""

from __future__ import annotations

import os
from pathlib import Path


def test_the_safety_note_comes_once_and_leads_to_the_guide(
    terminal_factory,
    env: dict[str, str],
) -> None:
    marker = Path(os.environ["XDG_DATA_HOME"]) / "knotsession" / "safety-note-seen"
    marker.unlink()  # a first run: the other end-to-end tests start with the note seen
    first = terminal_factory("", env, size=(100, 30))
    first.wait_for("Stretch and massage safely")
    first.wait_for("enter: got it")
    assert "osteoporosis" in first.screen()
    first.press("i")
    first.wait_for("What a knot is")  # a topic in the guide's list
    assert marker.exists()
    first.close()
    again = terminal_factory("", env, size=(100, 30))
    again.wait_for("Start the 5-minute desk routine")
    assert "enter: got it" not in again.screen()
