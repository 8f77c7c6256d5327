"""History at scale: a decade of sessions (100,000), exported and shown.

    python benchmarks/history_bench.py                 100,000 sessions, 5 runs each
    python benchmarks/history_bench.py --sessions 20000 --runs 3
    python benchmarks/history_bench.py --keep /tmp/kh  seed once, reuse the file next time

Reports:
- `knotsession history --json` as a real process (XDG_DATA_HOME pointing at the seeded
  folder, output to /dev/null): the whole process, start-up included. Budget: < 1 s.
- The history screen, open to data: from pushing `HistoryScreen` to its figures on the
  screen (store opened, SQL totals, widgets filled), headless at 80x24. Budget: < 250 ms.
- The parts: opening the store without and with (`check`) its quick_check of every page,
  `overview()` and `sessions()`.
Not a test: it prints.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from knotsession.core.history import HistoryStore, SessionRecord  # noqa: E402

TODAY = date(2026, 3, 11)
CLI_BUDGET_S = 1.0
SCREEN_BUDGET_MS = 250.0
ROUTINES = [
    ("desk-5", "Desk reset", ("neck", "shoulders")),
    ("hip-ball", "Hip ball release", ("hips", "glutes")),
    ("jaw-ease", "Jaw ease", ("jaw",)),
    ("upper-back-roll", "Upper back roll", ("upper-back",)),
    ("forearm-flush", "Forearm flush", ("forearms", "hands")),
    ("calf-and-feet", "Calves and feet", ("legs", "feet")),
]
TAGS = ("long call", "laptop on sofa", "driving", "stress", "gaming")


def decade(count: int, rng: random.Random) -> list[SessionRecord]:
    """`count` sessions spread over the ten years before TODAY, in a few time zones."""
    first = datetime(TODAY.year - 10, TODAY.month, TODAY.day, 7, tzinfo=UTC)
    step = (datetime(TODAY.year, TODAY.month, TODAY.day, 7, tzinfo=UTC) - first) / count
    records = []
    for number in range(count):
        routine_id, name, areas = rng.choice(ROUTINES)
        zone = timezone(timedelta(hours=rng.choice((-5, -4, 0, 1, 9))))
        before = rng.randint(3, 9) if rng.random() < 0.3 else None
        records.append(
            SessionRecord(
                id=0,
                routine_id=routine_id,
                routine_name=name,
                areas=areas,
                started_at=(first + step * number).astimezone(zone),
                duration_s=round(rng.uniform(60, 900), 3),
                completed=rng.random() < 0.8,
                steps_done=3,
                steps_total=4,
                tension_before=before,
                tension_after=None if before is None else before - rng.randint(0, 3),
                tags=tuple(rng.sample(TAGS, rng.randint(0, 2))),
            )
        )
    return records


def seed(data_home: Path, count: int) -> Path:
    """The history file of `data_home`, holding `count` sessions (made once)."""
    path = data_home / "knotsession" / "history.sqlite3"
    if path.exists():
        with HistoryStore.open(path) as store:
            if len(store.recent(count + 1)) == count:
                return path
        path.unlink()
    started = time.perf_counter()
    with HistoryStore.open(path) as store:
        store.import_rows(decade(count, random.Random(10)))
    print(f"seeded {count:,} sessions in {time.perf_counter() - started:.1f} s ({path})")
    return path


def time_cli(data_home: Path, runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of `knotsession history --json`, start to exit, after one run not
    counted (which writes the .pyc files an installed package would have)."""
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-m", "knotsession", "history", "--json"]
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True, cwd=REPO)
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True, cwd=REPO)
        wall.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall, cpu


