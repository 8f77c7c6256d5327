"""How long each screen takes to open the first time, against a bare Textual screen push.

    python benchmarks/screen_open.py [--repeats N] [--before DIR]

Each run starts a fresh program in a real terminal (tmux), waits for its home screen and a
moment of quiet, sends the key that opens one screen, and times the key until the screen's
text is in the terminal. A screen is opened once per program: its first open, with nothing
imported or prepared by an earlier open. The bare push (`bare_push_app.py`) is timed the same
way in the same run, taking turns with knotsession's screens, so a busy moment hits both.

The completion screen is timed from its session's end: a one-step routine of STEP_S seconds
runs from `start` under `deadline_probe.py`, which logs the engine's last deadline (the
moment the step ends, on CLOCK_MONOTONIC), and the screen is timed from then until its text
is in the terminal.

With `--before DIR` (a folder holding an older `knotsession` package, such as
`git archive OLD knotsession | tar -x -C DIR`), that version is timed too, in turn with
this one, and both are printed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import Terminal, quiet_env  # noqa: E402

SETTLE_S = 2.5  # a person reads home a moment first: the warm-up (~1 s at load 10) is done
STEP_S = 2


@dataclass(frozen=True)
class ScreenOpen:
    """A screen, the keys that open it from home (the last one is timed) and its text."""

    name: str
    keys: tuple[str, ...]
    marker: str  # alternatives split by "|"


SCREENS = (
    ScreenOpen("player", ("Enter",), "step 1 of"),
    # Its figures once read: the totals, or the line an empty history shows instead.
    ScreenOpen("history", ("h",), "This week:|No sessions yet"),
    ScreenOpen("help", ("?",), "Stretch safely"),
    ScreenOpen("settings", ("s",), "Lead-in"),
    ScreenOpen("preview", ("Right", "Enter"), "under two minutes"),
    ScreenOpen("gallery", ("Right", "Enter", "g"), "Type to filter"),
)
HOME_MARKER = "5-minute desk routine"


def send(terminal: Terminal, key: str) -> None:
    subprocess.run(["tmux", "-L", terminal.socket, "send-keys", "-t", "b", key], check=True)


def open_ms(command: list[str], home: str, keys: tuple[str, ...], marker: str, env) -> float:
    """Milliseconds from the last key to `marker` on screen, in a fresh program."""
    terminal = Terminal(command, env)
    try:
        terminal.wait_for(home)
        time.sleep(SETTLE_S)
        for key in keys[:-1]:
            send(terminal, key)
            time.sleep(SETTLE_S)
        started = time.perf_counter()
        send(terminal, keys[-1])
        while not any(text in terminal.screen() for text in marker.split("|")):
            if time.perf_counter() - started > 30:
                raise TimeoutError(f"{marker!r} never appeared:\n{terminal.screen()}")
            time.sleep(0.001)
        return 1000 * (time.perf_counter() - started)
    finally:
        terminal.close()


def completion_ms(routines: Path, env, before: Path | None = None) -> float:
    """Milliseconds from the session's end (the engine's last deadline, logged by
    `deadline_probe.py`) to the completion screen on the terminal."""
    log = routines / f"deadlines-{time.monotonic_ns()}.log"
    arguments = ("--routines", str(routines), "--mute", "start", "bench-end")
    command = program(before, *arguments, probe=log)
    terminal = Terminal(command, env)
    try:
        terminal.wait_for(" spent")
        shown = time.monotonic()
    finally:
        terminal.close()
    ends = [line.split() for line in log.read_text().splitlines() if line.endswith(" finish")]
    return 1000 * (shown - float(ends[0][1]))


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} ms ({min(values):.0f}-{max(values):.0f})"


def program(before: Path | None, *args: str, probe: Path | None = None) -> list[str]:
    """This knotsession, or the one in `before` (found first through PYTHONPATH; -P keeps
    the current folder off the path); with `probe`, run by `deadline_probe.py` logging the
    engine's deadlines there."""
    launcher = (
        [str(HERE / "deadline_probe.py"), str(probe), "--"] if probe else ["-m", "knotsession"]
    )
    if before is None:
        return [sys.executable, *launcher, *args]
    return ["env", f"PYTHONPATH={before}", sys.executable, "-P", *launcher, *args]


Row = tuple[str, str, str, str, bool | None]


def figures(repeats: int, before: Path | None = None) -> list[Row]:
    """Rows for run.py's table: each screen's first open against the bare push (and the
    same for the `before` version, its rows named so)."""
    # The last program may still be closing (it gets SIGHUP) and writing its data folder
    # as the folder is removed: that must not lose the figures already taken.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as scratch:
        home = Path(scratch) / "home"
        env = quiet_env(home)
        marker = Path(env["XDG_DATA_HOME"]) / "knotsession" / "safety-note-seen"
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
        (Path(env["XDG_CONFIG_HOME"]) / "knotsession").mkdir(parents=True, exist_ok=True)
        (Path(env["XDG_CONFIG_HOME"]) / "knotsession" / "config.toml").write_text("lead_in = 0\n")
        routines = Path(scratch) / "routines"
        routines.mkdir()
        (routines / "bench-end.toml").write_text(
            f'name = "Bench end"\nareas = ["neck"]\nlead_in = 0\n\n'
            f'[[steps]]\nname = "Hold still"\nduration = {STEP_S}\n'
        )
        bare_cmd = [sys.executable, str(HERE / "bare_push_app.py")]
        versions = ("now", "before") if before else ("now",)
        bare: list[float] = []
        times = {(v, s.name): [] for v in versions for s in SCREENS}
        ends: dict[str, list[float]] = {v: [] for v in versions}
        for _ in range(repeats):
            for screen in SCREENS:  # the bare push before each, taking turns
                bare.append(open_ms(bare_cmd, "upper-back", ("o",), "A bare screen", env))
                for version in versions:
                    command = program(before if version == "before" else None)
                    times[version, screen.name].append(
                        open_ms(command, HOME_MARKER, screen.keys, screen.marker, env)
                    )
            for version in versions:
                ends[version].append(
                    completion_ms(routines, env, before if version == "before" else None)
                )
    floor = statistics.median(bare)
    rows: list[Row] = []
    for version in versions:
        label = "" if version == "now" else " (before)"
        for screen in SCREENS:
            values = times[version, screen.name]
            ratio = statistics.median(values) / floor
            rows.append((f"first open: {screen.name}{label} (tmux)",
                         f"{spread(values)}, {ratio:.1f}x", f"bare push {spread(bare)}",
                         "<= 2x bare push", ratio <= 2))  # fmt: skip
        rows.append((f"completion on screen after the last step's end{label}",
                     spread(ends[version]), "", "<= 50 ms",
                     statistics.median(ends[version]) <= 50))  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--before", type=Path, help="an older knotsession package's folder")
    args = parser.parse_args()
    if args.before:
        import compileall

        compileall.compile_dir(args.before, quiet=1)
    for row in figures(args.repeats, args.before):
        print(" | ".join(str(cell) for cell in row))


if __name__ == "__main__":
    main()
