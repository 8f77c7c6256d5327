"""Which cue each session event sounds, over whole sessions run on a fake clock: a function
of the event alone."""

from __future__ import annotations

from knotsession.audio.cues import cue_for
from knotsession.core.engine import Event, FakeClock, Halfway, Paused, Resumed, Session
from knotsession.core.routine import Routine, Step


def make_routine(*steps: Step, lead_in_s: int | None = 0) -> Routine:
    return Routine(id="test", name="Test", areas=("neck",), steps=steps, lead_in_s=lead_in_s)


def cues_of_session(routine: Routine, step_s: float = 0.5) -> list[str]:
    """Run the routine to its end and name the cue of every event, in order."""
    clock = FakeClock()
    session = Session(routine, clock=clock)
    names: list[str] = []

    def listen(event: Event) -> None:
        cue = cue_for(event)
        if cue is not None:
            names.append(cue.name)

    session.subscribe(listen)
    session.start()
    while not session.is_over:
        clock.advance(step_s)
        session.poll()
    return names


def test_a_step_starts_with_the_chime_ticks_its_last_seconds_and_the_routine_finishes() -> None:
    routine = make_routine(Step("Roll", 5))
    assert cues_of_session(routine) == ["chime", "tick", "tick", "tick", "finish"]


def test_a_lead_in_sounds_ready_before_the_step_chimes() -> None:
    routine = make_routine(Step("Roll", 2), lead_in_s=1)
    assert cues_of_session(routine) == ["ready", "chime", "tick", "finish"]


def test_both_sides_with_a_switch_pause_sound_the_switch_once_then_chime() -> None:
    routine = make_routine(Step("Tilt", 2, sides="both"), lead_in_s=1)
    assert cues_of_session(routine) == [
        "ready",
        "chime",
        "tick",
        "switch",
        "chime",
        "tick",
        "finish",
    ]


def test_second_side_straight_after_the_first_sounds_only_the_switch() -> None:
    routine = make_routine(Step("Tilt", 2, sides="both"), Step("Roll", 2), lead_in_s=0)
    assert cues_of_session(routine) == [
        "chime",
        "tick",
        "switch",
        "tick",
        "chime",
        "tick",
        "finish",
    ]


def test_a_step_that_names_a_cue_starts_with_it() -> None:
    routine = make_routine(Step("Breathe", 1, cue="bowl"), Step("Ball", 1, cue="my-gong"))
    assert cues_of_session(routine) == ["bowl", "my-gong", "finish"]


def test_a_breathing_step_starts_with_the_bowl_unless_it_names_a_cue() -> None:
    routine = make_routine(
        Step("Breathe", 1, kind="breathe"), Step("Also", 1, kind="breathe", cue="chime")
    )
    assert cues_of_session(routine) == ["bowl", "chime", "finish"]


def test_halfway_pause_and_resume_make_no_sound() -> None:
    session = Session(make_routine(Step("Roll", 10)), clock=FakeClock())
    segment = session.segments[0]
    assert cue_for(Halfway(0, segment)) is None
    assert cue_for(Paused()) is None
    assert cue_for(Resumed()) is None


def test_ticks_go_stale_sooner_than_chimes_and_the_finish_never_does() -> None:
    clock = FakeClock()
    session = Session(make_routine(Step("Roll", 4)), clock=clock)
    staleness = {}
    for _ in range(5):
        for event in session.start() + session.poll():
            cue = cue_for(event)
            if cue is not None:
                staleness[cue.name] = cue.stale_after_s
        clock.advance(1)
    assert staleness == {"chime": 3.0, "tick": 0.5, "finish": None}


def test_going_back_onto_a_second_side_that_follows_the_first_sounds_only_the_switch() -> None:
    clock = FakeClock()
    session = Session(make_routine(Step("Tilt", 10, sides="both"), lead_in_s=0), clock=clock)
    session.start()
    clock.advance(12)  # two seconds into the right side
    session.poll()
    clock.advance(3)  # past the first seconds: back restarts the right side
    restarted = session.back()
    names = [cue.name for cue in map(cue_for, restarted) if cue is not None]
    assert names == ["switch"]
