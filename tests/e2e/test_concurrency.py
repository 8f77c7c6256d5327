"""Many knotsession processes on one history at once (real processes, real SQLite, tmux).

The full-screen app finishes sessions and saves a rating, tags and a note each time, while
other processes loop `history`, `history --json`, `history import` and `start --plain`, and
some of those are killed at random. Afterwards every write the app acknowledged ("Saved"),
every import that said so and every plain session that printed "Done" is on disk, SQLite's
integrity_check is ok and nothing was set aside. Bounded: a fixed number of rounds.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

ROUNDS = 3
IMPORTED = 2_000
EXPECTED = {"knotsession: No sound device found: cues are off."}  # none on a test machine


def seed_csv(folder: Path) -> Path:
    """A CSV of IMPORTED sessions, one a minute through 2025."""
    lines = ["started_at,routine_id,duration_s,completed,areas"]
    for number in range(IMPORTED):
        day, minute = divmod(number, 600)
        lines.append(
            f"2025-01-{day + 1:02d}T{minute // 60 + 8:02d}:{minute % 60:02d}:00+00:00,"
            "imported,60,true,neck"
        )
    path = folder / "seed.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


class Loop(threading.Thread):
    """Runs one command again and again until stopped; kills some runs at random."""

    def __init__(self, arguments: list[str], environ: dict[str, str], kill_some: bool) -> None:
        super().__init__(daemon=True)
        self.arguments = arguments
        self.env = environ
        self.kill_some = kill_some
        self.stop = threading.Event()
        self.finished: list[str] = []  # stdout of each run that ended by itself with 0
        self.problems: list[str] = []  # stderr lines that are not expected
        self.runs = 0
        self.random = random.Random(len(arguments) * 7919)

    def run(self) -> None:
        while not self.stop.is_set():
            process = subprocess.Popen(
                [sys.executable, "-m", "knotsession", *self.arguments],
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            self.runs += 1
            killed = False
            if self.kill_some and self.random.random() < 0.4:
                time.sleep(self.random.uniform(0.3, 2.0))
                process.send_signal(signal.SIGKILL)
                killed = True
            out, err = process.communicate(timeout=60)
            if not killed and process.returncode == 0:
                self.finished.append(out)
            if not killed:
                self.problems += [line for line in err.splitlines() if line not in EXPECTED]


def test_the_app_and_other_processes_at_once_lose_nothing(
    terminal_factory,
    env: dict[str, str],
    routines: Path,
    tmp_path: Path,
) -> None:
    csv_file = seed_csv(tmp_path)
    process_env = {**os.environ, **env}
    program = ["--routines", str(routines)]
    loops = [
        Loop(["history"], process_env, kill_some=False),
        Loop(["history", "--json"], process_env, kill_some=False),
        Loop(["history", "import", str(csv_file)], process_env, kill_some=True),
        Loop([*program, "start", "desk-5", "--plain"], process_env, kill_some=True),
    ]
    for loop in loops:
        loop.start()
    terminal = terminal_factory("start desk-5", env)
    try:
        for number in range(1, ROUNDS + 1):
            terminal.wait_for("How tense do you feel now?", timeout_s=30)
            time.sleep(1.2)  # the completion screen's keys wait a moment (keys for the routine)
            terminal.press("7")
            terminal.wait_for("Saved: 7 of 10", timeout_s=30)
            terminal.press("w", *f"round{number}", "Enter")
            terminal.wait_for(f"Saved: round{number}", timeout_s=30)
            terminal.press(*f"note{number}", "Enter")
            terminal.wait_for("Note saved.", timeout_s=30)
            if number < ROUNDS:
                terminal.press("r")
                terminal.wait_for("Get ready", timeout_s=30)
        terminal.press("Escape")
        terminal.wait_for("this week", timeout_s=30)
        terminal.press("q")
        assert terminal.wait_for("EXIT=", timeout_s=30).endswith("EXIT=0")
    finally:
        for loop in loops:
            loop.stop.set()
        for loop in loops:
            loop.join(timeout=90)

    data = Path(env["XDG_DATA_HOME"]) / "knotsession"
    assert sorted(p.name for p in data.iterdir() if ".corrupt" in p.name) == []
    with sqlite3.connect(data / "history.sqlite3") as check:
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        app_rows = check.execute(
            "SELECT tension_after, tags, note FROM sessions"
            " WHERE routine_id = 'desk-5' AND note IS NOT NULL ORDER BY id"
        ).fetchall()
        plain_done = check.execute(
            "SELECT COUNT(*) FROM sessions WHERE routine_id = 'desk-5' AND completed = 1"
        ).fetchone()[0]
        imported = check.execute(
            "SELECT COUNT(*) FROM sessions WHERE routine_id = 'imported'"
        ).fetchone()[0]
    assert app_rows == [(7, f'["round{n}"]', f"note{n}") for n in range(1, ROUNDS + 1)]
    plain, imports = loops[3], loops[2]
    said_done = sum("Well done." in out for out in plain.finished)
    assert plain_done >= ROUNDS + said_done
    if imports.finished:
        assert imported == IMPORTED
    assert all(loop.runs for loop in loops)
    assert [problem for loop in loops for problem in loop.problems] == []
