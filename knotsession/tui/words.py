"""How the app says things: clock times, body areas, sides, steps, tips and the safety note.

Pure functions of core values, kept apart from the screens so every screen words a
thing the same way and tests can check the wording without a terminal.
"""

from __future__ import annotations

from knotsession.core.engine import Segment
from knotsession.core.routine import Routine, Step
from knotsession.core.routine_summary import RoutineSummary
from knotsession.core.wording import clock, plural, time_left

# Shared with the plain runner and the commands.
__all__ = ["clock", "plural", "time_left"]

SAFETY_NOTE = (
    "Stretch gently, to mild tension, never to pain. Stop if a stretch or a knot gives "
    "sharp, shooting or tingling pain. See a professional when pain persists or keeps "
    "coming back."
)

TIPS: tuple[str, ...] = (
    "Get up and move for a few minutes every hour.",
    "Drink water through the day; muscles like it.",
    "Eat foods rich in calcium, magnesium and potassium: greens, nuts, beans, bananas.",
    "Notice which positions make you tense, and change them before the knot comes back.",
    "When a knot keeps coming back, see a massage therapist, physiotherapist or acupuncturist.",
)

_SIDED = {"both": "each side", "left": "left side", "right": "right side"}


def minutes_label(seconds: float) -> str:
    """`5 min` for 300 seconds, `45 s` under a minute."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    return f"{round(whole / 60)} min"


def area_label(area: str) -> str:
    """`Upper back` for `upper-back`."""
    return area.replace("-", " ").capitalize()


def equipment_label(routine: Routine | RoutineSummary) -> str:
    """What to have at hand, or `no equipment`."""
    return ", ".join(routine.equipment) if routine.equipment else "no equipment"


def step_length(step: Step) -> str:
    """`30 s`, or `30 s each side` for a step done on both sides."""
    sided = _SIDED.get(step.sides)
    return f"{step.duration_s} s {sided}" if sided == "each side" else f"{step.duration_s} s"


def segment_heading(segment: Segment) -> str:
    """What the person does now: `Get ready`, `Switch sides`, or the step's kind."""
    if segment.kind == "lead_in":
        return "Get ready"
    if segment.kind == "switch":
        return "Switch sides"
    return segment.step.kind.capitalize()


def segment_title(segment: Segment) -> str:
    """`Upper trapezius stretch · left side`."""
    side = f" · {segment.side} side" if segment.side else ""
    return f"{segment.step.name}{side}"


def tip_for(number: int) -> str:
    """The tip for the `number`th completion; they take turns."""
    return TIPS[number % len(TIPS)]
