"""From the engine's deadline to the sound at the device, in the app and in `--plain`.

    python benchmarks/cue_at_device.py [--before DIR]   3 sessions of each kind, 6 steps each
    python benchmarks/cue_at_device.py --quick          1 of each, 6 steps (CI)

With `--before DIR` (a folder holding an older `knotsession` package, as for
`screen_open.py`), that version's app sessions take turns with this one's.

ALSA's default device is the `file` plugin writing through `| cat >>` into a FIFO that this
script reads (see /work/shared/TESTING.md): a sound "is at the device" when its first loud
chunk comes out of the FIFO. The program runs under `deadline_probe.py`, which logs each
deadline of the engine that a poll crossed with a sound to play (CLOCK_MONOTONIC, the
clock of both processes). Each deadline is matched with the first sound that arrives after
it and before the next one; a deadline with none is counted as missed.

Three kinds of session, taking turns: the plain runner, the app, and the app paused for
0.8 s half a second before the first boundary (figures from after the pause: the player
must set its timer again on resume). Plain has no pause key and re-reads the deadline on
every loop, so it is the reference for both. The ALSA file plugin starts a `cat` for each
sound (miniaudio opens the device per sound), which is in every figure alike.
"""

from __future__ import annotations

import argparse
import array
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import Terminal, quiet_env  # noqa: E402 - a sibling script

STEP_S = 3
PAUSE_AT_S = STEP_S - 0.5  # half a second before the first boundary
PAUSE_FOR_S = 0.8
LOUD = 300  # a sample above this (of 32,767) is sound, not silence
QUIET_GAP_S = 0.15  # a sound that starts after this long without one is a new sound
BUDGET_MS = 10.0
PROBE = "deadline_probe.py"  # the launcher that logs deadlines (a path: another probe)


