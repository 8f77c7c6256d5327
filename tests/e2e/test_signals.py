"""A signal to the full-screen app mid-session: the terminal is given back (alternate
screen left, mouse reporting off, echo on) and the session is kept with the time spent."""

from __future__ import annotations

import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from system_tools import require_tool
from tmux_terminal import Terminal

from knotsession.core.history import HistoryStore

LONG = """\
name = "Long one"
areas = ["feet"]
lead_in = 1

[[steps]]
name = "Toe spread"
kind = "mobility"
duration = 60
instructions = "Spread your toes wide, then relax them."
"""


def app_pid(terminal: Terminal) -> int:
    """The knotsession process under the pane's shell."""
    shell = terminal._tmux("display", "-p", "-t", "app", "#{pane_pid}").strip()
    found = subprocess.run(
        ["pgrep", "-P", shell, "-f", "knotsession"], capture_output=True, text=True, check=True
    )
    return int(found.stdout.split()[0])


@pytest.mark.parametrize(
    ("signum", "code"),
    [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)],
)
def test_a_signal_mid_session_restores_the_terminal_and_keeps_the_time_spent(
    env: dict[str, str],
    tmp_path: Path,
    signum: int,
    code: int,
) -> None:
    require_tool("tmux")
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "long-one.toml").write_text(LONG)
    program = f"{shlex.quote(sys.executable)} -m knotsession --routines {folder} start long-one"
    # After the app: whether the terminal echoes again, for the screen to show.
    check = "stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo; echo CHECKED"
    terminal = Terminal(f"{program}; echo EXIT=$?; {check}; sleep 60 #", (80, 24), env)
    try:
        terminal.wait_for("Toe spread")
        started = time.monotonic()
        time.sleep(3)
        pid = app_pid(terminal)
        subprocess.run(["kill", f"-{signum}", str(pid)], check=True)
        spent = time.monotonic() - started
        # Wait for the line after the check, not for EXIT= (stty may not have printed yet).
        screen = terminal.wait_for("CHECKED")
        lines = [line for line in screen.splitlines() if line.strip()]
        assert lines[-3:] == [f"EXIT={code}", "echo", "CHECKED"]
        state = terminal._tmux("display", "-p", "-t", "app", "#{alternate_on} #{mouse_any_flag}")
        assert state.split() == ["0", "0"]
    finally:
        terminal.close()
    path = Path(env["XDG_DATA_HOME"]) / "knotsession" / "history.sqlite3"
    with HistoryStore.open(path) as store:
        (record,) = store.sessions()
    assert record.completed is False
    # The clock ran from "Toe spread" showing to the signal (plus the 1 s lead-in before).
    assert 2.0 <= record.duration_s <= spent + 2.0
