"""Run knotsession with the engine's deadlines written to a log (benchmark-only patching).

    python benchmarks/deadline_probe.py LOG -- knotsession's arguments...

Each line of LOG is `start T` (the session's clock started) or `deadline T P CUE...`: a poll
at P that crossed the engine's deadline T (CLOCK_MONOTONIC seconds, the clock the engine
runs on) and the cues its events sound. `cue_at_device.py` matches these with the moments the
sound reaches ALSA's file device. Writing a line costs a few microseconds on the loop.
"""

from __future__ import annotations

import sys
import time


def install(log_path: str) -> None:
    """Wrap `Session.start` and `Session.poll` to log the session's clock and deadlines."""
    from knotsession.audio.cues import cue_for
    from knotsession.core.engine import Session

    log = open(log_path, "a", buffering=1)  # noqa: SIM115 - open for the process's life
    start, poll = Session.start, Session.poll

    def logged_start(self: Session) -> list:
        events = start(self)
        log.write(f"start {self._started_at!r}\n")
        return events

    def logged_poll(self: Session) -> list:
        deadline = self.next_deadline()
        polled = time.monotonic()
        events = poll(self)
        cues = [cue.name for cue in map(cue_for, events) if cue is not None]
        if deadline is not None and cues:
            log.write(f"deadline {deadline!r} {polled!r} {' '.join(cues)}\n")
        return events

    Session.start = logged_start  # type: ignore[method-assign]
    Session.poll = logged_poll  # type: ignore[method-assign]


def main() -> int:
    """Install the probe, then run knotsession's command line with the rest."""
    log_path, separator, *arguments = sys.argv[1:]
    if separator != "--":
        raise SystemExit("usage: deadline_probe.py LOG -- ARGUMENTS...")
    install(log_path)
    from knotsession.cli import main as knotsession_main

    sys.argv = ["knotsession", *arguments]
    return knotsession_main(arguments)


if __name__ == "__main__":
    raise SystemExit(main())
