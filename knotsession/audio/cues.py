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


def cue_for(event: Event) -> Cue | None:
    """The cue for `event`, or None when it makes no sound: a function of the event alone.

    The second side of a step that starts straight after the first (no lead-in) comes with
    a SwitchSides event from the engine: only the switch sounds, not the step's chime too.
    """
    if isinstance(event, SegmentStarted):
        return _started(event.segment)
    if isinstance(event, SwitchSides):
        return Cue("switch", stale_after_s=3.0)
    if isinstance(event, Countdown):
        return Cue("tick", stale_after_s=0.5)
    if isinstance(event, Finished):
        return Cue("finish", stale_after_s=None)
    return None


def _started(segment: Segment) -> Cue | None:
    if segment.kind == "lead_in":
        return Cue("ready", stale_after_s=2.0)
    if segment.kind == "switch" or segment.follows_first_side:
        return None  # its SwitchSides event sounds the switch
    return Cue(work_cue(segment), stale_after_s=3.0)
