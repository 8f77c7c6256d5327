"""The event loop after the first paint: the longest stall, and each garbage collection.

    python benchmarks/loop_lag.py [--runs N] [--before DIR]

With `--before DIR` (a folder holding an older `knotsession` package, as for
`screen_open.py`), that version starts in turn with this one and both are printed.

Runs the app in a real terminal (tmux) with two probes added from outside: a heartbeat
that asks the event loop to call it back every 2 ms from the first paint on, recording how
late each call is, and `gc.callbacks` timing every collection. A late call means something
held the loop; on a loaded machine the process also waits for a core, so a stall counts
only the CPU time the event loop's own thread used in it. After SECONDS it quits the app.
The app itself is unchanged; the probes are this file's.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import statistics
import sys
import time
from pathlib import Path

BEAT_S = 0.002
SECONDS = 3.0


def run_probed_app(out: Path) -> None:
    """Inside the terminal: the app, with the probes, writing figures to `out` on exit."""
    from knotsession.tui import app as app_module

    stalls: list[float] = []
    collections: list[tuple[int, float]] = []
    started: dict[str, float] = {}

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started["gc"] = time.perf_counter()
        elif "gc" in started:
            collections.append((info["generation"], time.perf_counter() - started.pop("gc")))

    original = app_module.KnotsessionApp._open_parts

    def open_parts(self: app_module.KnotsessionApp) -> None:
        loop = asyncio.get_running_loop()
        due = [time.perf_counter() + BEAT_S, time.thread_time()]
        painted = time.perf_counter()

        def beat() -> None:
            now, cpu = time.perf_counter(), time.thread_time()
            # A late beat is ours only as far as this process was working meanwhile: on a
            # loaded machine it also waits for a core, which no code of ours can change.
            stalls.append(min(now - due[0], cpu - due[1]))
            if now - painted > SECONDS:
                self.exit()
                return
            due[0], due[1] = now + BEAT_S, cpu
            loop.call_later(BEAT_S, beat)

        gc.callbacks.append(on_gc)
        loop.call_later(BEAT_S, beat)
        original(self)

    app_module.KnotsessionApp._open_parts = open_parts  # type: ignore[method-assign]
    from knotsession.cli import main

    try:
        main([])
    finally:
        partial = out.with_suffix(".part")
        partial.write_text(json.dumps({"stalls": stalls, "collections": collections}))
        partial.rename(out)  # whole, or not there yet


def measure_once(env: dict[str, str], before: Path | None = None) -> dict[str, list]:
    """One start in tmux (of the knotsession in `before`, if given); the probes' figures."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import Terminal

    out = Path(env["HOME"]) / f"lag-{os.getpid()}-{time.monotonic_ns()}.json"
    command = [sys.executable, __file__, "--inside", str(out)]
    if before is not None:  # found first through PYTHONPATH; -P keeps this folder off the path
        command = ["env", f"PYTHONPATH={before}", sys.executable, "-P", *command[1:]]
    terminal = Terminal(command, env)
    try:
        deadline = time.perf_counter() + 60
        while not out.exists() and time.perf_counter() < deadline:
            time.sleep(0.1)
    finally:
        terminal.close()
    return json.loads(out.read_text())


def figures(
    runs: int = 3, before: Path | None = None
) -> list[tuple[str, str, str, str, bool | None]]:
    """Rows for run.py's table (and the same for the `before` version, its rows named so)."""
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import quiet_env

    versions = {"": None, " (before)": before} if before else {"": None}
    worst_stall: dict[str, list[float]] = {label: [] for label in versions}
    worst_gc: dict[str, list[float]] = {label: [] for label in versions}
    with tempfile.TemporaryDirectory() as scratch:
        env = quiet_env(Path(scratch))
        marker = Path(env["XDG_DATA_HOME"]) / "knotsession" / "safety-note-seen"
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
        for _ in range(runs):
            for label, folder in versions.items():  # taking turns
                result = measure_once(env, folder)
                worst_stall[label].append(1000 * max(result["stalls"]))
                collections = (s for _, s in result["collections"])
                worst_gc[label].append(1000 * max(collections, default=0.0))
    rows: list[tuple[str, str, str, str, bool | None]] = []
    for label in versions:
        stalls, gcs = worst_stall[label], worst_gc[label]
        stall = statistics.median(stalls)
        rows += [
            (f"longest event-loop stall, {SECONDS:.0f} s after first paint{label}",
             f"{stall:.1f} ms ({min(stalls):.1f}-{max(stalls):.1f})", "",
             "<= 16 ms", stall <= 16),
            (f"longest garbage collection after first paint{label}",
             f"{statistics.median(gcs):.1f} ms ({min(gcs):.1f}-{max(gcs):.1f})",
             "", "", None),
        ]  # fmt: skip
    return rows


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", type=Path, help="an older knotsession package's folder")
    args = parser.parse_args()
    for row in figures(args.runs, args.before):
        print(" | ".join(str(cell) for cell in row))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--inside":
        run_probed_app(Path(sys.argv[2]))
    else:
        main()
