"""The session engine, driven by a fake clock."""

from __future__ import annotations

import pytest

from knotsession import paths
from knotsession.core.engine import (
    Abandoned,
    Countdown,
    FakeClock,
    Finished,
    Paused,
    Resumed,
    SegmentStarted,
    Session,
    SwitchSides,
    plan_segments,
    planned_duration_s,
    planned_events,
)
from knotsession.core.library import RoutineSource, load_library
from knotsession.core.routine import Routine, Step


def make_routine(*steps: Step, lead_in_s: int | None = 0) -> Routine:
    return Routine(id="test", name="Test", areas=("neck",), steps=steps, lead_in_s=lead_in_s)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def kinds(events: list) -> list[str]:
    return [type(event).__name__ for event in events]


def test_plan_has_a_lead_in_before_each_step_and_a_switch_between_sides() -> None:
    routine = make_routine(
        Step("Tilt", 30, sides="both"),
        Step("Roll", 20),
        Step("Left", 10, sides="left"),
        lead_in_s=5,
    )
    plan = [(s.kind, s.step_index, s.side, s.duration_s) for s in plan_segments(routine)]
    assert plan == [
        ("lead_in", 0, "left", 5.0),
        ("work", 0, "left", 30.0),
        ("switch", 0, "right", 5.0),
        ("work", 0, "right", 30.0),
        ("lead_in", 1, None, 5.0),
        ("work", 1, None, 20.0),
        ("lead_in", 2, "left", 5.0),
        ("work", 2, "left", 10.0),
    ]
    assert planned_duration_s(routine) == 110


def test_routine_lead_in_wins_over_the_default() -> None:
    routine = make_routine(Step("Tilt", 30), lead_in_s=None)
    assert planned_duration_s(routine, default_lead_in_s=7) == 37
    assert planned_duration_s(make_routine(Step("Tilt", 30), lead_in_s=2), 7) == 32


def test_no_lead_in_means_work_segments_only() -> None:
    routine = make_routine(Step("Tilt", 30, sides="both"), lead_in_s=0)
    assert [s.kind for s in plan_segments(routine)] == ["work", "work"]


def test_start_emits_the_first_segment(clock: FakeClock) -> None:
    session = Session(make_routine(Step("A", 10)), clock=clock)
    events = session.start()
    assert kinds(events) == ["SegmentStarted"]
    assert session.state == "running"
    assert session.remaining_s() == 10


def test_a_step_counts_down_then_finishes(clock: FakeClock) -> None:
    session = Session(make_routine(Step("A", 10)), clock=clock)
    session.start()
    clock.advance(4)
    assert session.poll() == []
    assert session.remaining_s() == 6
    clock.advance(1)
    assert kinds(session.poll()) == ["Halfway"]
    clock.advance(2)
    events = session.poll()
    assert [e.remaining_s for e in events if isinstance(e, Countdown)] == [3]
    clock.advance(3)
    events = session.poll()
    assert kinds(events) == ["Countdown", "Countdown", "Finished"]
    finished = events[-1]
    assert isinstance(finished, Finished)
    assert finished.summary.completed is True
    assert finished.summary.active_s == 10
    assert finished.summary.steps_done == 1


def test_pause_freezes_the_countdown(clock: FakeClock) -> None:
    session = Session(make_routine(Step("A", 30)), clock=clock)
    session.start()
    clock.advance(10)
    assert kinds(session.pause()) == ["Paused"]
    clock.advance(100)
    assert session.poll() == []
    assert session.remaining_s() == 20
    assert session.state == "paused"
    assert kinds(session.resume()) == ["Resumed"]
    clock.advance(5)
    assert session.remaining_s() == 15
    assert session.active_s() == 15


def test_pauses_are_excluded_from_the_time_spent(clock: FakeClock) -> None:
    session = Session(make_routine(Step("A", 10)), clock=clock)
    session.start()
    clock.advance(3)
    session.pause()
    clock.advance(60)
    session.resume()
    clock.advance(7)
    events = session.poll()
    assert isinstance(events[-1], Finished)
    assert events[-1].summary.active_s == 10


def test_toggle_pause_alternates(clock: FakeClock) -> None:
    session = Session(make_routine(Step("A", 10)), clock=clock)
    session.start()
    assert isinstance(session.toggle_pause()[-1], Paused)
    assert isinstance(session.toggle_pause()[-1], Resumed)


