"""The session engine: a routine expanded into timed segments, run against an injected clock.

Time is kept as *active seconds* (the clock minus pauses). Each segment's end is a
deadline in active time, and the next segment starts exactly at that deadline, not
at the moment someone noticed it had passed, so a routine of 60 s of steps ends at
60 s plus pauses whatever the polling rate. Nothing here sleeps or draws: the screen,
the plain runner, the sound and the history call `poll()` and react to its events.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Literal

import msgspec

from knotsession.core.pace import PaceMark, mark_of, pace_marks
from knotsession.core.routine import Routine, Step

Clock = Callable[[], float]
SegmentKind = Literal["lead_in", "work", "switch"]
Side = Literal["left", "right"]
SessionState = Literal["ready", "running", "paused", "finished", "abandoned"]

DEFAULT_LEAD_IN_S = 5
EXTEND_S = 15
COUNTDOWN_FROM_S = 3
# Pressing back this far into a segment restarts it; sooner goes to the one before.
BACK_RESTARTS_AFTER_S = 3.0


class FakeClock:
    """A clock for tests and benchmarks that only moves when told to."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.now += seconds


class Segment(msgspec.Struct, frozen=True):
    """One timed stretch of a session: getting ready, one side of a step, or switching sides."""

    kind: SegmentKind
    step_index: int
    step: Step
    side: Side | None
    duration_s: float
    # The second side of a step that starts straight after the first (a routine without a
    # lead-in has no switch segment between them): it begins with a switch of sides, not a
    # new step. The one place this is worked out; cues and the voice read it.
    follows_first_side: bool = False


def plan_segments(
    routine: Routine, default_lead_in_s: int = DEFAULT_LEAD_IN_S
) -> tuple[Segment, ...]:
    """Expand a routine into its segments: lead-in, each side of each step, switches."""
    lead_in_s = routine.lead_in_s if routine.lead_in_s is not None else default_lead_in_s
    segments: list[Segment] = []
    for index, step in enumerate(routine.steps):
        sides: tuple[Side | None, ...]
        if step.sides == "both":
            sides = ("left", "right")
        elif step.sides in ("left", "right"):
            sides = (step.sides,)
        else:
            sides = (None,)
        for number, side in enumerate(sides):
            if lead_in_s > 0:
                kind: SegmentKind = "lead_in" if number == 0 else "switch"
                segments.append(Segment(kind, index, step, side, float(lead_in_s)))
            straight_on = number > 0 and lead_in_s <= 0
            segments.append(Segment("work", index, step, side, float(step.duration_s), straight_on))
    return tuple(segments)


def planned_duration_s(routine: Routine, default_lead_in_s: int = DEFAULT_LEAD_IN_S) -> int:
    """Seconds the routine takes with its lead-ins and switches, without pauses."""
    return int(sum(segment.duration_s for segment in plan_segments(routine, default_lead_in_s)))


# --- events -----------------------------------------------------------------------------


class SegmentStarted(msgspec.Struct, frozen=True):
    """A segment began (also after skip or back)."""

    index: int
    segment: Segment


class SwitchSides(msgspec.Struct, frozen=True):
    """Time to change to the other side of a `both` step."""

    index: int
    segment: Segment


class Halfway(msgspec.Struct, frozen=True):
    """Half of a work segment has passed."""

    index: int
    segment: Segment


class Countdown(msgspec.Struct, frozen=True):
    """`remaining_s` (3, 2, 1) seconds are left of a work segment."""

    index: int
    segment: Segment
    remaining_s: int


class Pace(msgspec.Struct, frozen=True):
    """A coach's moment in a work segment: ten seconds left, or a breath's turn (see pace)."""

    index: int
    segment: Segment
    mark: PaceMark


class Paused(msgspec.Struct, frozen=True):
    """The clock stopped."""


class Resumed(msgspec.Struct, frozen=True):
    """The clock runs again."""


class SessionSummary(msgspec.Struct, frozen=True):
    """What a session amounted to."""

    routine_id: str
    completed: bool
    active_s: float
    steps_done: int
    steps_total: int


class Finished(msgspec.Struct, frozen=True):
    """The last segment ended: the routine is complete."""

    summary: SessionSummary


class Abandoned(msgspec.Struct, frozen=True):
    """The person stopped before the end."""

    summary: SessionSummary


Event = (
    SegmentStarted
    | SwitchSides
    | Halfway
    | Countdown
    | Pace
    | Paused
    | Resumed
    | Finished
    | Abandoned
)
Listener = Callable[[Event], None]


# --- the events of a segment, worked out once for the session and for a plan -----------------


def segment_marks(segment: Segment, length_s: float) -> list[tuple[str, float]]:
    """(key, seconds in) of the events inside a work segment `length_s` long, soonest first:
    halfway, the last seconds' countdown and the coach's pace marks."""
    if segment.kind != "work":
        return []
    marks = [("halfway", length_s / 2)]
    marks += [
        (f"countdown-{n}", length_s - n) for n in range(COUNTDOWN_FROM_S, 0, -1) if length_s - n > 0
    ]
    return sorted(marks + pace_marks(segment.step, length_s), key=lambda mark: mark[1])


