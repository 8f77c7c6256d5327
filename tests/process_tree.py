"""The processes a terminal started, and waiting until they have ended (Linux's /proc).

Closing a tmux terminal (kill-server) hangs up its programs; a program that does not end
then is a leak: a day of tests once left 139 of them alive. Tests that close a terminal
check with `wait_gone` that everything it ran has ended.

Import it as `from process_tree import ...` (tests/ is on pytest's pythonpath).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import NamedTuple

GONE_WAIT_S = 30.0  # a bound on a condition, not a timing: a process ends well before


class Running(NamedTuple):
    """A process as /proc shows it; its start time tells it apart from a later one with
    the same id."""

    pid: int
    started: int
    command: str


def _stat_fields(stat: Path) -> tuple[str, list[str]] | None:
    """A /proc `stat` file: the name in brackets, and the fields after it (the state
    first); None if the process or thread is gone."""
    try:
        text = stat.read_text()
    except OSError:
        return None
    return text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :].split()


def _stat(pid: int) -> tuple[int, str, int] | None:
    """(parent id, state, start time) of `pid`, or None if it is gone."""
    found = _stat_fields(Path(f"/proc/{pid}/stat"))
    if found is None:
        return None
    fields = found[1]
    return int(fields[1]), fields[0], int(fields[19])


def _command(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "?"
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()


def descendants(pid: int) -> list[Running]:
    """Every live process under `pid` (children, their children ...), not `pid` itself."""
    if not Path("/proc").is_dir():
        return []
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            children.setdefault(stat[0], []).append(int(entry.name))
    found, todo = [], list(children.get(pid, []))
    while todo:
        child = todo.pop()
        if (stat := _stat(child)) is not None:
            found.append(Running(child, stat[2], _command(child)))
        todo.extend(children.get(child, []))
    return found


def states(processes: list[Running]) -> str:
    """Each process's threads as /proc shows them (state, and where the kernel has them
    waiting): for the message of a test that found a program stuck."""
    lines = []
    for process in processes:
        lines.append(f"{process.pid} {process.command}")
        for task in sorted(Path(f"/proc/{process.pid}/task").glob("*")):
            found = _stat_fields(task / "stat")
            with contextlib.suppress(OSError):
                wchan = (task / "wchan").read_text().strip()
                if found is not None:
                    lines.append(f"  thread {task.name} {found[0]!r}: {found[1][0]} {wchan}")
    return "\n".join(lines)


def alive(process: Running) -> bool:
    """The same process is still there and not a zombie."""
    stat = _stat(process.pid)
    return stat is not None and stat[1] != "Z" and stat[2] == process.started


def wait_gone(processes: list[Running], timeout_s: float = GONE_WAIT_S) -> list[Running]:
    """Wait until every process in `processes` has ended; those still alive after
    `timeout_s` are killed (so a failing test leaks nothing) and returned."""
    deadline = time.monotonic() + timeout_s
    left = [process for process in processes if alive(process)]
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = [process for process in left if alive(process)]
    for process in left:
        with contextlib.suppress(OSError):
            os.kill(process.pid, signal.SIGKILL)
    return left


def close_terminal(socket: str, tmux: str = "tmux", env: dict[str, str] | None = None) -> None:
    """Close the tmux server `socket` (kill-server: its programs get SIGHUP, as when a
    terminal window closes) and check that everything it ran (panes, popups) has ended."""
    server = subprocess.run(
        [tmux, "-L", socket, "display", "-p", "#{pid}"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=10,
    ).stdout.strip()
    running = descendants(int(server)) if server.isdigit() else []
    subprocess.run([tmux, "-L", socket, "kill-server"], capture_output=True, env=env, timeout=10)
    left = wait_gone(running)
    assert not left, f"still running after the terminal closed (now killed): {left}"