def test_skip_moves_to_the_next_segment_now(clock: FakeClock) -> None:
    session = Session(make_routine(Step("A", 30), Step("B", 20)), clock=clock)
    session.start()
    clock.advance(2)
    events = session.skip()
    assert kinds(events) == ["SegmentStarted"]
    assert session.current.step.name == "B"
    assert session.remaining_s() == 20
    clock.advance(20)
    assert isinstance(session.poll()[-1], Finished)
    assert session.summary().active_s == 22


def test_skipping_early_does_not_count_the_step_as_done(clock: FakeClock) -> None:
    session = Session(make_routine(Step("A", 30), Step("B", 20)), clock=clock)
    session.start()
    clock.advance(2)
    session.skip()
    clock.advance(20)
    session.poll()
    assert session.summary().steps_done == 1


def test_skipping_the_last_segment_finishes(clock: FakeClock) -> None:
    session = Session(make_routine(Step("A", 30)), clock=clock)
    session.start()
    clock.advance(20)
    events = session.skip()
    assert isinstance(events[-1], Finished)
    assert events[-1].summary.steps_done == 1
    assert session.state == "finished"


def test_back_early_goes_to_the_previous_segment(clock: FakeClock) -> None:
    session = Session(make_routine(Step("A", 30), Step("B", 20)), clock=clock)
    session.start()
    clock.advance(30)
    session.poll()
    assert session.current.step.name == "B"
    clock.advance(2)
    events = session.back()
    assert kinds(events) == ["SegmentStarted"]
    assert session.current.step.name == "A"
    assert session.remaining_s() == 30


def test_back_later_restarts_the_current_segment(clock: FakeClock) -> None:
    session = Session(make_routine(Step("A", 30), Step("B", 20)), clock=clock)
    session.start()
    clock.advance(40)
    session.poll()
    session.back()
    assert session.current.step.name == "B"
    assert session.remaining_s() == 20


def test_back_on_the_first_segment_restarts_it(clock: FakeClock) -> None:
    session = Session(make_routine(Step("A", 30)), clock=clock)
    session.start()
    clock.advance(1)
    session.back()
    assert session.index == 0
    assert session.remaining_s() == 30


def test_extend_adds_fifteen_seconds_and_the_countdown_sounds_again(clock: FakeClock) -> None:
    session = Session(make_routine(Step("A", 10)), clock=clock)
    session.start()
    clock.advance(8)
    assert [e.remaining_s for e in session.poll() if isinstance(e, Countdown)] == [3, 2]
    session.extend()
    assert session.remaining_s() == 17
    clock.advance(14)
    assert [e.remaining_s for e in session.poll() if isinstance(e, Countdown)] == [3]
    clock.advance(3)
    events = session.poll()
    assert kinds(events) == ["Countdown", "Countdown", "Finished"]
    assert events[-1].summary.active_s == 25


def test_both_sides_switch_with_an_event(clock: FakeClock) -> None:
    session = Session(make_routine(Step("Tilt", 10, sides="both"), lead_in_s=3), clock=clock)
    started = session.start()
    assert started[0].segment.kind == "lead_in"
    clock.advance(13)
    events = session.poll()
    switch = [e for e in events if isinstance(e, SwitchSides)]
    assert len(switch) == 1
    assert switch[0].segment.side == "right"
    assert session.current.kind == "switch"


def test_switch_without_lead_in_comes_with_the_right_side(clock: FakeClock) -> None:
    session = Session(make_routine(Step("Tilt", 10, sides="both")), clock=clock)
    session.start()
    clock.advance(10)
    events = session.poll()
    assert kinds(events)[-2:] == ["SegmentStarted", "SwitchSides"]
    assert session.current.side == "right"


def test_a_slow_poll_emits_every_missed_event_in_order(clock: FakeClock) -> None:
    session = Session(make_routine(Step("A", 4), Step("B", 4)), clock=clock)
    session.start()
    clock.advance(100)
    events = session.poll()
    assert kinds(events) == [
        "Countdown", "Halfway", "Countdown", "Countdown", "SegmentStarted",
        "Countdown", "Halfway", "Countdown", "Countdown", "Finished",
    ]  # fmt: skip
    assert events[-1].summary.active_s == 8


