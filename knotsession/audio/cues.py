"""Which cue a session event sounds: pure, so it is tested without any audio."""

from __future__ import annotations

from dataclasses import dataclass

from knotsession.core.engine import (
    Countdown,
    Event,
    Finished,
    Segment,
    SegmentStarted,
    SwitchSides,
)

# The bundled cue names; routines refer to them by these names.
CUE_NAMES = ("chime", "switch", "tick", "finish", "bowl", "ready")
DEFAULT_WORK_CUE = "chime"
# A step kind that starts with its own sound unless the step names a cue.
KIND_CUES = {"breathe": "bowl"}


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue to play: its name, and how long it stays worth playing once asked for."""

    name: str
    # A tick heard a second late tells the wrong second; a late chime still marks the step.
    # None: play however late (the end of the routine).
    stale_after_s: float | None


def work_cue(segment: Segment) -> str:
    """The sound that starts a work segment: the step's cue, its kind's, or the chime."""
    step = segment.step
    return step.cue or KIND_CUES.get(step.kind, DEFAULT_WORK_CUE)


class CueChooser:
    """Turns engine events into cues, remembering the last segment that started.

    When a routine has no lead-in, the second side of a step starts straight after the
    first and the engine sends SegmentStarted then SwitchSides together: only the switch
    should sound, so the chime of that SegmentStarted is left out.
    """

    def __init__(self) -> None:
        self._last_started: SegmentStarted | None = None

    def cue_for(self, event: Event) -> Cue | None:
        """The cue for `event`, or None when it makes no sound."""
        if isinstance(event, SegmentStarted):
            previous, self._last_started = self._last_started, event
            return self._started(event, previous)
        if isinstance(event, SwitchSides):
            return Cue("switch", stale_after_s=3.0)
        if isinstance(event, Countdown):
            return Cue("tick", stale_after_s=0.5)
        if isinstance(event, Finished):
            return Cue("finish", stale_after_s=None)
        return None

    @staticmethod
    def _started(event: SegmentStarted, previous: SegmentStarted | None) -> Cue | None:
        segment = event.segment
        if segment.kind == "lead_in":
            return Cue("ready", stale_after_s=2.0)
        if segment.kind == "switch":
            return None  # its SwitchSides event sounds the switch
        straight_to_second_side = (
            previous is not None
            and previous.index == event.index - 1
            and previous.segment.kind == "work"
            and previous.segment.step_index == segment.step_index
        )
        if straight_to_second_side:
            return None
        return Cue(work_cue(segment), stale_after_s=3.0)