async def screen_open_ms(path: Path) -> list[tuple[float, float]]:
    """(wall, CPU) milliseconds from pushing the history screen to its figures being shown:
    the first time in a fresh app (its styles parsed then), and again after closing it."""
    from textual.app import App

    from knotsession.tui.screens.history import HistoryScreen

    app: App[None] = App()
    times = []
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(2):
            screen = HistoryScreen(store_path=path, today=TODAY)
            started, cpu_started = time.perf_counter(), time.process_time()
            await app.push_screen(screen)
            await app.workers.wait_for_complete()
            await pilot.pause()
            wall_ms = (time.perf_counter() - started) * 1000
            times.append((wall_ms, (time.process_time() - cpu_started) * 1000))
            assert screen.overview is not None and screen.overview.days, "no data shown"
            await pilot.press("escape")
            await pilot.pause()
    return times


def time_parts(path: Path, runs: int) -> dict[str, list[float]]:
    """Milliseconds of the store's own steps."""
    parts: dict[str, list[float]] = {"open": [], "overview": [], "sessions": [], "check": []}
    for _ in range(runs):
        started = time.perf_counter()
        store = HistoryStore.open(path, check=False)
        opened = time.perf_counter()
        store.overview(TODAY)
        summed = time.perf_counter()
        store.sessions()
        listed = time.perf_counter()
        store.close()
        checked = time.perf_counter()
        HistoryStore.open(path).close()
        parts["check"].append((time.perf_counter() - checked) * 1000)
        parts["open"].append((opened - started) * 1000)
        parts["overview"].append((summed - opened) * 1000)
        parts["sessions"].append((listed - summed) * 1000)
    return parts


def report(label: str, values: list[float], unit: str, budget: float | None = None) -> None:
    verdict = ""
    if budget is not None:
        verdict = "  within budget" if statistics.median(values) < budget else "  OVER BUDGET"
        verdict = f"  (budget {budget:g} {unit}){verdict}"
    print(
        f"{label:<40} median {statistics.median(values):8.1f} {unit}"
        f"  best {min(values):8.1f}  worst {max(values):8.1f}{verdict}"
    )


def figures(quick: bool) -> list[tuple[str, str, str, str, bool | None]]:
    """Rows for benchmarks/run.py: (figure, value, reference, budget, within)."""
    runs = 2 if quick else 5
    count = 100_000
    with tempfile.TemporaryDirectory() as scratch:
        data_home = Path(scratch)
        path = seed(data_home, count)
        wall, _cpu = time_cli(data_home, runs)
        opens = [asyncio.run(screen_open_ms(path)) for _ in range(runs)]
    cli_s = statistics.median(wall)
    screen_ms = statistics.median(times[0][0] for times in opens)
    return [
        ("history --json, 100,000 sessions", f"{cli_s:.2f} s", "whole process",
         f"< {CLI_BUDGET_S:g} s", cli_s < CLI_BUDGET_S),
        ("history screen open, 100,000 sessions", f"{screen_ms:.0f} ms", "push to data shown",
         f"< {SCREEN_BUDGET_MS:g} ms", screen_ms < SCREEN_BUDGET_MS),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="data folder to seed once and reuse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        data_home = args.keep or Path(scratch)
        path = seed(data_home, args.sessions)
        size_mb = path.stat().st_size / 1e6
        print(f"{args.sessions:,} sessions, {size_mb:.1f} MB, {os.cpu_count()} CPUs")
        print(f"load average before: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
        wall, cpu = time_cli(data_home, args.runs)
        report("history --json (process), wall", wall, "s", CLI_BUDGET_S)
        report("history --json (process), CPU", cpu, "s", CLI_BUDGET_S)
        opens = [asyncio.run(screen_open_ms(path)) for _ in range(args.runs)]
        for number, label in enumerate(("first open", "opened again")):
            for kind, index in (("wall", 0), ("CPU", 1)):
                values = [times[number][index] for times in opens]
                report(f"history screen {label}, {kind}", values, "ms", SCREEN_BUDGET_MS)
        for part, values in time_parts(path, args.runs).items():
            report(f"  store.{part}()", values, "ms")


if __name__ == "__main__":
    main()