def test_no_drift_over_a_thousand_segments(clock: FakeClock) -> None:
    """Polled late every time, 1,000 one-second steps still end at exactly 1,000 s."""
    routine = make_routine(*(Step(f"S{i}", 1) for i in range(1000)))
    session = Session(routine, clock=clock)
    session.start()
    starts = 0
    while not session.is_over:
        clock.advance(0.37)  # an awkward polling period: deadlines, not ticks, decide
        starts += sum(isinstance(e, SegmentStarted) for e in session.poll())
    assert starts == 999
    assert session.summary().active_s == 1000.0
    assert session.summary().steps_done == 1000


def test_next_deadline_is_the_next_event(clock: FakeClock) -> None:
    session = Session(make_routine(Step("A", 10)), clock=clock)
    session.start()
    assert session.next_deadline() == clock.now + 5  # halfway
    clock.advance(5)
    session.poll()
    assert session.next_deadline() == clock.now + 2  # three seconds left
    session.pause()
    assert session.next_deadline() is None


def test_abandon_keeps_the_time_spent_and_says_not_completed(clock: FakeClock) -> None:
    seen: list = []
    session = Session(make_routine(Step("A", 30), Step("B", 30)), clock=clock)
    session.subscribe(seen.append)
    session.start()
    clock.advance(31)
    session.poll()
    events = session.abandon()
    assert isinstance(events[0], Abandoned)
    assert events[0].summary.completed is False
    assert events[0].summary.active_s == 31
    assert events[0].summary.steps_done == 1
    assert seen[-1] is events[0]
    clock.advance(50)
    assert session.poll() == []
    assert session.active_s() == 31


def test_listeners_get_every_event_in_order(clock: FakeClock) -> None:
    seen: list = []
    session = Session(make_routine(Step("A", 2)), clock=clock)
    session.subscribe(seen.append)
    returned = session.start()
    clock.advance(2)
    returned += session.poll()
    assert seen == returned
    # A two-second step has no "3" or "2" tick: they would land on its start.
    assert kinds(seen) == ["SegmentStarted", "Halfway", "Countdown", "Finished"]


def test_routine_fraction_follows_planned_time(clock: FakeClock) -> None:
    session = Session(make_routine(Step("A", 10), Step("B", 30)), clock=clock)
    session.start()
    clock.advance(20)
    session.poll()
    assert session.routine_fraction() == pytest.approx(0.5)


def test_actions_after_the_end_do_nothing(clock: FakeClock) -> None:
    session = Session(make_routine(Step("A", 1)), clock=clock)
    session.start()
    clock.advance(1)
    session.poll()
    assert session.skip() == []
    assert session.back() == []
    assert session.extend() == []
    assert session.pause() == []
    assert session.abandon() == []


def test_skipping_through_most_of_a_routine_is_not_completed(clock: FakeClock) -> None:
    session = Session(make_routine(Step("A", 30), Step("B", 30), Step("C", 30)), clock=clock)
    session.start()
    clock.advance(30)
    session.poll()
    session.skip()
    events = session.skip()
    assert isinstance(events[-1], Finished)
    assert events[-1].summary.steps_done == 1
    assert events[-1].summary.completed is False


# --- the second side and the planned events, worked out once ---------------------------------


def test_only_a_second_side_with_no_switch_before_it_follows_the_first() -> None:
    both = Step("Tilt", 10, sides="both")
    straight = plan_segments(make_routine(both, Step("Roll", 5), lead_in_s=0))
    assert [s.follows_first_side for s in straight] == [False, True, False]
    paused = plan_segments(make_routine(both, lead_in_s=2))
    assert not any(s.follows_first_side for s in paused)


def run_on_the_clock(routine: Routine, lead_in_s: int) -> list[object]:
    clock = FakeClock(0.0)
    session = Session(routine, clock=clock, default_lead_in_s=lead_in_s)
    events: list[object] = list(session.start())
    while not session.is_over:
        deadline = session.next_deadline()
        assert deadline is not None
        clock.now = deadline
        events += session.poll()
    return events


@pytest.mark.parametrize("lead_in_s", [0, 5])
def test_the_planned_events_are_those_of_a_session_run_to_its_end(lead_in_s: int) -> None:
    routines = [
        *load_library([RoutineSource(paths.bundled_routines_dir(), "bundled")]).routines.values(),
        make_routine(Step("Tilt", 12, sides="both"), Step("Breathe", 20, kind="breathe")),
    ]
    for routine in routines:
        planned = planned_events(routine, lead_in_s)
        assert planned == run_on_the_clock(routine, lead_in_s), routine.id
        assert any(isinstance(event, SwitchSides) for event in planned) == any(
            step.sides == "both" for step in routine.steps
        )
