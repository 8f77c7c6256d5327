"""No terminal, no full screen: with stdin or stdout not a terminal, or TERM=dumb, `start ID`
runs the plain runner and says why on stderr; `plain = true` does the same without a word.
Real processes; the "real terminal" cases run in tmux."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from process_tree import close_terminal
from system_tools import require_tool

QUICK = """\
name = "Quick"
areas = ["neck"]
lead_in = 0

[[steps]]
name = "Tilt"
duration = 1
"""
DONE = "Done: Quick, 1 of 1 steps."


@pytest.fixture
def routines(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "quick.toml").write_text(QUICK, encoding="utf-8")
    return folder


@pytest.fixture
def env(isolated_dirs: Path) -> dict[str, str]:
    keep = ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "PATH")
    return {
        **{key: os.environ[key] for key in keep if key in os.environ},
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "KNOTSESSION_AUDIO_BACKEND": "silent",
    }


def knotsession(routines: Path, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "knotsession", "--routines", str(routines), *arguments]


def test_no_terminal_runs_plain_and_says_so(routines: Path, env: dict[str, str]) -> None:
    result = subprocess.run(
        knotsession(routines, "start", "quick"),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert result.stderr == (
        "knotsession: stdin is not a terminal, so no full screen: one line per step\n"
    )
    assert DONE in result.stdout
    assert "\x1b" not in result.stdout  # no escape codes in a file or a pipe


def test_the_app_without_a_terminal_says_how_to_start_a_routine(
    routines: Path, env: dict[str, str]
) -> None:
    result = subprocess.run(
        knotsession(routines),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("knotsession: stdin is not a terminal, so no full-screen app;")
    assert "knotsession start ID" in result.stderr


TENSION_ASKED = "How tense do you feel now?"


class Tmux:
    """One command in a real terminal; the shell says how it ended, then waits."""

    def __init__(self, command: str, env: dict[str, str]) -> None:
        require_tool("tmux")
        self.socket = f"ks-plain-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        shell = f"env -i {exports} {command}; echo EXIT=$?; sleep 60"
        self._tmux("new-session", "-d", "-s", "app", "-x", "100", "-y", "30", shell)

    def _tmux(self, *arguments: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *arguments],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "app")

    def wait_for_exit(self, timeout_s: float = 30) -> str:
        """The screen once the command has ended (not a timing assertion: a bound on waiting).
        At a terminal the plain runner asks how tense you feel after the routine; Enter skips."""
        deadline = time.monotonic() + timeout_s
        answered = False
        while time.monotonic() < deadline:
            screen = self.screen()
            if "EXIT=" in screen:
                return screen
            if not answered and TENSION_ASKED in screen:
                # With a keyboard on stdin, plain asks how tense (ask_tension = "after"):
                # Enter skips, as a person who does not want to say would.
                self._tmux("send-keys", "-t", "app", "Enter")
                answered = True
            time.sleep(0.1)
        raise AssertionError(f"the command never ended:\n{self.screen()}")

    def close(self) -> None:
        close_terminal(self.socket)  # and check that what it ran ended


@pytest.mark.parametrize(
    ("setup", "redirect", "notice"),
    [
        ({"TERM": "dumb"}, "", "knotsession: TERM=dumb, so no full screen"),
        ({}, "< /dev/null", "knotsession: stdin is not a terminal, so no full screen"),
    ],
    ids=["term-dumb", "stdin-dev-null"],
)
def test_on_a_real_terminal_it_falls_back_and_ends_by_itself(
    routines: Path, env: dict[str, str], setup: dict[str, str], redirect: str, notice: str
) -> None:
    command = " ".join(shlex.quote(part) for part in knotsession(routines, "start", "quick"))
    terminal = Tmux(f"{command} {redirect}", {**env, **setup})
    try:
        screen = terminal.wait_for_exit()
    finally:
        terminal.close()
    assert notice in screen
    assert DONE in screen
    assert "EXIT=0" in screen


def test_the_app_with_stdin_dev_null_on_a_real_terminal_ends_with_a_hint(
    routines: Path, env: dict[str, str]
) -> None:
    """stdout is a terminal but no key can ever arrive: a home screen nobody could leave
    would hang forever, so the app says how to start a routine line by line and ends."""
    command = " ".join(shlex.quote(part) for part in knotsession(routines))
    terminal = Tmux(f"{command} < /dev/null", env)
    try:
        screen = terminal.wait_for_exit()
    finally:
        terminal.close()
    assert "knotsession: stdin is not a terminal, so no full-screen app;" in screen
    assert "\x1b" not in screen and "╭" not in screen  # no full screen was drawn
    assert "EXIT=2" in screen


def test_plain_true_in_settings_runs_plain_without_a_notice(
    routines: Path, env: dict[str, str]
) -> None:
    config = Path(env["XDG_CONFIG_HOME"]) / "knotsession"
    config.mkdir(parents=True)
    (config / "config.toml").write_text("plain = true\n", encoding="utf-8")
    command = " ".join(shlex.quote(part) for part in knotsession(routines, "start", "quick"))
    terminal = Tmux(command, env)
    try:
        screen = terminal.wait_for_exit()
    finally:
        terminal.close()
    assert DONE in screen
    assert "knotsession:" not in screen
    assert "EXIT=0" in screen
