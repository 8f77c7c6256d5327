"""A real terminal for end-to-end tests: one tmux server running one command, read as text.

Each terminal has its own tmux server (-L with a unique name), so tests run in parallel.
Closing one checks that everything it ran has ended: a program left alive is a leak.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import time
import uuid
from pathlib import Path

from process_tree import Running, close_terminal, descendants, states

from knotsession.core.history import HistoryStore


class Terminal:
    """One tmux server running one command."""

    def __init__(self, command: str, size: tuple[int, int], env: dict[str, str]) -> None:
        self.socket = f"ks-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        # On a fatal signal Python writes every thread's stack on the screen: a test that
        # finds the program stuck sends SIGABRT and shows where it was (`stacks`).
        env = {**env, "PYTHONFAULTHANDLER": "1"}
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        # A clean environment (a COLUMNS left by the test runner would fix the app's size);
        # after the app ends the shell says how, then waits, so the screen can be read.
        shell = f"env -i {exports} {command}; echo EXIT=$?; sleep 60"
        width, height = size
        self._tmux("new-session", "-d", "-s", "app", "-x", str(width), "-y", str(height), shell)
        self.closed = False

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
                raise AssertionError(
                    f"{text!r} did not appear; the screen shows:\n{screen}\n{self.stacks()}"
                )
            time.sleep(0.1)

    def programs(self) -> list[Running]:
        """The programs running in the terminal (its shell's descendants)."""
        pane = self._tmux("display-message", "-p", "-t", "app", "#{pane_pid}").strip()
        return descendants(int(pane)) if pane.isdigit() else []

    def stacks(self) -> str:
        """The programs in the terminal: their threads' states, then (SIGABRT) every
        thread's Python stack as the program wrote it on the screen. Ends them."""
        running = self.programs()
        found = states(running)
        self._tmux("resize-window", "-t", "app", "-x", "240", "-y", "300")  # room for them
        for process in running:
            if "knotsession" in process.command:
                with contextlib.suppress(OSError):
                    os.kill(process.pid, signal.SIGABRT)
        time.sleep(1.0)  # a moment for the stacks to be written; a stopped program writes none
        written = self._tmux("capture-pane", "-p", "-S", "-", "-t", "app")
        return f"the programs:\n{found}\nwhat they wrote:\n{written.strip()}"

    def press(self, *keys: str) -> None:
        """Type keys one by one, as a person would (Textual moves focus between keys)."""
        for key in keys:
            self._tmux("send-keys", "-t", "app", key)
            time.sleep(0.25)

    def close(self) -> None:
        """Close the terminal (its programs get SIGHUP) and check that they all ended."""
        if self.closed:
            return
        self.closed = True
        close_terminal(self.socket)


def history_rows(env: dict[str, str]) -> list[tuple[str, bool, int]]:
    path = Path(env["XDG_DATA_HOME"]) / "knotsession" / "history.sqlite3"
    with HistoryStore.open(path) as store:
        return [(s.routine_id, s.completed, s.steps_done) for s in store.sessions()]
