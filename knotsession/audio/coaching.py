"""What the coaching voice says, and when: pure, so every line is tested without audio.

    coach = Coach("full")
    moment = coach.moment_for(event)     # the lines for this event, longest first, and
                                         # how long there is to say one before the next cue

Each step is introduced by name, side and length, then its instructions: in full the
first time in a session, briefly (the step's `spoken` text, or its first sentence) on
the second side, when repeated, or when the detail is `brief`. Then the cues a coach
gives: switch sides, halfway, ten seconds left, a calm breathing pace in a breathing
step, and the end. The narrator says the longest line that is rendered and fits in the
time before the next cue, so speech is shortened, never late.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from knotsession.audio.speech import duration_words, number_words
from knotsession.core.engine import (
    COUNTDOWN_FROM_S,
    DEFAULT_LEAD_IN_S,
    Event,
    Finished,
    Halfway,
    Pace,
    Segment,
    SegmentStarted,
    SwitchSides,
    planned_events,
)
from knotsession.core.pace import TEN_SECONDS_LEFT, PaceMark, breath_pattern, pace_marks
from knotsession.core.routine import Routine, Step

Detail = Literal["full", "brief"]
DETAILS: tuple[Detail, ...] = ("full", "brief")

CLOSING_LINE = "Routine complete. Well done."
SWITCH_LINE = "Switch sides"
HALFWAY_LINE = "Halfway"
PACE_LINES: dict[PaceMark, str] = {
    "ten-seconds-left": "Ten seconds left",
    "breathe-in": "Breathe in",
    "hold-in": "Hold",
    "breathe-out": "And out",
    "hold-out": "Hold",
}
# Room left for the cue that sounds at the same moment (the longest, the bowl, is 1.6 s).
CUE_ALLOWANCE_S = 1.7
# A line in the middle of a step that cannot start this soon is left out: it tells the time.
PROMPT_STALE_S = 0.5
MARGIN_S = 0.3
# A shorter step's halfway falls among its countdown ticks: it is not said.
HALFWAY_FROM_S = 10


@dataclass(frozen=True, slots=True)
class Moment:
    """The lines that may be said for an event, longest first, and the time to say one.

    `budget_s` is None for the end, which is worth hearing however long it takes. The
    last line of an `essential` moment (a step's name, side and length) is said even when
    nothing fits: a very short step still gets its name; a prompt is left out instead.
    """

    lines: tuple[str, ...]
    budget_s: float | None
    essential: bool = True
    stale_after_s: float | None = None


# --- written for the ear -------------------------------------------------------------------

_RANGE = re.compile(r"(\d+)\s*[-\u2013\u2014]\s*(\d+)")
_TIMES = re.compile(r"(\d+)\s*x\b")
_NUMBER = re.compile(r"\d+")
_SAID_AS = (
    ("e.g.", "for example"),
    ("i.e.", "that is"),
    ("%", " percent"),
    ("\u00b0", " degrees"),
    ("&", " and "),
    ("+", " plus "),
    ("/", " or "),
)
_NOT_SAID = re.compile(r"[^\w\s.,;:!?'\u2019-]")


def for_the_ear(text: str) -> str:
    """Text as it should be spoken: numbers as words, no symbols, one space between words."""
    for written, said in _SAID_AS:
        text = text.replace(written, said)
    text = _RANGE.sub(lambda found: f"{found[1]} to {found[2]}", text)
    text = _TIMES.sub(lambda found: f"{found[1]} times", text)
    text = _NUMBER.sub(lambda found: number_words(int(found[0])), text)
    text = _NOT_SAID.sub(" ", text)
    return " ".join(text.split())


def first_sentence(text: str) -> str:
    """The first sentence of a text (all of it when it has one)."""
    return re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]


def full_how(step: Step) -> str:
    """The step's instructions, for the ear."""
    return for_the_ear(step.instructions)


def brief_how(step: Step) -> str:
    """The step's spoken text, or the first sentence of its instructions, for the ear."""
    return for_the_ear(step.spoken or first_sentence(step.instructions))


def introduction(segment: Segment) -> str:
    """`Upper trapezius stretch, left side, thirty seconds`."""
    side = f"{segment.side} side, " if segment.side else ""
    return f"{for_the_ear(segment.step.name)}, {side}{duration_words(segment.duration_s)}"


# --- when ------------------------------------------------------------------------------------


def time_to_next_mark(segment: Segment, from_s: float) -> float:
    """Seconds from `from_s` into a work segment to its next spoken mark or its countdown.

    Halfway is not a boundary: it is said only when the voice is free.
    """
    length = segment.duration_s
    # A step too short for its countdown to start after it does is bounded by its end.
    countdown = length - COUNTDOWN_FROM_S if length - COUNTDOWN_FROM_S > from_s else length
    later = [at for _, at in pace_marks(segment.step, length) if from_s + 1e-9 < at < countdown]
    return max(min([*later, countdown]) - from_s, 0.0)


def _prompt_budget_s(segment: Segment, event: Halfway | Pace) -> float:
    """The time a prompt has before the next one (or the countdown) needs the voice."""
    if isinstance(event, Halfway):
        return time_to_next_mark(segment, segment.duration_s / 2)
    if event.mark == "ten-seconds-left":
        return TEN_SECONDS_LEFT - COUNTDOWN_FROM_S
    return float(min(seconds for _, seconds in breath_pattern(segment.step)))


class Coach:
    """Turns a session's events into moments to speak, remembering what was explained."""

    def __init__(self, detail: Detail = "full") -> None:
        self.detail: Detail = detail
        self._explained: set[int] = set()

    def moment_for(self, event: Event) -> Moment | None:
        """What may be said for `event`, or None when it says nothing."""
        if isinstance(event, SegmentStarted):
            return self._started(event.segment)
        if isinstance(event, SwitchSides):
            return self._switch(event.segment)
        if isinstance(event, Halfway | Pace):
            return self._prompt(event)
        if isinstance(event, Finished):
            return Moment((CLOSING_LINE,), None)
        return None

    def _started(self, segment: Segment) -> Moment | None:
        name = for_the_ear(segment.step.name)
        if segment.kind == "lead_in":
            budget = segment.duration_s - CUE_ALLOWANCE_S
            return Moment((f"Get ready: {name}", "Get ready"), budget)
        if segment.kind == "switch" or segment.follows_first_side:
            return None  # its SwitchSides event says it
        intro = introduction(segment)
        budget = time_to_next_mark(segment, 0.0) - CUE_ALLOWANCE_S
        return Moment((*self._explained_lines(segment, intro), intro), budget)

    def _explained_lines(self, segment: Segment, intro: str) -> list[str]:
        """The introduction with the how-to after it: the full one first, then the brief."""
        step = segment.step
        if not step.instructions and not step.spoken:
            return []
        first_time = segment.step_index not in self._explained and segment.side != "right"
        self._explained.add(segment.step_index)
        hows = [brief_how(step)]
        if first_time and self.detail == "full" and full_how(step) != hows[0]:
            hows.insert(0, full_how(step))
        return [f"{intro}. {how}" for how in hows]

    def _switch(self, segment: Segment) -> Moment:
        if segment.kind != "work":  # a switch segment: its end starts the other side
            return Moment((SWITCH_LINE,), segment.duration_s - CUE_ALLOWANCE_S)
        side_and_length = introduction(segment).split(", ", 1)[1]
        said = f"{SWITCH_LINE}. {side_and_length[:1].upper()}{side_and_length[1:]}"
        lines = [said]
        if segment.step.instructions or segment.step.spoken:
            lines.insert(0, f"{said}. {brief_how(segment.step)}")
        budget = time_to_next_mark(segment, 0.0) - CUE_ALLOWANCE_S
        return Moment(tuple(lines), budget)

    def _prompt(self, event: Halfway | Pace) -> Moment | None:
        segment = event.segment
        breathing = segment.step.kind == "breathe"
        if isinstance(event, Halfway):
            if breathing or segment.duration_s < HALFWAY_FROM_S:
                return None  # paced breathing instead; or the countdown is just after it
            line = HALFWAY_LINE
        else:
            line = PACE_LINES[event.mark]
        budget = _prompt_budget_s(segment, event) - MARGIN_S
        return Moment((line,), budget, essential=False, stale_after_s=PROMPT_STALE_S)


def routine_lines(routine: Routine, default_lead_in_s: int = DEFAULT_LEAD_IN_S) -> tuple[str, ...]:
    """Every line a run of the routine may say, once each, in the order they are first needed.

    Within a moment the shortest comes first, so something is ready soonest; the full
    how-to is listed, so switching to full detail in a session finds it rendered.
    """
    coach = Coach("full")
    lines: dict[str, None] = {}
    for event in planned_events(routine, default_lead_in_s):
        moment = coach.moment_for(event)
        if moment is not None:
            for line in reversed(moment.lines):
                lines.setdefault(line)
    return tuple(lines)
