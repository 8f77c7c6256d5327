"""Faults in a real terminal: resized to 20x6 and back mid-session, and closed (SIGHUP)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from tmux_terminal import history_rows

SIX_SECONDS = """\
name = "Six seconds"
areas = ["neck"]
lead_in = 1

[[steps]]
name = "Slow tilt"
duration = 5
instructions = "Tilt gently."
"""

LONG = """\
name = "Long hold"
areas = ["neck"]
lead_in = 0

[[steps]]
name = "Long hold"
duration = 600
"""


def test_resized_to_20x6_and_back_the_session_carries_on(
    terminal_factory,
    env: dict[str, str],
    routines: Path,
) -> None:
    (routines / "six.toml").write_text(SIX_SECONDS)
    terminal = terminal_factory("start six", env)
    terminal.wait_for("Slow tilt")
    terminal._tmux("resize-window", "-t", "app", "-x", "20", "-y", "6")
    time.sleep(1.0)
    assert "Traceback" not in terminal.screen()
    terminal._tmux("resize-window", "-t", "app", "-x", "80", "-y", "24")
    terminal.wait_for("Well done", timeout_s=20)
    assert "EXIT=" not in terminal.screen()  # still running, at the completion screen
    terminal.press("Escape")
    terminal.wait_for("Start the 5-minute desk routine")
    terminal.press("q")
    assert terminal.wait_for("EXIT=") == "EXIT=0"
    assert history_rows(env) == [("six", True, 1)]


def test_closing_the_terminal_mid_session_keeps_it_as_not_completed(
    terminal_factory,
    env: dict[str, str],
    routines: Path,
) -> None:
    (routines / "long.toml").write_text(LONG)
    terminal = terminal_factory("start long", env)
    terminal.wait_for("Long hold")
    time.sleep(1.5)
    terminal.close()  # kill-server: SIGHUP, as when a window closes; waits for the app's end
    path = Path(env["XDG_DATA_HOME"]) / "knotsession" / "history.sqlite3"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert history_rows(env) == [("long", False, 0)]


def test_closing_the_terminal_under_plain_keeps_the_row_and_reports_no_crash(
    terminal_factory,
    env: dict[str, str],
    routines: Path,
) -> None:
    """The plain runner's lines meet a closed terminal (EIO) before its SIGHUP is handled:
    not a crash (no crash.log), and the row is kept."""
    (routines / "long.toml").write_text(LONG)
    terminal = terminal_factory("start long --plain", env)
    terminal.wait_for("Long hold")
    terminal.close()  # and the process has ended
    assert history_rows(env) == [("long", False, 0)]
    assert not (Path(env["XDG_CACHE_HOME"]) / "knotsession" / "crash.log").exists()
