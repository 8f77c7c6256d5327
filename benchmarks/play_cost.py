"""What a running step costs: CPU against termdown, peak memory against a bare `Digits` ticker.

    python benchmarks/play_cost.py [--repeats N] [--seconds S] [--before DIR]

Each round starts, one after another in a fresh terminal (tmux), `termdown 600`, the bare
Textual ticker (`ticker_app.py`) and knotsession playing a 600 s step with an animated pose
figure (`start ID --mute`, nothing pressed), lets each settle, and reads its CPU time from
`/proc` over S seconds and then its peak resident memory (VmHWM, start-up included). The
programs take turns, so a busy moment of the machine hits them alike; the figures are
medians over the rounds, with their range.

With `--before DIR` (a folder holding an older `knotsession` package, such as
`git archive OLD knotsession | tar -x -C DIR`), that version takes its turn in every round.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import Terminal, cpu_seconds, find_peer, peak_rss_mib, quiet_env  # noqa: E402

SETTLE_S = 2.0  # start-up and the warm-up are not the steady state
STEP_MARKER = "Hold still"
POSES = ("neck-roll-left", "neck-roll-right")  # as in morning-wake-up

Row = tuple[str, str, str, str, bool | None]


def write_figure_routine(folder: Path) -> str:
    """A one-step routine of 600 s whose pose moves (two poses taking turns)."""
    (folder / "bench-figure.toml").write_text(
        'name = "Bench figure"\nareas = ["neck"]\nlead_in = 0\n\n'
        f'[[steps]]\nname = "Hold still"\nduration = 600\npose = ["{POSES[0]}", "{POSES[1]}"]\n'
    )
    return "bench-figure"


def measure(
    command: list[str], marker: str, env: dict[str, str], seconds: float
) -> tuple[float, float]:
    """Percent of a core over `seconds` once `marker` shows and settled, and peak RSS (MiB)."""
    terminal = Terminal(command, env)
    try:
        terminal.wait_for(marker)
        time.sleep(SETTLE_S)
        pid = terminal.pid()
        before, started = cpu_seconds(pid), time.perf_counter()
        time.sleep(seconds)
        used, elapsed = cpu_seconds(pid) - before, time.perf_counter() - started
        return 100 * used / elapsed, peak_rss_mib(pid)
    finally:
        terminal.close()


def program(before: Path | None, *args: str) -> list[str]:
    """This knotsession, or the one in `before` (first on PYTHONPATH; -P keeps the current
    folder off the path)."""
    if before is None:
        return [sys.executable, "-m", "knotsession", *args]
    return ["env", f"PYTHONPATH={before}", sys.executable, "-P", "-m", "knotsession", *args]


def spread(values: list[float], unit: str, digits: int = 2) -> str:
    median = statistics.median(values)
    return f"{median:.{digits}f} {unit} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def figures(repeats: int, seconds: float = 10.0, before: Path | None = None) -> list[Row]:
    """The CPU row (against termdown) and the memory row (against the ticker), and the same
    for `before` when given. Without termdown the CPU row has no peer and no verdict."""
    termdown = find_peer("termdown")
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as scratch:
        scratch_path = Path(scratch)
        env = quiet_env(scratch_path / "home")
        routines = scratch_path / "routines"
        routines.mkdir()
        routine_id = write_figure_routine(routines)
        args = ("--routines", str(routines), "--mute", "start", routine_id)
        versions = ("now", "before") if before else ("now",)
        cpu: dict[str, list[float]] = {name: [] for name in ("termdown", "ticker", *versions)}
        rss: dict[str, list[float]] = {name: [] for name in cpu}
        for _ in range(repeats):
            runs = [("ticker", [sys.executable, str(HERE / "ticker_app.py")], "")]
            if termdown:
                runs.insert(0, ("termdown", [termdown, "600"], ""))
            for version in versions:
                command = program(before if version == "before" else None, *args)
                runs.append((version, command, STEP_MARKER))
            for name, command, marker in runs:
                percent, mib = measure(command, marker, env, seconds)
                cpu[name].append(percent)
                rss[name].append(mib)
    load = f"load {load_start:.1f}-{os.getloadavg()[0]:.1f}"
    rows: list[Row] = []
    for version in versions:
        label = "" if version == "now" else " (before)"
        app_cpu, app_mib = statistics.median(cpu[version]), statistics.median(rss[version])
        if termdown:
            peer = statistics.median(cpu["termdown"])
            rows.append((
                f"CPU while a step runs, animated figure{label}",
                f"{spread(cpu[version], '%')}, {app_cpu / peer:.2f}x",
                f"termdown {spread(cpu['termdown'], '%')}; {load}",
                "<= 1.0x termdown", app_cpu <= peer,
            ))  # fmt: skip
        else:
            row = f"CPU while a step runs, animated figure{label}"
            rows.append((row, spread(cpu[version], "%"), "termdown not installed", "", None))
        ticker_mib = statistics.median(rss["ticker"])
        rows.append((
            f"peak RSS while playing{label}",
            f"{spread(rss[version], 'MiB', 1)}, {app_mib / ticker_mib:.2f}x",
            f"`Digits` ticker {spread(rss['ticker'], 'MiB', 1)}, "
            f"CPU {spread(cpu['ticker'], '%')}",
            "<= 1.3x ticker", app_mib <= 1.3 * ticker_mib,
        ))  # fmt: skip
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--before", type=Path, help="an older knotsession package's folder")
    args = parser.parse_args()
    if args.before:
        import compileall

        compileall.compile_dir(args.before, quiet=1)
    for row in figures(args.repeats, args.seconds, args.before):
        print(" | ".join(str(cell) for cell in row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
