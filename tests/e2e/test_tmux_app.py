"""The real `knotsession` program in a real terminal (tmux): keys in, screen text out.

Each test gets its own tmux server (-L), its own HOME and XDG folders, and a 3-second
routine that stands in for desk-5, so a whole session takes a few seconds. Waiting here
is for a real process on a real clock: the helpers poll the screen until the text shows.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from system_tools import require_tool

from knotsession.core.history import HistoryStore
from knotsession.tui.words import tip_for

pytestmark = pytest.mark.usefixtures("safety_note_seen")

QUICK = """\
name = "Quick three"
areas = ["feet"]
lead_in = 1

[[steps]]
name = "Toe spread"
kind = "mobility"
duration = 2
instructions = "Spread your toes wide, then relax them."
"""

# SGR colour codes: 38;5;N / 48;5;N (256 colours) and 38;2;R;G;B / 48;2;R;G;B (true colour).
_COLOUR = re.compile(r"\x1b\[[0-9;]*?([34]8);(?:5;(\d+)|2;(\d+);(\d+);(\d+))")


class Terminal:
    """One tmux server running one command."""

    def __init__(self, command: str, size: tuple[int, int], env: dict[str, str]) -> None:
        self.socket = f"ks-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        # A clean environment (a COLUMNS left by the test runner would fix the app's size);
        # after the app ends the shell says how, then waits, so the screen can be read.
        shell = f"env -i {exports} {command}; echo EXIT=$?; sleep 60"
        width, height = size
        self._tmux("new-session", "-d", "-s", "app", "-x", str(width), "-y", str(height), shell)

    def _tmux(self, *arguments: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *arguments],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
        return result.stdout

    def screen(self, colours: bool = False) -> str:
        """The screen as text, trailing spaces and empty lines removed."""
        flags = ["-p", "-e"] if colours else ["-p"]
        text = self._tmux("capture-pane", *flags, "-t", "app")
        return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")

    def lines(self) -> list[str]:
        """The screen's lines without box edges and indentation; empty ones dropped."""
        found = []
        for line in self.screen().splitlines():
            inner = line.strip().strip("│").strip()
            if inner and not set(inner) <= set("╭╮╰╯─"):
                found.append(inner)
        return found

    def wait_for(self, text: str, timeout_s: float = 15.0) -> str:
        """Wait until `text` is on the screen; return the screen."""
        deadline = time.monotonic() + timeout_s
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} did not appear; the screen shows:\n{screen}")
            time.sleep(0.1)

    def press(self, *keys: str) -> None:
        """Type keys one by one, as a person would (Textual moves focus between keys)."""
        for key in keys:
            self._tmux("send-keys", "-t", "app", key)
            time.sleep(0.25)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10)


@pytest.fixture
def routines(tmp_path: Path) -> Path:
    """A folder whose desk-5 is a 3-second routine (1 s to get ready, 2 s of work)."""
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "desk-5.toml").write_text(QUICK, encoding="utf-8")
    return folder


@pytest.fixture
def env(isolated_dirs: Path) -> dict[str, str]:
    """The test's own HOME and XDG folders, and a plain terminal type."""
    return {
        "HOME": os.environ["HOME"],
        "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"],
        "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"],
        "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"],
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PATH": os.environ.get("PATH", ""),
    }


@pytest.fixture
def terminal_factory(routines: Path) -> Iterator:
    require_tool("tmux")
    opened: list[Terminal] = []

    def open_terminal(
        arguments: str, env: dict[str, str], size: tuple[int, int] = (80, 24)
    ) -> Terminal:
        program = f"{shlex.quote(sys.executable)} -m knotsession --routines {routines}"
        terminal = Terminal(f"{program} {arguments}", size, env)
        opened.append(terminal)
        return terminal

    yield open_terminal
    for terminal in opened:
        terminal.close()


def history_rows(env: dict[str, str]) -> list[tuple[str, bool, int]]:
    path = Path(env["XDG_DATA_HOME"]) / "knotsession" / "history.sqlite3"
    with HistoryStore.open(path) as store:
        return [(s.routine_id, s.completed, s.steps_done) for s in store.sessions()]