def mark_event(key: str, index: int, segment: Segment) -> Halfway | Countdown | Pace:
    """The event a `segment_marks` key stands for."""
    if key == "halfway":
        return Halfway(index, segment)
    if key.startswith("countdown-"):
        return Countdown(index, segment, int(key.rsplit("-", 1)[1]))
    return Pace(index, segment, mark_of(key))


def entered_events(index: int, segment: Segment) -> list[Event]:
    """What entering a segment tells: it started, and for a switch or a second side that
    follows the first straight on, that it is time to switch sides."""
    events: list[Event] = [SegmentStarted(index, segment)]
    if segment.kind == "switch" or segment.follows_first_side:
        events.append(SwitchSides(index, segment))
    return events


def planned_events(routine: Routine, default_lead_in_s: int = DEFAULT_LEAD_IN_S) -> list[Event]:
    """The events of a run with no pause, skip or back, in the order a Session sends them:
    worked out from the segments, with no clock (what the voice renders ahead of time)."""
    segments = plan_segments(routine, default_lead_in_s)
    events: list[Event] = []
    for index, segment in enumerate(segments):
        events += entered_events(index, segment)
        events += [
            mark_event(key, index, segment) for key, _ in segment_marks(segment, segment.duration_s)
        ]
    steps = len(routine.steps)
    planned_s = sum(segment.duration_s for segment in segments)
    return [*events, Finished(SessionSummary(routine.id, True, round(planned_s, 3), steps, steps))]


