"""A coach's moments inside a step: ten seconds left, and a calm breathing pace.

Pure functions of a step and its length, so the engine can time them like halfway and
the countdown, and the voice can say them. A breathing step is talked through in its
first half (its instructions) and paced in its second half, following the step: box
breathing holds between breaths, any other breathing step breathes in for four seconds
and out for six (a calm six breaths a minute).
"""

from __future__ import annotations

from typing import Literal, cast

from knotsession.core.routine import Step

PaceMark = Literal["ten-seconds-left", "breathe-in", "hold-in", "breathe-out", "hold-out"]
BreathPattern = tuple[tuple[PaceMark, int], ...]

TEN_SECONDS_LEFT = 10
# Below this a step's halfway and its last-seconds ticks are close enough to tell the time.
TEN_SECONDS_LEFT_FROM_S = 25
CALM_BREATH: BreathPattern = (("breathe-in", 4), ("breathe-out", 6))
BOX_BREATH: BreathPattern = (
    ("breathe-in", 4),
    ("hold-in", 4),
    ("breathe-out", 4),
    ("hold-out", 4),
)
# A breath mark is left out this close to the step's end (its countdown and the next cue).
BREATH_CLEAR_OF_END_S = 4


def breath_pattern(step: Step) -> BreathPattern:
    """The breathing the step describes: box breathing holds, the rest breathe in and out."""
    words = f"{step.name} {step.instructions}".lower()
    return BOX_BREATH if "box breathing" in words or "hold for four" in words else CALM_BREATH


def pace_marks(step: Step, length_s: float) -> list[tuple[str, float]]:
    """(key, seconds into the work segment) of the step's coach moments; keys are unique.

    A key is the mark's name, with `@seconds` for breaths, which come many times.
    """
    if step.kind == "breathe":
        return _breath_marks(breath_pattern(step), length_s)
    if length_s >= TEN_SECONDS_LEFT_FROM_S:
        return [("ten-seconds-left", length_s - TEN_SECONDS_LEFT)]
    return []


def mark_of(key: str) -> PaceMark:
    """The mark a key stands for: `breathe-in@12` is `breathe-in`."""
    return cast("PaceMark", key.split("@", 1)[0])


def _breath_marks(pattern: BreathPattern, length_s: float) -> list[tuple[str, float]]:
    marks: list[tuple[str, float]] = []
    at = length_s / 2
    last = length_s - BREATH_CLEAR_OF_END_S
    while at <= last:
        for mark, seconds in pattern:
            if at > last:
                break
            marks.append((f"{mark}@{at:g}", at))
            at += seconds
    return marks
