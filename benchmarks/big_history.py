"""A history file of any size, written straight into SQLite (seconds, not the minutes an
import of the same rows takes), and the two start figures that must not grow with it.

    python benchmarks/big_history.py --sessions 1000000 [--runs 3]

Makes two data folders, one with `--sessions` sessions over the ten years before today and
one with ten sessions this week, and times in tmux, taking turns between them:
- `knotsession start desk-5`: until the player's first step is on the terminal;
- `knotsession`: until home's streak line ("... this week") is on the terminal.
(An empty history shows no streak line at all, hence ten sessions for the small side.)
Each start is made the day's first, so SQLite's page check (once a day) is part of it.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from history_bench import ROUTINES  # noqa: E402
from run import Terminal, knotsession_cmd, quiet_env  # noqa: E402

from knotsession.core.history import HistoryStore  # noqa: E402

# Every row made by SQLite itself (a recursive count joined to the routines): the Python
# way, a SessionRecord and `_row` per session, took three minutes for a million.
INSERT = """
INSERT INTO sessions (routine_id, routine_name, areas, started_utc, utc_offset_s, duration_s,
                      completed, steps_done, steps_total, local_date)
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :count)
SELECT r.routine_id, r.name, r.areas, strftime('%Y-%m-%dT%H:%M:%SZ', :first + i * :step,
       'unixepoch'), 0, 60 + (abs(random()) % 84000) / 100.0, 1, 4, 4,
       date(:first + i * :step, 'unixepoch')
FROM n JOIN bench_routines AS r ON r.k = i % :kinds
"""


def write_history(path: Path, count: int, days: int) -> float:
    """Create `path` with `count` completed sessions spread evenly over the `days` before
    now, in UTC, as the app would have written them; seconds it took."""
    started = time.perf_counter()
    HistoryStore.open(path).close()  # the schema, as the app makes it
    now = int(datetime.now(UTC).timestamp())
    first = now - days * 86_400
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("CREATE TEMP TABLE bench_routines (k, routine_id, name, areas)")
    connection.executemany(
        "INSERT INTO bench_routines VALUES (?, ?, ?, ?)",
        [(k, rid, name, ";".join(areas)) for k, (rid, name, areas) in enumerate(ROUTINES)],
    )
    connection.execute("BEGIN")
    connection.execute(
        INSERT,
        {"count": count, "first": first, "step": (now - first) / count, "kinds": len(ROUTINES)},
    )
    connection.execute("COMMIT")
    connection.close()
    return time.perf_counter() - started


def start_ms(env: dict[str, str], args: list[str], marker: str) -> float:
    """Milliseconds from starting the program in tmux until `marker` is on screen."""
    terminal = Terminal(knotsession_cmd(*args), env)
    try:
        return 1000 * terminal.wait_for(marker, timeout_s=60)
    finally:
        terminal.close()


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} ms ({min(values):.0f}-{max(values):.0f})"


def figures(count: int, runs: int) -> list[tuple[str, str, str, str, bool | None]]:
    """Rows for run.py's table."""
    # A program just closed may still be writing its data folder as it ends (its cache, the
    # day's check stamp): the folder goes when it can, the figures are kept either way.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as scratch:
        envs = {}
        for name, sessions_n, days in (("big", count, 3650), ("small", 10, 3)):
            env = quiet_env(Path(scratch) / name)
            data = Path(env["XDG_DATA_HOME"]) / "knotsession"
            data.mkdir(parents=True, exist_ok=True)
            (data / "safety-note-seen").touch()
            seconds = write_history(data / "history.sqlite3", sessions_n, days)
            print(f"{name}: {sessions_n:,} sessions written in {seconds:.1f} s", file=sys.stderr)
            envs[name] = env
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(runs):
            for name, env in envs.items():
                # Each start is the day's first: the page check (once a day) runs in it.
                stamp = Path(env["XDG_DATA_HOME"]) / "knotsession" / "history.sqlite3.checked"
                stamp.unlink(missing_ok=True)
                times.setdefault(("start", name), []).append(
                    start_ms(env, ["--mute", "start", "desk-5"], "step 1 of")
                )
                stamp.unlink(missing_ok=True)
                times.setdefault(("home", name), []).append(start_ms(env, [], "this week"))
    rows: list[tuple[str, str, str, str, bool | None]] = []
    for what, label, budget in (("start", "`start desk-5` player painted", 1.2),
                                ("home", "home streak line shown", 1.5)):  # fmt: skip
        big, small = times[what, "big"], times[what, "small"]
        ratio = statistics.median(big) / statistics.median(small)
        rows.append((f"{label}, {count:,} sessions (tmux)", f"{spread(big)}, {ratio:.2f}x",
                     f"10 sessions {spread(small)}", f"<= {budget}x", ratio <= budget))  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for row in figures(args.sessions, args.runs):
        print(" | ".join(str(cell) for cell in row))


if __name__ == "__main__":
    main()