@dataclass
class FifoListener:
    """Reads the FIFO ALSA writes into and notes when each sound starts."""

    path: Path
    onsets: list[float] = field(default_factory=list)
    _stop: bool = False

    def start(self) -> None:
        os.mkfifo(self.path)
        # Read and write: the FIFO never reaches end-of-file between two sounds' `cat`s.
        self._fd = os.open(self.path, os.O_RDWR)
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        last_loud = -1.0
        odd = b""
        while not self._stop:
            chunk = os.read(self._fd, 65536)
            now = time.monotonic()
            data = odd + chunk
            odd = data[len(data) // 2 * 2 :]
            samples = array.array("h", data[: len(data) // 2 * 2])
            if samples and (max(samples) > LOUD or min(samples) < -LOUD):
                if now - last_loud > QUIET_GAP_S:
                    self.onsets.append(now)
                last_loud = now

    def close(self) -> None:
        self._stop = True
        os.write(self._fd, b"\0\0")  # wakes the reader
        self._thread.join(2)
        os.close(self._fd)


def write_routine(folder: Path, steps: int) -> None:
    """`bench-beat`: `steps` steps of STEP_S seconds, no lead-in, so a sound every second
    (the step's chime, then the countdown's ticks) and every one of them on a deadline."""
    body = "".join(
        f'\n[[steps]]\nname = "Hold {n}"\nduration = {STEP_S}\n' for n in range(1, steps + 1)
    )
    (folder / "bench-beat.toml").write_text(
        f'name = "Bench beat"\nareas = ["neck"]\nlead_in = 0\n{body}'
    )


def read_log(path: Path) -> tuple[float | None, list[tuple[float, float]], bool]:
    """(the session's start, its sounding deadlines with when the poll that crossed each
    came, whether the finish was reached)."""
    start, deadlines, finished = None, [], False
    for line in path.read_text().splitlines() if path.exists() else []:
        kind, at, *rest = line.split()
        if kind == "start":
            start = float(at)
        else:
            deadlines.append((float(at), float(rest[0])))
            finished = finished or "finish" in rest[1:]
    return start, deadlines, finished


def wait_until(condition, timeout_s: float) -> None:
    """Poll `condition` until it holds."""
    ends = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > ends:
            raise TimeoutError("the session did not get there")
        time.sleep(0.02)


class Heard(NamedTuple):
    """One deadline: milliseconds until the poll that crossed it, and until its sound
    reached the device (None: no sound came)."""

    poll_ms: float
    sound_ms: float | None


def one_session(kind: str, scratch: Path, steps: int, before: Path | None = None) -> list[Heard]:
    """Each deadline of one session of `kind` (plain, app, app-paused); for app-paused only
    the deadlines after the pause. `before`: the older knotsession's folder to run instead."""
    home = scratch / f"home-{kind}-{time.monotonic_ns()}"
    env = quiet_env(home)
    fifo = FifoListener(home / "device.fifo")
    fifo.start()
    (home / ".asoundrc").write_text(
        f'pcm.!default {{ type file; slave.pcm "null"; file "| cat >> {fifo.path}"; '
        'format "raw" }\n'
    )
    routines = home / "routines"
    routines.mkdir()
    write_routine(routines, steps)
    log = home / "deadlines.log"
    probe = [sys.executable, str(HERE / PROBE), str(log), "--"]
    if before is not None:  # found first through PYTHONPATH; -P keeps this folder off the path
        probe = ["env", f"PYTHONPATH={before}", sys.executable, "-P", *probe[1:]]
    arguments = ["--routines", str(routines), "start", "bench-beat"]
    resumed_at = 0.0
    try:
        if kind == "plain":
            subprocess.run([*probe, *arguments, "--plain"], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=120, check=True)  # fmt: skip
        else:
            terminal = Terminal([*probe, *arguments], env)
            try:
                wait_until(lambda: read_log(log)[0] is not None, 60)
                if kind == "app-paused":
                    started = read_log(log)[0] or 0.0
                    time.sleep(max(started + PAUSE_AT_S - time.monotonic(), 0))
                    terminal.keys("space")
                    time.sleep(PAUSE_FOR_S)
                    terminal.keys("space")
                    resumed_at = time.monotonic()
                wait_until(lambda: read_log(log)[2], steps * STEP_S + PAUSE_FOR_S + 30)
            finally:
                time.sleep(0.5)  # the finish sound on its way
                terminal.close()
        time.sleep(0.3)
    finally:
        fifo.close()
    deadlines = [(at, polled) for at, polled in read_log(log)[1] if at > resumed_at]
    return match(deadlines, fifo.onsets)


def match(deadlines: list[tuple[float, float]], onsets: list[float]) -> list[Heard]:
    """For each deadline, the first sound after it and before the next."""
    found: list[Heard] = []
    for number, (deadline, polled) in enumerate(deadlines):
        following = deadlines[number + 1][0] if number + 1 < len(deadlines) else float("inf")
        heard = [at for at in onsets if deadline <= at < following]
        sound_ms = 1000 * (heard[0] - deadline) if heard else None
        found.append(Heard(1000 * (polled - deadline), sound_ms))
    return found


def measure(runs: int, steps: int, before: Path | None = None) -> dict[str, list[Heard]]:
    """The deadlines of each kind of session, the kinds (and versions) taking turns."""
    kinds = ["plain", "app", "app-paused"]
    versions = {"": None, " (before)": before} if before else {"": None}
    found: dict[str, list[Heard]] = {kind + label: [] for label in versions for kind in kinds}
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(runs):
            for kind in kinds:
                for label, folder in versions.items():
                    if kind == "plain" and folder is not None:
                        continue  # one reference: the plain runner did not change
                    found[kind + label] += one_session(kind, Path(scratch), steps, folder)
    return found


def spread(values: list[Heard]) -> tuple[float, float, float, int, float]:
    """Median, lowest, highest of the sounds heard, how many deadlines had none, and the
    median wait for the poll."""
    heard = [value.sound_ms for value in values if value.sound_ms is not None]
    if not heard:
        raise RuntimeError("no sound reached the device")
    poll_ms = statistics.median(value.poll_ms for value in values)
    return statistics.median(heard), min(heard), max(heard), len(values) - len(heard), poll_ms


def figures(
    quick: bool, before: Path | None = None
) -> list[tuple[str, str, str, str, bool | None]]:
    """Rows for benchmarks/run.py: (figure, value, reference, budget, within). Quick mode
    plays one session of each kind, of 6 steps: 16 deadlines after the pause (with 3 steps,
    7: their median moved by 2-3 ms from run to run)."""
    found = measure(1 if quick else 3, 6, before)
    load = os.getloadavg()[0]
    plain, low, high, missed, poll_ms = spread(found["plain"])
    rows: list[tuple[str, str, str, str, bool | None]] = [
        ("deadline to device, `--plain`", f"{plain:.1f} ms ({low:.1f}-{high:.1f})",
         f"{len(found['plain'])} deadlines, {missed} missed, polled after {poll_ms:.1f} ms; "
         f"load {load:.1f}", "", None),
    ]  # fmt: skip
    kinds = [(kind, name) for kind, name in (("app", "app"), ("app-paused", "app after a pause"))]
    if before is not None:
        kinds += [(kind + " (before)", name + " (before)") for kind, name in kinds]
    for kind, name in kinds:
        median, low, high, missed, poll_ms = spread(found[kind])
        over = median - plain
        rows.append(
            (f"deadline to device, {name}", f"{median:.1f} ms ({low:.1f}-{high:.1f})",
             f"plain + {over:.1f} ms; {len(found[kind])} deadlines, {missed} missed, "
             f"polled after {poll_ms:.1f} ms",
             f"<= plain + {BUDGET_MS:.0f} ms", over <= BUDGET_MS and not missed)
        )  # fmt: skip
    return rows


def main() -> int:
    """Measure and print the rows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one session of each kind")
    parser.add_argument("--before", type=Path, help="an older knotsession package's folder")
    args = parser.parse_args()
    for name, value, reference, budget, ok in figures(args.quick, args.before):
        verdict = {True: "within", False: "OVER", None: ""}[ok]
        print(f"{name:<34} {value:<24} {reference:<48} {budget:<16} {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
