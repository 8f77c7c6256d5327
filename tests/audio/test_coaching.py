"""What the coaching voice says and when: pure lines on the fake clock, no audio."""

from __future__ import annotations

import pytest

from knotsession.audio.coaching import (
    CUE_ALLOWANCE_S,
    Coach,
    Moment,
    brief_how,
    first_sentence,
    for_the_ear,
    routine_lines,
)
from knotsession.core.engine import Event, FakeClock, Session
from knotsession.core.routine import Routine, Step

TILT_HOW = (
    "Hold the edge of your seat with one hand. Tilt your head away, ear toward the other "
    "shoulder, for 20-30 seconds."
)
TILT_FULL = (
    "Hold the edge of your seat with one hand. Tilt your head away, ear toward the other "
    "shoulder, for twenty to thirty seconds."
)
TILT_BRIEF = "Hold the edge of your seat with one hand."


def routine(lead_in_s: int | None) -> Routine:
    return Routine(
        "mixed",
        "Mixed",
        ("neck",),
        (
            Step("Shoulder rolls", 30),
            Step("Upper trapezius stretch", 30, sides="both"),
            Step("Wrist flexor stretch", 90, sides="left"),
        ),
        lead_in_s=lead_in_s,
    )


TOLD = Routine(
    "told",
    "Told",
    ("neck",),
    (
        Step("Side tilt", 30, sides="both", instructions=TILT_HOW),
        Step("Chin tucks", 20, instructions="Slide your chin back. Hold it.", spoken="Chin back."),
        Step("Long breath out", 30, kind="breathe", instructions="Breathe in for 4, out for 6."),
        Step("Box breathing", 40, kind="breathe", instructions="In 4, hold for four, out 4."),
    ),
    lead_in_s=3,
)


def spoken_during(
    session: Session, clock: FakeClock, coach: Coach | None = None
) -> list[tuple[float, str, str]]:
    """Run a session on the fake clock: (second, event, longest line) for each moment."""
    coach = coach or Coach()
    said: list[tuple[float, str, str]] = []

    def listen(event: Event) -> None:
        moment = coach.moment_for(event)
        if moment is not None:
            said.append((clock.now, type(event).__name__, moment.lines[0]))

    session.subscribe(listen)
    session.start()
    while not session.is_over:
        clock.advance(0.5)
        session.poll()
    return said


def moments(routine: Routine, detail: str = "full") -> list[tuple[float, str, Moment]]:
    clock = FakeClock(0.0)
    session = Session(routine, clock=clock)
    coach = Coach(detail)  # type: ignore[arg-type]
    found: list[tuple[float, str, Moment]] = []

    def listen(event: Event) -> None:
        moment = coach.moment_for(event)
        if moment is not None:
            found.append((clock.now, type(event).__name__, moment))

    session.subscribe(listen)
    session.start()
    while not session.is_over:
        clock.advance(0.5)
        session.poll()
    return found


# --- a step's introduction and its instructions ----------------------------------------


def test_with_lead_ins_each_step_is_introduced_and_its_cues_follow() -> None:
    clock = FakeClock(0.0)
    session = Session(routine(lead_in_s=3), clock=clock)
    assert spoken_during(session, clock) == [
        (0.0, "SegmentStarted", "Get ready: Shoulder rolls"),
        (3.0, "SegmentStarted", "Shoulder rolls, thirty seconds"),
        (18.0, "Halfway", "Halfway"),
        (23.0, "Pace", "Ten seconds left"),
        (33.0, "SegmentStarted", "Get ready: Upper trapezius stretch"),
        (36.0, "SegmentStarted", "Upper trapezius stretch, left side, thirty seconds"),
        (51.0, "Halfway", "Halfway"),
        (56.0, "Pace", "Ten seconds left"),
        (66.0, "SwitchSides", "Switch sides"),
        (69.0, "SegmentStarted", "Upper trapezius stretch, right side, thirty seconds"),
        (84.0, "Halfway", "Halfway"),
        (89.0, "Pace", "Ten seconds left"),
        (99.0, "SegmentStarted", "Get ready: Wrist flexor stretch"),
        (102.0, "SegmentStarted", "Wrist flexor stretch, left side, ninety seconds"),
        (147.0, "Halfway", "Halfway"),
        (182.0, "Pace", "Ten seconds left"),
        (192.0, "Finished", "Routine complete. Well done."),
    ]


def test_without_lead_ins_the_switch_says_the_second_side_once() -> None:
    clock = FakeClock(0.0)
    session = Session(routine(lead_in_s=0), clock=clock)
    said = [line for _, event, line in spoken_during(session, clock) if event != "Pace"]
    assert said == [
        "Shoulder rolls, thirty seconds",
        "Halfway",
        "Upper trapezius stretch, left side, thirty seconds",
        "Halfway",
        "Switch sides. Right side, thirty seconds",
        "Halfway",
        "Wrist flexor stretch, left side, ninety seconds",
        "Halfway",
        "Routine complete. Well done.",
    ]