class Session:
    """A routine being run: where it is, what is left, and what just happened."""

    def __init__(
        self,
        routine: Routine,
        *,
        clock: Clock = time.monotonic,
        default_lead_in_s: int = DEFAULT_LEAD_IN_S,
    ) -> None:
        self.routine = routine
        self.segments = plan_segments(routine, default_lead_in_s)
        self.planned_s = sum(segment.duration_s for segment in self.segments)
        self.state: SessionState = "ready"
        self._clock = clock
        self._listeners: list[Listener] = []
        self._started_at = 0.0
        self._paused_total_s = 0.0
        self._paused_at: float | None = None
        self._ended_active_s: float | None = None
        self._index = 0
        self._segment_start_s = 0.0  # active seconds at which the current segment began
        self._segment_length_s = self.segments[0].duration_s
        self._fired: set[str] = set()
        self._done_work: set[int] = set()

    # --- reading ------------------------------------------------------------------------

    @property
    def index(self) -> int:
        """Index of the current segment."""
        return self._index

    @property
    def current(self) -> Segment:
        """The current segment."""
        return self.segments[self._index]

    @property
    def is_over(self) -> bool:
        """Finished or abandoned."""
        return self.state in ("finished", "abandoned")

    def active_s(self) -> float:
        """Seconds the session has been running, pauses excluded."""
        if self.state == "ready":
            return 0.0
        if self._ended_active_s is not None:
            return self._ended_active_s
        now = self._paused_at if self._paused_at is not None else self._clock()
        return now - self._started_at - self._paused_total_s

    def segment_length_s(self) -> float:
        """Length of the current segment, extensions included."""
        return self._segment_length_s

    def segment_elapsed_s(self) -> float:
        """Seconds into the current segment."""
        return min(max(self.active_s() - self._segment_start_s, 0.0), self._segment_length_s)

    def remaining_s(self) -> float:
        """Seconds left in the current segment."""
        return self._segment_length_s - self.segment_elapsed_s()

    def routine_fraction(self) -> float:
        """How far through the whole routine, 0..1, by planned time."""
        if self.state == "finished":
            return 1.0
        before = sum(segment.duration_s for segment in self.segments[: self._index])
        within = min(self.segment_elapsed_s(), self.current.duration_s)
        return min((before + within) / self.planned_s, 1.0) if self.planned_s else 1.0

    def steps_done(self) -> int:
        """Steps whose every side ran at least halfway."""
        by_step: dict[int, list[int]] = {}
        for index, segment in enumerate(self.segments):
            if segment.kind == "work":
                by_step.setdefault(segment.step_index, []).append(index)
        return sum(all(i in self._done_work for i in work) for work in by_step.values())

    def summary(self) -> SessionSummary:
        """The session so far."""
        steps_done = self.steps_done()
        return SessionSummary(
            routine_id=self.routine.id,
            # Reaching the end by skipping past most of it is not a session done.
            completed=self.state == "finished" and 2 * steps_done >= len(self.routine.steps),
            active_s=round(self.active_s(), 3),
            steps_done=steps_done,
            steps_total=len(self.routine.steps),
        )

    def next_deadline(self) -> float | None:
        """Clock time of the next event, so a runner can sleep until exactly then."""
        if self.state != "running":
            return None
        pending = [at for key, at in self._thresholds() if key not in self._fired]
        soonest = min([*pending, self._segment_length_s])
        return self._started_at + self._paused_total_s + self._segment_start_s + soonest

    # --- acting -------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """Call `listener` with every event, in order."""
        self._listeners.append(listener)

    def start(self) -> list[Event]:
        """Start the clock on the first segment."""
        if self.state != "ready":
            return []
        self._started_at = self._clock()
        self.state = "running"
        return self._emit(self._entered())

    def poll(self) -> list[Event]:
        """Advance to the clock: emit what happened since the last poll."""
        if self.state != "running":
            return []
        now_s = self.active_s()
        events: list[Event] = []
        while True:
            end_s = self._segment_start_s + self._segment_length_s
            events += self._due(min(now_s, end_s) - self._segment_start_s)
            if now_s < end_s:
                break
            self._mark_done(ran_s=self._segment_length_s)
            if self._index + 1 == len(self.segments):
                events.append(self._finish(end_s))
                break
            self._move_to(self._index + 1, start_s=end_s)
            events += self._entered()
        return self._emit(events)

    def pause(self) -> list[Event]:
        """Stop the clock."""
        if self.state != "running":
            return []
        events = self.poll()
        if self.state != "running":
            return events
        self._paused_at = self._clock()
        self.state = "paused"
        return events + self._emit([Paused()])

    def resume(self) -> list[Event]:
        """Start the clock again."""
        if self.state != "paused" or self._paused_at is None:
            return []
        self._paused_total_s += self._clock() - self._paused_at
        self._paused_at = None
        self.state = "running"
        return self._emit([Resumed()])

    def toggle_pause(self) -> list[Event]:
        """Pause when running, resume when paused."""
        return self.resume() if self.state == "paused" else self.pause()

    def skip(self) -> list[Event]:
        """Go straight to the next segment (or finish after the last)."""
        if self.state not in ("running", "paused"):
            return []
        events = self.poll()
        if self.is_over:
            return events
        now_s = self.active_s()
        self._mark_done(ran_s=now_s - self._segment_start_s)
        if self._index + 1 == len(self.segments):
            return events + self._emit([self._finish(now_s)])
        self._move_to(self._index + 1, start_s=now_s)
        return events + self._emit(self._entered())

    def back(self) -> list[Event]:
        """Restart this segment, or go to the previous one when it has only just begun."""
        if self.state not in ("running", "paused"):
            return []
        events = self.poll()
        if self.is_over:
            return events
        now_s = self.active_s()
        just_began = now_s - self._segment_start_s <= BACK_RESTARTS_AFTER_S
        target = self._index - 1 if just_began and self._index > 0 else self._index
        self._move_to(target, start_s=now_s)
        return events + self._emit(self._entered())

    def extend(self, seconds: float = EXTEND_S) -> list[Event]:
        """Add time to the current segment."""
        if self.state not in ("running", "paused"):
            return []
        events = self.poll()
        if self.is_over:
            return events
        self._segment_length_s += seconds
        elapsed = self.active_s() - self._segment_start_s
        # The last-seconds countdown must sound again at the new end; halfway has had its say;
        # a coach's moment that the longer segment puts in the past is not said late.
        marks = dict(self._thresholds())
        self._fired = {
            key for key in self._fired if key == "halfway" or marks.get(key, 0.0) <= elapsed
        } | {key for key, at in marks.items() if "@" in key and at <= elapsed}
        return events

    def abandon(self) -> list[Event]:
        """Stop for good before the end."""
        if self.state not in ("running", "paused", "ready"):
            return []
        now_s = self.active_s()
        self.state = "abandoned"
        self._ended_active_s = now_s
        return self._emit([Abandoned(self.summary())])

    # --- inside -------------------------------------------------------------------------

    def _thresholds(self) -> list[tuple[str, float]]:
        """(key, seconds into the segment) of the in-segment events of the current segment."""
        return segment_marks(self.current, self._segment_length_s)

    def _due(self, elapsed_s: float) -> list[Event]:
        events: list[Event] = []
        for key, at in self._thresholds():
            if key in self._fired or elapsed_s < at:
                continue
            self._fired.add(key)
            events.append(mark_event(key, self._index, self.current))
        return events

    def _entered(self) -> list[Event]:
        return entered_events(self._index, self.current)

    def _move_to(self, index: int, *, start_s: float) -> None:
        self._index = index
        self._segment_start_s = start_s
        self._segment_length_s = self.segments[index].duration_s
        self._fired = set()

    def _mark_done(self, *, ran_s: float) -> None:
        if self.current.kind == "work" and ran_s >= self.current.duration_s / 2:
            self._done_work.add(self._index)

    def _finish(self, end_s: float) -> Finished:
        self.state = "finished"
        self._ended_active_s = end_s
        self._paused_at = None
        return Finished(self.summary())

    def _emit(self, events: list[Event]) -> list[Event]:
        for event in events:
            for listener in self._listeners:
                listener(event)
        return events
