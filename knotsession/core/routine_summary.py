"""What lists need of a routine, small enough to keep for ten thousand of them.

A library holds a summary per routine and reads a routine's steps from its file only
when it is opened (previewed, started, edited), so a folder of thousands of routine
files costs a few megabytes rather than the whole of every file, parsed.
"""

from __future__ import annotations

import msgspec

from knotsession.core.routine import BodyArea, Origin, Position, Routine, StepKind


class RoutineSummary(msgspec.Struct, frozen=True, array_like=True):
    """A routine without its steps: what the menus, `list` and the break choice use."""

    id: str
    name: str
    areas: tuple[BodyArea, ...]
    work_s: int
    """Seconds of steps, a `both` step counting twice; lead-ins not included."""
    step_count: int
    sides_count: int
    """Work segments (a `both` step has two): each gets a lead-in or a switch."""
    worked: tuple[BodyArea, ...] = ()
    """Its areas, then its steps' areas, each once, in that order."""
    kinds: tuple[StepKind, ...] = ()
    """Its steps' kinds, each once."""
    description: str = ""
    position: Position = "any"
    equipment: tuple[str, ...] = ()
    lead_in_s: int | None = None
    safety: str = ""
    skip_if: tuple[str, ...] = ()
    origin: Origin = "bundled"
    path: str | None = None
    """Its file, as text (ten thousand Path objects are slow to make and to store)."""

    def avoided(self, avoid: tuple[str, ...]) -> tuple[BodyArea, ...]:
        """The areas to avoid (the `avoid` setting) this routine works; () when none."""
        return tuple(area for area in self.worked if area in avoid)

    def planned_s(self, default_lead_in_s: int) -> int:
        """Seconds it takes with its lead-ins and switches (as `engine.planned_duration_s`)."""
        lead_in_s = self.lead_in_s if self.lead_in_s is not None else default_lead_in_s
        return self.work_s + self.sides_count * max(lead_in_s, 0)


def summarise(routine: Routine) -> RoutineSummary:
    """The summary of a parsed routine."""
    steps = routine.steps
    return RoutineSummary(
        id=routine.id,
        name=routine.name,
        areas=routine.areas,
        work_s=routine.work_s,
        step_count=len(steps),
        sides_count=sum(2 if step.sides == "both" else 1 for step in steps),
        worked=tuple(dict.fromkeys([*routine.areas, *(s.area for s in steps if s.area)])),
        kinds=tuple(dict.fromkeys(step.kind for step in steps)),
        description=routine.description,
        position=routine.position,
        equipment=routine.equipment,
        lead_in_s=routine.lead_in_s,
        safety=routine.safety,
        skip_if=routine.skip_if,
        origin=routine.origin,
        path=str(routine.path) if routine.path is not None else None,
    )