def test_full_detail_says_the_whole_how_to_first_and_brief_on_the_second_side() -> None:
    found = {(at, event): moment.lines for at, event, moment in moments(TOLD)}
    assert found[(3.0, "SegmentStarted")] == (
        f"Side tilt, left side, thirty seconds. {TILT_FULL}",
        f"Side tilt, left side, thirty seconds. {TILT_BRIEF}",
        "Side tilt, left side, thirty seconds",
    )
    assert found[(33.0, "SwitchSides")] == ("Switch sides",)
    assert found[(36.0, "SegmentStarted")] == (
        f"Side tilt, right side, thirty seconds. {TILT_BRIEF}",
        "Side tilt, right side, thirty seconds",
    )
    # A step's own spoken text is its brief how-to.
    assert found[(69.0, "SegmentStarted")] == (
        "Chin tucks, twenty seconds. Slide your chin back. Hold it.",
        "Chin tucks, twenty seconds. Chin back.",
        "Chin tucks, twenty seconds",
    )


def test_brief_detail_never_says_the_whole_how_to() -> None:
    found = {(at, event): moment.lines for at, event, moment in moments(TOLD, "brief")}
    assert found[(3.0, "SegmentStarted")] == (
        f"Side tilt, left side, thirty seconds. {TILT_BRIEF}",
        "Side tilt, left side, thirty seconds",
    )


def test_a_repeated_step_is_explained_briefly() -> None:
    clock = FakeClock(0.0)
    session = Session(TOLD, clock=clock)
    coach = Coach()
    first: list[tuple[str, ...]] = []
    session.subscribe(lambda event: first.append(getattr(coach.moment_for(event), "lines", ())))
    session.start()
    clock.advance(4)
    session.poll()  # into the left side: explained in full
    session.back()  # restart it
    session.back()  # and back to getting ready
    clock.advance(3)
    session.poll()
    assert first[1][0].endswith(TILT_FULL)
    assert first[-1][0].endswith(TILT_BRIEF)


# --- time to say it -----------------------------------------------------------------------


def test_a_steps_how_to_must_end_before_ten_seconds_left() -> None:
    (start,) = [m for at, e, m in moments(TOLD) if (at, e) == (3.0, "SegmentStarted")]
    assert start.budget_s == pytest.approx(20 - CUE_ALLOWANCE_S)  # 30 s step: until 0:10
    (ready,) = [m for at, e, m in moments(TOLD) if (at, e) == (0.0, "SegmentStarted")]
    assert ready.lines == ("Get ready: Side tilt", "Get ready")
    assert ready.budget_s == pytest.approx(3 - CUE_ALLOWANCE_S)


def test_prompts_are_not_essential_and_wait_only_a_moment() -> None:
    halfway = next(m for _, e, m in moments(TOLD) if e == "Halfway")
    assert not halfway.essential and halfway.stale_after_s == 0.5
    assert halfway.budget_s == pytest.approx(5 - 0.3)  # 0:15 to 0:10


def test_a_breathing_step_is_paced_in_its_second_half_following_the_step() -> None:
    said = [(at, m.lines[0]) for at, e, m in moments(TOLD) if e == "Pace" and at > 92]
    # Long breath out: 30 s from 92 s; in 4, out 6 from halfway (107), clear of the end.
    assert said[:4] == [
        (107, "Breathe in"),
        (111, "And out"),
        (117, "Breathe in"),
        (145, "Breathe in"),
    ]
    # Box breathing: 40 s from 125 s; holds between breaths, from halfway (145).
    box = [line for at, line in said if at >= 145]
    assert box == ["Breathe in", "Hold", "And out", "Hold", "Breathe in"]
    assert not [e for at, e, _ in moments(TOLD) if e == "Halfway" and at > 92]


# --- for the ear --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("Hold 20-30 s", "Hold twenty to thirty s"),
        ("Repeat 10x", "Repeat ten times"),
        ("Turn 45° & hold", "Turn forty-five degrees and hold"),
        (
            "Use a ball (e.g. tennis) on the wall/floor",
            "Use a ball for example tennis on the wall or floor",
        ),
        ("Breathe *slowly* -> relax", "Breathe slowly - relax"),
        ("Ease off at 100%", "Ease off at one hundred percent"),
    ],
)
def test_spoken_text_is_written_for_the_ear(written: str, said: str) -> None:
    assert for_the_ear(written) == said


def test_the_brief_how_to_is_the_spoken_text_or_the_first_sentence() -> None:
    assert first_sentence("One. Two! Three?") == "One."
    assert brief_how(Step("T", 5, instructions="Sit tall. Then 3 breaths.")) == "Sit tall."
    assert brief_how(Step("T", 5, instructions="Sit tall.", spoken="2 breaths")) == "two breaths"


def test_routine_lines_lists_each_line_once_shortest_first_in_the_order_needed() -> None:
    lines = routine_lines(TOLD)
    assert lines[:5] == (
        "Get ready",
        "Get ready: Side tilt",
        "Side tilt, left side, thirty seconds",
        f"Side tilt, left side, thirty seconds. {TILT_BRIEF}",
        f"Side tilt, left side, thirty seconds. {TILT_FULL}",
    )
    assert len(lines) == len(set(lines))
    assert lines[-1] == "Routine complete. Well done."


def test_routine_lines_uses_the_default_lead_in_when_the_routine_has_none() -> None:
    assert routine_lines(routine(None), default_lead_in_s=0)[0] == "Shoulder rolls, thirty seconds"
    assert routine_lines(routine(None), default_lead_in_s=5)[0] == "Get ready"
