"""Cue latency: from a segment boundary to the cue player returning, and to the sound starting.

    python benchmarks/cue_latency.py            300 boundaries per backend
    python benchmarks/cue_latency.py --quick    50 (CI)

A session on a fake clock is moved to each segment boundary; the clock starts when
`session.poll()` is called and stops when `player.handle(SegmentStarted)` returns
(the budget: < 10 ms, since the UI's event loop waits for it). The second figure runs on
to the moment the backend has the sound playing: simpleaudio's `play_buffer` returned,
or miniaudio's callback handed over the first buffer holding the cue. Each backend runs
in its own process with ALSA's default device written to /dev/null, as on a machine
with a sound card but without one, since this one has none. Not a test: it reports.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUDGET_MS = 10.0
BACKENDS = ("simpleaudio", "miniaudio")


def measure_in_this_process(backend_name: str, runs: int) -> dict[str, object]:
    """Drive `runs` segment boundaries through a real player on `backend_name`."""
    sys.path.insert(0, str(REPO))
    from knotsession.audio.backends import choose_backend
    from knotsession.audio.player import CuePlayer
    from knotsession.core.engine import FakeClock, SegmentStarted, Session
    from knotsession.core.routine import Routine, Step

    started = threading.Event()
    start_times: list[float] = []

    def mark_started() -> None:
        if not started.is_set():
            start_times.append(time.perf_counter())
            started.set()

    def open_backend(bell):
        backend, reasons = choose_backend([backend_name], bell)
        if backend.name != backend_name:
            raise SystemExit(f"{backend_name} did not open: {reasons}")
        instrument(backend, mark_started)
        return backend, reasons

    player = CuePlayer(open_backend=open_backend)
    if not player.wait_ready(30):
        raise SystemExit("the cue player did not start")
    steps = tuple(Step(f"Step {n}", 1) for n in range(runs))
    clock = FakeClock()
    session = Session(Routine("bench", "Bench", ("neck",), steps, lead_in_s=0), clock=clock)
    handle_ms: list[float] = []
    start_ms: list[float] = []
    session.start()
    player.wait_idle(10)
    for _ in range(runs - 1):
        deadline = session.next_deadline()
        while deadline is not None and abs(deadline - (clock.now + session.remaining_s())) > 1e-9:
            # A countdown tick inside the segment comes first: play it, then go on.
            clock.now = deadline
            for event in session.poll():
                player.handle(event)
            player.wait_idle(10)
            deadline = session.next_deadline()
        if deadline is None:
            break
        clock.now = deadline
        started.clear()
        t0 = time.perf_counter()
        events = session.poll()
        for event in events:
            player.handle(event)
            if isinstance(event, SegmentStarted):
                handle_ms.append((time.perf_counter() - t0) * 1000)
        if started.wait(5):
            start_ms.append((start_times[-1] - t0) * 1000)
        elif not start_ms:
            # The first cue never reached the backend: waiting 5 s at each of the other
            # boundaries would only say the same thing again.
            raise SystemExit(f"{backend_name} never started a sound")
        player.wait_idle(10)
    player.close()
    return {"backend": player.backend_name, "handle_ms": handle_ms, "start_ms": start_ms}


def instrument(backend, mark_started) -> None:
    """Record when the backend has the sound playing (benchmark-only patching)."""
    if backend.name == "simpleaudio":
        library = backend._simpleaudio
        play_buffer = library.play_buffer

        class Timed:
            def play_buffer(self, *args):
                playing = play_buffer(*args)
                mark_started()
                return playing

        backend._simpleaudio = Timed()
    elif backend.name == "miniaudio":
        from knotsession.audio.backends import miniaudio as module

        frames = module._Stream.frames

        def timed_frames(stream):
            generator = frames(stream)
            wanted = yield next(generator)
            while True:
                chunk = generator.send(wanted)
                if any(chunk[:64]) or any(chunk[-64:]):
                    mark_started()
                wanted = yield chunk

        module._Stream.frames = timed_frames


def summary(values: list[float]) -> tuple[float, float]:
    """Median and 95th percentile."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return statistics.median(ordered), p95


def run_child(backend: str, runs: int) -> dict[str, object]:
    """Measure one backend in a fresh process whose default ALSA device is /dev/null."""
    with tempfile.TemporaryDirectory() as home:
        Path(home, ".asoundrc").write_text(
            'pcm.!default { type file; slave.pcm "null"; file "/dev/null"; format "raw" }\n'
        )
        env = {**os.environ, "HOME": home, "PYTHONPATH": str(REPO)}
        result = subprocess.run(
            [sys.executable, __file__, "--child", backend, "--runs", str(runs)],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    if result.returncode != 0:
        reason = (result.stderr.strip() or result.stdout.strip() or "failed").splitlines()[-1]
        raise RuntimeError(f"{backend}: {reason}")
    return json.loads(result.stdout)


def figures(quick: bool) -> list[tuple[str, str, str, str, bool | None]]:
    """Rows for benchmarks/run.py: (figure, value, reference, budget, within)."""
    runs = 50 if quick else 300
    rows: list[tuple[str, str, str, str, bool | None]] = []
    for backend in BACKENDS:
        if importlib.util.find_spec(backend) is None:
            reason = f"skipped: {backend} is not installed (pip install 'knotsession[{backend}]')"
            rows.append((f"cue latency, {backend}", reason, "", "", None))
            continue
        try:
            measured = run_child(backend, runs)
        except RuntimeError as error:
            rows.append((f"cue latency, {backend}", f"not measured: {error}"[:70], "", "", None))
            continue
        handle_median, handle_p95 = summary(measured["handle_ms"])
        start_median, start_p95 = summary(measured["start_ms"])
        count = len(measured["handle_ms"])
        rows.append(
            (
                f"cue latency, {backend}: boundary to handle() returned",
                f"median {handle_median:.3f} ms, p95 {handle_p95:.3f} ms",
                f"{count} boundaries",
                f"< {BUDGET_MS:.0f} ms",
                handle_p95 < BUDGET_MS,
            )
        )
        rows.append(
            (
                f"cue latency, {backend}: boundary to sound playing",
                f"median {start_median:.2f} ms, p95 {start_p95:.2f} ms",
                "ALSA to /dev/null",
                "",
                None,
            )
        )
    return rows


def main() -> int:
    """Measure both backends and print a small table, or be the measuring child."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50 boundaries per backend")
    parser.add_argument("--child", choices=BACKENDS, help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=300, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_in_this_process(args.child, args.runs)))
        return 0
    for name, value, reference, budget, ok in figures(args.quick):
        verdict = {True: "within", False: "OVER", None: ""}[ok]
        print(f"{name:<55} {value:<40} {reference:<20} {budget:<8} {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
