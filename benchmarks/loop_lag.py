"""The event loop after the first paint: the longest stall, and each garbage collection.

    python benchmarks/loop_lag.py [--runs N] [--before DIR] [--blame] [--browse] [--sessions N]

With `--before DIR` (a folder holding an older `knotsession` package, as for
`screen_open.py`), that version starts in turn with this one and both are printed.

Runs the app in a real terminal (tmux) with two probes added from outside: a heartbeat
that asks the event loop to call it back every 2 ms from the first paint on, recording how
late each call is, and `gc.callbacks` timing every collection. A late call means something
held the loop; on a loaded machine the process also waits for a core, so a stall counts
only the CPU time the event loop's own thread used in it. After SECONDS it quits the app.
The app itself is unchanged; the probes are this file's.

With `--browse`, a person moves through home's routines meanwhile (BROWSE: Right to the
list, then Down, resting on each routine longer than it takes to make its preview ahead).

With `--sessions N`, the history holds N sessions over the last year (home makes the
history screen ahead for a history of up to about ten thousand).

With `--blame`, a watchdog thread also samples the event loop thread's stack every
millisecond while a beat is more than 4 ms overdue, and the longest stalls of each start
are printed with the code they were sampled in (which stall is which, not just how long).
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import statistics
import sys
import threading
import time
import traceback
from collections import Counter
from pathlib import Path

BEAT_S = 0.002
SECONDS = 3.0
OVERDUE_S = 0.004  # --blame: a beat this late is a stall being sampled
SHOWN_STALLS = 4  # --blame: the longest stalls of each start, with their samples
# --browse: (seconds after the program starts, key) sent through tmux; first paint is
# about 0.5 s after the start on a 2-core machine, and the probes stop SECONDS after it.
BROWSE = ((1.2, "Right"), (1.8, "Down"), (2.4, "Down"))
PLUMBING = {"main", "run", "launch", "run_app", "_process_messages", "_process_messages_loop",
            "_dispatch_message", "_on_message", "_invoke", "invoke", "_tick", "_run", "_run_timer",
            "__init__", "_run_once", "run_forever", "run_until_complete", "_dispatch"}  # fmt: skip


def frames_of_interest(frame: object) -> str:
    """A sampled stack, innermost last, cut to the frames of knotsession and Textual (and
    the innermost frame, wherever it is): what was holding the loop."""
    stack = traceback.extract_stack(frame)  # type: ignore[arg-type]
    kept = [f for f in stack[:-1] if "knotsession" in f.filename or "textual" in f.filename]
    kept = [f for f in kept if f.name not in PLUMBING]
    kept = [*kept[:3], *kept[3:][-3:], stack[-1]]  # the outermost and the innermost
    return " > ".join(f"{Path(f.filename).stem}.{f.name}:{f.lineno}" for f in kept)


def start_watchdog(due: list[float], samples: dict[float, list[str]], done: list[bool]) -> None:
    """Sample the loop thread's stack while its beat is overdue, keyed by the beat's due time."""
    loop_thread = threading.get_ident()
    sys.setswitchinterval(0.0005)  # the watchdog gets the GIL often enough to sample a stall

    def watch() -> None:
        while not done:
            time.sleep(0.001)
            waiting_for = due[0]
            if time.perf_counter() - waiting_for > OVERDUE_S:
                frame = sys._current_frames().get(loop_thread)
                if frame is not None:
                    samples.setdefault(waiting_for, []).append(frames_of_interest(frame))

    threading.Thread(target=watch, daemon=True, name="loop-lag watchdog").start()


def run_probed_app(out: Path) -> None:
    """Inside the terminal: the app, with the probes, writing figures to `out` on exit."""
    from knotsession.tui import app as app_module

    stalls: list[float] = []
    stall_due: list[float] = []
    collections: list[tuple[int, float]] = []
    started: dict[str, float] = {}
    samples: dict[float, list[str]] = {}
    done: list[bool] = []
    blame = os.environ.get("LOOP_LAG_BLAME") == "1"

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
            stall_due.append(due[0])
            if now - painted > SECONDS:
                done.append(True)
                self.exit()
                return
            due[0], due[1] = now + BEAT_S, cpu
            loop.call_later(BEAT_S, beat)

        gc.callbacks.append(on_gc)
        loop.call_later(BEAT_S, beat)
        if blame:
            start_watchdog(due, samples, done)
        original(self)

    app_module.KnotsessionApp._open_parts = open_parts  # type: ignore[method-assign]
    from knotsession.cli import main

    try:
        main([])
    finally:
        partial = out.with_suffix(".part")
        longest = sorted(zip(stalls, stall_due, strict=True), reverse=True)[:SHOWN_STALLS]
        blamed = [
            (
                stall,
                round(1000 * (at - longest_start(stall_due)), 1),
                Counter(samples.get(at, [])).most_common(3),
            )
            for stall, at in longest
        ]
        partial.write_text(
            json.dumps({"stalls": stalls, "collections": collections, "blamed": blamed})
        )
        partial.rename(out)  # whole, or not there yet


def longest_start(stall_due: list[float]) -> float:
    """When the first beat was due: the stalls' times are given from about first paint."""
    return stall_due[0] - BEAT_S if stall_due else 0.0


