"""How long the day's page check can hold up the thread that draws the screen, on a busy machine.

    python benchmarks/page_check_stall.py [--seconds 10] [--busy 6]

SQLite's quick_check of a large history runs at the lowest CPU priority. It used to run on a
thread of the app's own process at nice 19; it now runs in a process of its own at nice 19
(`history_file.quick_check_aside`). A thread at nice 19 holds the interpreter's lock whenever
it runs Python; on a busy machine the kernel lets it wait long for a core, lock held, and
every other thread of the process waits with it.

Here the main thread stands in for the event loop: it sleeps 1 ms again and again and notes
the longest gap (wall clock). Meanwhile another thread runs page checks one after another,
the old way (the check on a thread at nice 19) and the current way, taking turns, while
`--busy` processes keep the cores busy (at the normal priority, as a test run or a build
would). A third row has no checks at all: the machine's own gaps.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from knotsession.core import history_file  # noqa: E402
from knotsession.core.history import HistoryStore  # noqa: E402


def old_check(path: Path) -> list[str]:
    """The page check as it was: on a thread of this process at nice 19, waited for."""
    found: list[str] = []

    def check() -> None:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        connection = sqlite3.connect(path, timeout=10, isolation_level=None)
        try:
            found.extend(row[0] for row in connection.execute("PRAGMA quick_check(3)"))
        finally:
            connection.close()

    thread = threading.Thread(target=check, daemon=True)
    thread.start()
    thread.join()
    return found


def new_check(path: Path) -> list[str]:
    """The page check as it is, for a large file (`main` makes every file large)."""
    return history_file.quick_check_aside(path)


def no_check(path: Path) -> list[str]:
    time.sleep(0.05)
    return ["ok"]


def worst_gap(check: Callable[[Path], list[str]], path: Path, seconds: float) -> tuple[float, int]:
    """The main thread's longest gap (ms) while `check` runs again and again; and how many ran."""
    stop = threading.Event()
    runs = 0

    def checks() -> None:
        nonlocal runs
        while not stop.is_set():
            assert check(path) == ["ok"]
            runs += 1

    checker = threading.Thread(target=checks, daemon=True)
    checker.start()
    worst, last = 0.0, time.monotonic()
    end = last + seconds
    while last < end:
        time.sleep(0.001)
        now = time.monotonic()
        worst, last = max(worst, now - last), now
    stop.set()
    checker.join()
    return worst * 1000, runs


def spin(until: float) -> None:
    while time.monotonic() < until:
        sum(range(10_000))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per measurement")
    parser.add_argument("--busy", type=int, default=6, help="processes keeping the cores busy")
    parser.add_argument("--turns", type=int, default=2, help="measurements of each, in turn")
    options = parser.parse_args()
    if not hasattr(os, "setpriority"):
        sys.exit("needs a thread priority of its own (Linux)")
    history_file.CHECK_HERE_BYTES = 0  # checked the way a large history is
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.sqlite3"
        with HistoryStore.open(path):
            pass
        ways = {"thread at nice 19 (before)": old_check, "process at nice 19 (now)": new_check,
                "no check": no_check}  # fmt: skip
        found: dict[str, list[tuple[float, int]]] = {name: [] for name in ways}
        until = time.monotonic() + options.seconds * len(ways) * options.turns + 5
        busy = [multiprocessing.Process(target=spin, args=(until,)) for _ in range(options.busy)]
        for process in busy:
            process.start()
        try:
            for _ in range(options.turns):
                for name, check in ways.items():
                    found[name].append(worst_gap(check, path, options.seconds))
        finally:
            for process in busy:
                process.terminate()
    print(f"| page check, {options.busy} busy processes, {os.cpu_count()} cores | longest gap"
          " of the main thread (ms), each turn | checks run |")  # fmt: skip
    print("| --- | --- | --- |")
    for name, results in found.items():
        gaps = ", ".join(f"{gap:.0f}" for gap, _ in results)
        print(f"| {name} | {gaps} | {sum(runs for _, runs in results)} |")


if __name__ == "__main__":
    main()