def test_enter_runs_the_desk_routine_to_completion_and_q_leaves_a_clean_terminal(
    terminal_factory, env: dict[str, str]
) -> None:
    terminal = terminal_factory("", env)
    terminal.wait_for("Start the 5-minute desk routine")
    # (the bundled routines below this are another file's business)
    assert terminal.lines()[:3] == [
        "knotsession",
        "▶  Start the 5-minute desk routine",
        "3 s · 1 step · no equipment",
    ]
    terminal.press("Enter")
    terminal.wait_for("Toe spread")
    terminal.wait_for("1-day streak")
    terminal.wait_for("esc Home")  # the footer fills in after the screen
    tip = tip_for(date.today().toordinal())
    lines = terminal.lines()
    assert lines[:6] == [
        "✓ Well done",
        "Quick three",
        "1 of 1 step · 0:03 spent",
        "1-day streak",
        "How tense do you feel now? 0 relaxed, 10 very tense (optional)",
        "0  1  2  3  4  5  6  7  8  9  10",
    ]
    assert lines[6:8] == [
        "What set it off?  long sitting, stress, a long call (→ completes)",
        "Note              anything to remember about today",
    ]
    buttons = lines.index("Home        Again        History")
    assert " ".join(lines[8:buttons]) == f"Tip: {tip}"  # the tip may wrap
    assert lines[buttons + 1 :] == [
        "esc Home  r Again  h History  w Triggers  n Note  ? Help  t Theme  ▏^p palette"
    ]
    terminal.press("7")
    terminal.press("Escape")
    terminal.wait_for("1-day streak · 1 session this week")
    terminal.press("q")
    # The app left the alternate screen: nothing of it (no ALSA lines, no traceback) remains.
    assert terminal.wait_for("EXIT=") == "EXIT=0"
    assert history_rows(env) == [("desk-5", True, 1)]


def test_start_id_pause_holds_the_clock_and_quit_asks_first(
    terminal_factory, env: dict[str, str]
) -> None:
    terminal = terminal_factory("start desk-5", env)
    terminal.wait_for("Get ready")
    terminal.press("Space")
    terminal.wait_for("Paused · space to go on")
    terminal.wait_for("space Resume")
    clock = terminal.screen().splitlines()[:10]  # heading, step, countdown, step bar
    time.sleep(1.5)  # longer than the whole lead-in: a running clock would have moved on
    assert terminal.screen().splitlines()[:10] == clock
    assert "Get ready" in clock[2]
    terminal.press("q")
    terminal.wait_for("Stop this session?")
    assert "It is kept in your history as not completed." in terminal.screen()
    terminal.press("Escape")  # keep going: still paused, as it was
    terminal.wait_for("Paused · space to go on")
    terminal.press("q", "y")
    terminal.wait_for("Start the 5-minute desk routine")
    terminal.press("q")
    assert terminal.wait_for("EXIT=") == "EXIT=0"
    assert history_rows(env) == [("desk-5", False, 0)]


def test_44x12_shows_the_essentials(terminal_factory, env: dict[str, str]) -> None:
    terminal = terminal_factory("start desk-5", env, size=(44, 12))
    terminal.wait_for("Get ready")
    terminal.press("Space")
    terminal.wait_for("Paused")
    lines = terminal.lines()
    assert lines[0] == "Quick three                    step 1 of 1"
    assert lines[1:3] == ["Get ready", "Toe spread"]
    assert "Next: done" in lines
    assert "Traceback" not in terminal.screen()


def _colours(screen: str) -> set[tuple[int, int, int] | int]:
    found: set[tuple[int, int, int] | int] = set()
    for match in _COLOUR.finditer(screen):
        found.add(int(match[2]) if match[2] else (int(match[3]), int(match[4]), int(match[5])))
    return found


def _grey(colour: tuple[int, int, int] | int) -> bool:
    if isinstance(colour, int):  # 16 and 231 are black and white; 232..255 the grey ramp
        return colour in (0, 7, 8, 15, 16, 231) or colour >= 232
    red, green, blue = colour
    return red == green == blue


def test_no_color_makes_the_screen_grey(terminal_factory, env: dict[str, str]) -> None:
    coloured = terminal_factory("", env)
    plain = terminal_factory("", {**env, "NO_COLOR": "1"})
    for terminal in (coloured, plain):
        terminal.wait_for("Start the 5-minute desk routine")
    assert not all(_grey(c) for c in _colours(coloured.screen(colours=True)))
    colours = _colours(plain.screen(colours=True))
    assert colours and all(_grey(c) for c in colours)