def measure_once(
    env: dict[str, str], before: Path | None = None, browse: bool = False
) -> dict[str, list]:
    """One start in tmux (of the knotsession in `before`, if given); the probes' figures."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import Terminal

    out = Path(env["HOME"]) / f"lag-{os.getpid()}-{time.monotonic_ns()}.json"
    command = [sys.executable, __file__, "--inside", str(out)]
    if before is not None:  # found first through PYTHONPATH; -P keeps this folder off the path
        command = ["env", f"PYTHONPATH={before}", sys.executable, "-P", *command[1:]]
    terminal = Terminal(command, env)
    try:
        started = time.perf_counter()
        for at_s, key in BROWSE if browse else ():
            time.sleep(max(0.0, started + at_s - time.perf_counter()))
            terminal.keys(key)
        deadline = time.perf_counter() + 60
        while not out.exists() and time.perf_counter() < deadline:
            time.sleep(0.1)
    finally:
        terminal.close()
    return json.loads(out.read_text())


def figures(
    runs: int = 3,
    before: Path | None = None,
    blame: bool = False,
    browse: bool = False,
    sessions: int = 0,
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
        if blame:
            env["LOOP_LAG_BLAME"] = "1"
        marker = Path(env["XDG_DATA_HOME"]) / "knotsession" / "safety-note-seen"
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
        if sessions:
            from big_history import write_history

            write_history(marker.parent / "history.sqlite3", sessions, 365)
        for _ in range(runs):
            for label, folder in versions.items():  # taking turns
                result = measure_once(env, folder, browse)
                if blame:
                    print(f"start{label}:")
                    for stall, at_ms, where in result["blamed"]:
                        print(f"  {1000 * stall:5.1f} ms loop CPU, {at_ms:6.0f} ms after paint")
                        for stack, count in where:
                            print(f"      {count:2d}x {stack}")
                worst_stall[label].append(1000 * max(result["stalls"]))
                collections = (s for _, s in result["collections"])
                worst_gc[label].append(1000 * max(collections, default=0.0))
    rows: list[tuple[str, str, str, str, bool | None]] = []
    label_end = (", browsing routines" if browse else "") + (
        f", {sessions:,} sessions" if sessions else ""
    )
    for label in versions:
        stalls, gcs = worst_stall[label], worst_gc[label]
        stall = statistics.median(stalls)
        rows += [
            (f"longest event-loop stall, {SECONDS:.0f} s after first paint{label_end}{label}",
             f"{stall:.1f} ms ({min(stalls):.1f}-{max(stalls):.1f})", "",
             "<= 16 ms", stall <= 16),
            (f"longest garbage collection after first paint{label_end}{label}",
             f"{statistics.median(gcs):.1f} ms ({min(gcs):.1f}-{max(gcs):.1f})",
             "", "", None),
        ]  # fmt: skip
    return rows


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", type=Path, help="an older knotsession package's folder")
    parser.add_argument("--blame", action="store_true", help="sample what each stall ran")
    parser.add_argument("--browse", action="store_true", help="move through the routines")
    parser.add_argument("--sessions", type=int, default=0, help="sessions in the history")
    args = parser.parse_args()
    for row in figures(args.runs, args.before, args.blame, args.browse, args.sessions):
        print(" | ".join(str(cell) for cell in row))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--inside":
        run_probed_app(Path(sys.argv[2]))
    else:
        main()
