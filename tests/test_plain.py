"""The plain runner: one line per segment, the same engine, sleeping until each deadline."""

from __future__ import annotations

import io
import signal

import pytest

from knotsession.core.engine import FakeClock, Session
from knotsession.core.routine import Routine, Step
from knotsession.core.settings import Settings
from knotsession.plain import SAFETY_LINE, run_plain, stop_signals, why_plain

ROUTINE = Routine(
    id="tiny",
    name="Tiny",
    areas=("neck",),
    steps=(Step("Side tilt", 4, sides="both"), Step("Shoulder rolls", 3)),
    lead_in_s=2,
)


def run(routine: Routine = ROUTINE) -> tuple[int, str, list[float]]:
    clock = FakeClock(start=0.0)
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock.advance(seconds)

    out = io.StringIO()
    session = Session(routine, clock=clock)
    code = run_plain(session, clock=clock, sleep=sleep, out=out)
    return code, out.getvalue(), sleeps


def test_one_line_per_segment_and_a_final_line() -> None:
    code, text, _ = run()
    assert code == 0
    assert text.splitlines() == [
        f"Tiny (tiny), 0:17. {SAFETY_LINE}",
        "[0:00] Get ready: Side tilt, left side (2 s)",
        "[0:02] Step 1/2: Side tilt, left side, 4 s",
        "[0:06] Switch sides: Side tilt, right side (2 s)",
        "[0:08] Step 1/2: Side tilt, right side, 4 s",
        "[0:12] Get ready: Shoulder rolls (2 s)",
        "[0:14] Step 2/2: Shoulder rolls, 3 s",
        "[0:17] Done: Tiny, 2 of 2 steps. Well done.",
    ]


def test_it_sleeps_until_deadlines_instead_of_ticking() -> None:
    _, _, sleeps = run()
    assert sum(sleeps) == 17
    # a wake-up per event (halfway, 3-2-1 ticks, boundaries), capped at a second for signals
    assert len(sleeps) < 30
    assert max(sleeps) <= 1.0


def test_listeners_hear_the_same_events() -> None:
    clock = FakeClock(start=0.0)
    heard: list[str] = []
    session = Session(ROUTINE, clock=clock)
    run_plain(
        session,
        clock=clock,
        sleep=clock.advance,
        out=io.StringIO(),
        listeners=[lambda event: heard.append(type(event).__name__)],
    )
    assert heard[0] == "SegmentStarted"
    assert heard[-1] == "Finished"
    assert heard.count("SwitchSides") == 1


def test_ctrl_c_abandons_and_says_so() -> None:
    clock = FakeClock(start=0.0)

    def sleep(seconds: float) -> None:
        clock.advance(seconds)
        if clock.now >= 5:
            raise KeyboardInterrupt

    out = io.StringIO()
    session = Session(ROUTINE, clock=clock)
    assert run_plain(session, clock=clock, sleep=sleep, out=out) == 130
    assert session.state == "abandoned"
    assert out.getvalue().splitlines()[-1] == (
        "[0:05] Stopped: 0 of 2 steps done (kept in your history as not completed)."
    )


class _Stream(io.StringIO):
    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self._terminal = terminal

    def isatty(self) -> bool:
        return self._terminal


@pytest.mark.parametrize(
    ("plain", "term", "stdin", "stdout", "expected"),
    [
        (False, "xterm", True, True, (False, None)),
        (True, "xterm", True, True, (True, None)),
        (False, "dumb", True, True, (True, "TERM=dumb")),
        (False, "xterm", False, True, (True, "stdin is not a terminal")),
        (False, "xterm", True, False, (True, "stdout is not a terminal")),
    ],
)
def test_why_plain(
    plain: bool, term: str, stdin: bool, stdout: bool, expected: tuple[bool, str | None]
) -> None:
    settings = Settings(plain=plain)
    found = why_plain(settings, {"TERM": term}, _Stream(stdin), _Stream(stdout))
    assert found == expected


def test_a_closed_stream_is_not_a_terminal() -> None:
    closed = io.StringIO()
    closed.close()  # isatty() now raises ValueError
    assert why_plain(Settings(), {}, closed, _Stream(True)) == (True, "stdin is not a terminal")


def test_without_sighup_only_sigterm_stops_the_runner(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows has no SIGHUP: the runner must not reach for it."""
    monkeypatch.delattr(signal, "SIGHUP")
    assert stop_signals() == [signal.SIGTERM]
