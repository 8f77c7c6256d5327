"""The process ends with the app even if a thread worker never returns (tui/process_end.py).

Each case runs in a process of its own: a stuck worker is what it is about. With `App.run`
(asyncio.run waits for the executor's threads) the first case never ends.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

APP = """
import atexit, threading
from textual import on
from textual.app import App
from textual.message import Message
from knotsession.tui.process_end import end_if_threads_stuck, run_app

class Started(Message):
    pass

class OneWorker(App):
    def on_mount(self):
        self.run_worker(self.work, thread=True)

    def work(self):
        self.post_message(Started())
        if STUCK:
            threading.Event().wait()  # never set: the worker never returns

    @on(Started)
    def started(self):
        self.exit(return_code=7)

atexit.register(print, "atexit ran")
app = OneWorker()
run_app(app, headless=True)
end_if_threads_stuck(app.return_code, grace_s=0.2)
raise SystemExit(app.return_code)
"""


def run(stuck: bool) -> subprocess.CompletedProcess[str]:
    script = f"STUCK = {stuck}\n" + textwrap.dedent(APP)
    # The bound is for a broken build only: the process ends at once.
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )


def test_a_worker_stuck_for_good_does_not_keep_the_process_alive() -> None:
    ended = run(stuck=True)
    assert (ended.returncode, ended.stderr) == (7, "")
    assert "atexit ran" not in ended.stdout  # ended at once, not by Python's way out


def test_without_a_stuck_worker_the_process_ends_the_usual_way() -> None:
    ended = run(stuck=False)
    assert (ended.returncode, ended.stdout, ended.stderr) == (7, "atexit ran\n", "")


class ClosedTerminal:
    """A terminal that is gone: every write and flush fails as a closed pty does (EIO)."""

    def __init__(self) -> None:
        self.tries = 0

    def write(self, text: str) -> int:
        self.tries += 1
        raise OSError(5, "Input/output error")

    def flush(self) -> None:
        self.tries += 1
        raise OSError(5, "Input/output error")

    def fileno(self) -> int:
        return 2


def test_writes_to_a_closed_terminal_are_dropped_not_raised() -> None:
    from knotsession.tui.process_end import TerminalFile

    closed = ClosedTerminal()
    terminal = TerminalFile(closed)  # type: ignore[arg-type]
    assert terminal.write("\x1b[?1049l") == len("\x1b[?1049l")
    assert terminal.gone
    terminal.flush()
    terminal.write("more")
    assert closed.tries == 1  # once gone, nothing more is tried
    assert terminal.fileno() == 2
