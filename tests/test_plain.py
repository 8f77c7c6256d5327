"""The plain runner: one line per segment, the same engine, sleeping until each deadline."""

from __future__ import annotations

import io
import signal

import msgspec
import pytest
from tiny_routine import ROUTINE

from knotsession.core.engine import FakeClock, Session
from knotsession.core.history import HistoryStore
from knotsession.core.routine import Routine, Step
from knotsession.core.settings import Settings
from knotsession.plain import SAFETY_LINE, play_routine, run_plain, stop_signals
from knotsession.plain_ask import AFTER, BEFORE
from knotsession.plain_choice import why_plain


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


# --- instructions and the tension questions ---------------------------------------------

TOLD = Routine(
    id="told",
    name="Told",
    areas=("neck",),
    steps=(
        Step("Side tilt", 4, sides="both", instructions="Tilt your ear toward your shoulder."),
        Step("Shoulder rolls", 3, instructions="Roll your shoulders back and down."),
        Step("Rest", 2),
    ),
    lead_in_s=2,
)


def test_each_steps_instructions_are_printed_once_as_it_comes_up() -> None:
    _, text, _ = run(TOLD)
    assert text.splitlines()[1:7] == [
        "[0:00] Get ready: Side tilt, left side (2 s)",
        "       Tilt your ear toward your shoulder.",
        "[0:02] Step 1/3: Side tilt, left side, 4 s",
        "[0:06] Switch sides: Side tilt, right side (2 s)",  # not again on the second side
        "[0:08] Step 1/3: Side tilt, right side, 4 s",
        "[0:12] Get ready: Shoulder rolls (2 s)",
    ]
    assert "       Roll your shoulders back and down." in text.splitlines()
    assert text.count("       ") == 2  # the rest step has none to print


def test_without_a_lead_in_the_instructions_follow_the_step_line() -> None:
    no_lead_in = msgspec.structs.replace(TOLD, lead_in_s=0)
    _, text, _ = run(no_lead_in)
    assert text.splitlines()[1:3] == [
        "[0:00] Step 1/3: Side tilt, left side, 4 s",
        "       Tilt your ear toward your shoulder.",
    ]


class Typed(io.StringIO):
    """What a person types at a terminal."""

    def isatty(self) -> bool:
        return True


QUICK = Routine(id="quick", name="Quick", areas=("neck",), steps=(Step("Breathe", 1),), lead_in_s=0)


def test_both_tension_questions_are_asked_and_kept() -> None:
    out = io.StringIO()
    settings = Settings(mute=True, ask_tension="both")
    assert play_routine(QUICK, settings, out=out, inp=Typed("7\n11\nthree\n2\n")) == 0
    lines = out.getvalue().splitlines()  # a terminal would echo the answers after each prompt
    assert lines[0] == f"{BEFORE}Quick (quick), 0:01. {SAFETY_LINE}"
    again = "Type a whole number from 0 to 10, or press Enter to skip."
    assert lines[-3:] == [f"{AFTER}{again}", f"{AFTER}{again}", AFTER]
    with HistoryStore.open() as store:
        (record,) = store.recent()
    assert (record.tension_before, record.tension_after) == (7, 2)


def test_enter_skips_a_question_and_after_alone_asks_only_after() -> None:
    out = io.StringIO()
    settings = Settings(mute=True, ask_tension="after")
    assert play_routine(QUICK, settings, out=out, inp=Typed("\n")) == 0
    assert BEFORE not in out.getvalue()
    assert out.getvalue().endswith(AFTER)  # asked once, then Enter skipped it
    with HistoryStore.open() as store:
        (record,) = store.recent()
    assert (record.tension_before, record.tension_after) == (None, None)


@pytest.mark.parametrize("ask", ["never", "both"])
def test_nobody_is_asked_when_the_input_is_not_a_terminal_or_settings_say_never(
    ask: str,
) -> None:
    out = io.StringIO()
    typed: io.StringIO = Typed("5\n5\n") if ask == "never" else io.StringIO("5\n5\n")
    assert play_routine(QUICK, Settings(mute=True, ask_tension=ask), out=out, inp=typed) == 0
    assert "How tense" not in out.getvalue()


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
