"""Today's plan: a routine built from the step library for the spots a person marked.

Pure: routines in, a `Plan` out. The plan is a warm-up, then stretches and self-massage
for the worst spots first (each spot takes a turn, worst first), a rest between two
pressure steps, both sides of any step that has sides, and a slow breathing finish that
takes up what is left so the whole plan, lead-ins and side switches included, lasts the
minutes asked to within `BUDGET_TOLERANCE_S`. Steps for an avoided area never appear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal, cast, get_args

import msgspec

from knotsession.core.engine import planned_duration_s
from knotsession.core.routine import MAX_SKIP_IF, BodyArea, Routine, Step
from knotsession.core.spots import Spot

Equipment = Literal["ball", "roller", "strap", "wall", "doorway"]
PlanPosition = Literal["seated", "standing", "floor"]
EQUIPMENT: tuple[str, ...] = get_args(Equipment)
PLAN_POSITIONS: tuple[str, ...] = get_args(PlanPosition)
MINUTE_CHOICES = (2, 5, 10, 15)

BUDGET_TOLERANCE_S = 15
LEAD_IN_S = 5
WARM_UP_S = 30
REST_S = 15
MIN_SIDE_S = 15
MAX_WORK_S = 90  # one side of a stretch or a pressure step, however long the plan
PRESSURE_KINDS = frozenset({"massage"})
TARGET_KINDS = ("massage", "stretch", "mobility")
WARM_UP_KINDS = ("mobility", "walk", "breathe")

# Words in a routine's equipment list, and the equipment they need.
_EQUIPMENT_WORDS: dict[str, Equipment] = {
    "ball": "ball",
    "roller": "roller",
    "strap": "strap",
    "towel": "strap",
    "wall": "wall",
    "doorway": "doorway",
    "door": "doorway",
}
SAFETY = (
    "Pressure should be strong but bearable, never sharp. Ease off at tingling, numbness or "
    "pain that spreads, and see a professional when pain persists or keeps coming back."
)
WARM_UP_WHY = "to warm up before the work on your spots"
REST_WHY = "a rest between two pressure steps, so the spot can settle"
FINISH_WHY = "to finish: slow breathing lets the worked spots settle"


class Target(msgspec.Struct, frozen=True):
    """What the plan works on: a marked spot with its intensity, or a whole body area."""

    label: str
    where: str
    areas: tuple[BodyArea, ...]
    intensity: int


class LibraryStep(msgspec.Struct, frozen=True):
    """A step of a bundled routine, with what doing it needs: a position and equipment."""

    step: Step
    routine_id: str
    position: str
    needs: tuple[frozenset[str], ...]
    skip_if: tuple[str, ...] = ()

    def usable(self, position: str, equipment: frozenset[str]) -> bool:
        """True when this step can be done in `position` with `equipment` at hand."""
        if self.position not in (position, "any"):
            return False
        return all(need & equipment for need in self.needs)


class Plan(msgspec.Struct, frozen=True):
    """A routine to play or save, why each step is there, and what was left out and why."""

    routine: Routine
    reasons: tuple[str, ...]
    left_out: tuple[str, ...] = ()
    budget_s: int = 0

    @property
    def duration_s(self) -> int:
        """Seconds the plan takes, lead-ins and switches included."""
        return planned_duration_s(self.routine)


def spot_target(spot: Spot, intensity: int) -> Target:
    """A marked spot as a target."""
    return Target(spot.label, spot.where, spot.areas, intensity)


def area_target(area: BodyArea, intensity: int = 5) -> Target:
    """A whole body area as a target ("for your lower-back")."""
    return Target(area, f"in your {area.replace('-', ' ')}", (area,), intensity)


def equipment_needs(words: Iterable[str]) -> tuple[frozenset[str], ...]:
    """What a routine's equipment list needs: each item, one of its alternatives.

    "doorway or wall" is satisfied by either; an item with no known word in it (a chair,
    a mat, a bed) is taken to be at hand."""
    needs = []
    for item in words:
        words_in_item = set(re.findall(r"[a-z]+", item.lower()))
        found = {kit for word, kit in _EQUIPMENT_WORDS.items() if word in words_in_item}
        if found:
            needs.append(frozenset(found))
    return tuple(needs)


def step_library(routines: Iterable[Routine]) -> tuple[LibraryStep, ...]:
    """Every step of `routines`, with the position and equipment of its routine."""
    steps = []
    for routine in routines:
        needs = equipment_needs(routine.equipment)
        for step in routine.steps:
            steps.append(LibraryStep(step, routine.id, routine.position, needs, routine.skip_if))
    return tuple(steps)


def _is_avoided(step: Step, avoid: frozenset[str]) -> bool:
    return step.area in avoid or step.spot in avoid


def _sides_count(step: Step) -> int:
    return 2 if step.sides == "both" else 1


def _cost_s(step: Step) -> int:
    """Seconds a step adds to the plan: a lead-in (or a switch) and the work, per side."""
    return _sides_count(step) * (LEAD_IN_S + step.duration_s)


def _fitted(step: Step, remaining_s: int) -> Step | None:
    """The step at its own length (within bounds), shortened to fit, or None if it cannot."""
    sides = _sides_count(step)
    duration = min(max(step.duration_s, MIN_SIDE_S), MAX_WORK_S)
    if sides * (LEAD_IN_S + duration) > remaining_s:
        duration = remaining_s // sides - LEAD_IN_S
    if duration < MIN_SIDE_S:
        return None
    return msgspec.structs.replace(step, duration_s=duration)


def _with_why(step: Step, why: str) -> Step:
    """The step with the reason it is in the plan as its instructions' first sentence."""
    first = why[:1].upper() + why[1:] + "."
    text = f"{first} {step.instructions}".strip()
    return msgspec.structs.replace(step, instructions=text)


def _candidates(target: Target, pool: Sequence[LibraryStep]) -> list[LibraryStep]:
    """Steps that treat `target`: its first area first, pressure and stretches alternating."""
    treating = [
        item
        for item in pool
        if item.step.kind in TARGET_KINDS
        and (item.step.area in target.areas or item.step.spot in target.areas)
    ]

    def rank(item: LibraryStep) -> tuple[int, int]:
        area = item.step.spot or item.step.area
        area_rank = target.areas.index(area) if area in target.areas else len(target.areas)
        return area_rank, TARGET_KINDS.index(item.step.kind)

    treating.sort(key=rank)
    pressure = [item for item in treating if item.step.kind in PRESSURE_KINDS]
    others = [item for item in treating if item.step.kind not in PRESSURE_KINDS]
    mixed: list[LibraryStep] = []
    for index in range(max(len(pressure), len(others))):
        mixed.extend(group[index] for group in (pressure, others) if index < len(group))
    return mixed


def _warm_up(
    targets: Sequence[Target], pool: Sequence[LibraryStep], remaining_s: int
) -> LibraryStep | None:
    """A gentle moving or breathing step, for a target's area if there is one."""
    areas = {area for target in targets for area in target.areas}
    moving = [item for item in pool if item.step.kind in WARM_UP_KINDS]
    moving.sort(
        key=lambda item: (
            item.step.area not in areas,
            WARM_UP_KINDS.index(item.step.kind),
            item.step.sides == "both",
        )
    )
    return moving[0] if moving else None


def plan_position(value: str) -> PlanPosition:
    """`value` as a plan's position, or ValueError naming the ones there are."""
    if value not in PLAN_POSITIONS:
        raise ValueError(f"no position {value!r}: {', '.join(PLAN_POSITIONS)}")
    return cast("PlanPosition", value)


def build_plan(
    library: Iterable[LibraryStep],
    targets: Sequence[Target],
    *,
    minutes: int,
    position: str,
    equipment: Iterable[str] = (),
    avoid: Iterable[str] = (),
    plan_id: str = "todays-plan",
) -> Plan:
    """Today's plan for `targets`, worst first, lasting `minutes` (see the module doc)."""
    budget_s = minutes * 60
    avoided = frozenset(avoid)
    kit = frozenset(equipment)
    pool = [
        item
        for item in library
        if item.usable(position, kit) and not _is_avoided(item.step, avoided)
    ]
    left_out = [
        f"{t.label}: {', '.join(t.areas)} marked to avoid"
        for t in targets
        if set(t.areas) <= avoided
    ]
    kept = [
        msgspec.structs.replace(t, areas=tuple(a for a in t.areas if a not in avoided))
        for t in targets
        if not set(t.areas) <= avoided
    ]
    kept.sort(key=lambda t: -t.intensity)  # stable: equal intensities keep their order
    chosen: list[tuple[Step, str, LibraryStep | None]] = []
    # Room kept for the finish, so the breathing at the end always fits.
    finish_s = LEAD_IN_S + MIN_SIDE_S
    remaining = budget_s - finish_s
    warm = _warm_up(kept, pool, remaining)
    if warm is not None and remaining >= LEAD_IN_S + MIN_SIDE_S:
        length = min(WARM_UP_S, max(MIN_SIDE_S, remaining // 6 - LEAD_IN_S))
        step = msgspec.structs.replace(warm.step, duration_s=length, sides="none")
        chosen.append((step, WARM_UP_WHY, warm))
        remaining -= _cost_s(step)
    queues = [(target, _candidates(target, pool)) for target in kept]
    used = {id(warm)} if warm is not None else set()
    progress = True
    while progress:
        progress = False
        for target, queue in queues:
            picked = _next_fitting(queue, used, chosen, remaining)
            if picked is None:
                continue
            item, step, cost = picked
            if chosen and chosen[-1][0].kind in PRESSURE_KINDS and step.kind in PRESSURE_KINDS:
                chosen.append((_rest_step(), REST_WHY, None))
            chosen.append((step, f"for the knot {target.where}", item))
            used.add(id(item))
            remaining -= cost
            progress = True
    steps = [step for step, _, _ in chosen]
    reasons = [why for _, why, _ in chosen]
    steps, reasons = _finish(steps, reasons, pool, budget_s)
    sources = [item for _, _, item in chosen if item is not None]
    routine = _routine(plan_id, kept, steps, reasons, plan_position(position), kit, sources)
    return Plan(routine, tuple(reasons), tuple(left_out), budget_s)


def _next_fitting(
    queue: list[LibraryStep],
    used: set[int],
    chosen: list[tuple[Step, str, LibraryStep | None]],
    remaining: int,
) -> tuple[LibraryStep, Step, int] | None:
    """The next unused step of `queue` that fits what is left (with a rest before it when
    it would follow a pressure step), at the length it fits; or None."""
    after_pressure = bool(chosen) and chosen[-1][0].kind in PRESSURE_KINDS
    for item in queue:
        if id(item) in used:
            continue
        rest = _cost_s(_rest_step()) if after_pressure and item.step.kind in PRESSURE_KINDS else 0
        step = _fitted(item.step, remaining - rest)
        if step is not None:
            return item, step, _cost_s(step) + rest
    return None


def _rest_step() -> Step:
    return Step(
        "Rest",
        REST_S,
        kind="rest",
        instructions="Come off the pressure, let the spot rest and breathe slowly.",
    )


def _finish(
    steps: list[Step], reasons: list[str], pool: Sequence[LibraryStep], budget_s: int
) -> tuple[list[Step], list[str]]:
    """Lengthen the work toward the budget, then close with slow breathing for the rest."""
    total = sum(_cost_s(step) for step in steps)
    extendable = [i for i, why in enumerate(reasons) if why.startswith("for the knot")]
    growing = True
    while growing and budget_s - total > LEAD_IN_S + MIN_SIDE_S + BUDGET_TOLERANCE_S:
        growing = False
        for index in extendable:
            step = steps[index]
            sides = _sides_count(step)
            spare = budget_s - total - (LEAD_IN_S + MIN_SIDE_S)
            grow = min(5, MAX_WORK_S - step.duration_s, spare // sides)
            if grow <= 0:
                continue
            steps[index] = msgspec.structs.replace(step, duration_s=step.duration_s + grow)
            total += grow * sides
            growing = True
    left = budget_s - total - LEAD_IN_S
    # Past the tolerance, the finish closes the gap even when it is short (11 s or more).
    if left >= MIN_SIDE_S or left + LEAD_IN_S > BUDGET_TOLERANCE_S:
        breathing = [item.step for item in pool if item.step.kind == "breathe"]
        base = breathing[0] if breathing else _rest_step()
        finish = msgspec.structs.replace(base, duration_s=left, sides="none", kind="breathe")
        if not breathing:
            finish = msgspec.structs.replace(
                finish,
                name="Slow breathing",
                instructions="Sit or stand easy, breathe in through your nose and out slowly.",
            )
        steps.append(finish)
        reasons.append(FINISH_WHY)
    return steps, reasons


def _routine(
    plan_id: str,
    targets: Sequence[Target],
    steps: Sequence[Step],
    reasons: Sequence[str],
    position: PlanPosition,
    kit: frozenset[str],
    sources: Sequence[LibraryStep],
) -> Routine:
    labels = [t.label for t in targets]
    name = "Today's plan" + (f": {', '.join(labels[:3])}" if labels else "")
    if len(labels) > 3:
        name += f" and {len(labels) - 3} more"
    areas = tuple(dict.fromkeys(s.area for s in steps if s.area is not None))
    needed = sorted({e for item in sources for need in item.needs for e in need & kit})
    skip_if = tuple(dict.fromkeys(c for item in sources for c in item.skip_if))[:MAX_SKIP_IF]
    described = ", ".join(f"{t.label} ({t.intensity}/10)" for t in targets)
    return Routine(
        id=plan_id,
        name=name,
        areas=areas or ("neck",),
        steps=tuple(_with_why(step, why) for step, why in zip(steps, reasons, strict=True)),
        description=f"Made by knotsession plan for {described or 'a short break'}.",
        position=position,
        equipment=tuple(needed),
        lead_in_s=LEAD_IN_S,
        safety=SAFETY,
        skip_if=skip_if,
        origin="user",
    )


def plan_for_marks(
    routines: Iterable[Routine], marks: Iterable[tuple[str, int]], **options: Any
) -> Plan:
    """Today's plan from the bundled routines' steps for marks of (spot id, 0-10); the
    options are build_plan's (minutes, position, equipment, avoid, plan_id)."""
    from knotsession.core.spots import find_spot

    library = step_library(r for r in routines if r.origin == "bundled")
    targets = [spot_target(find_spot(spot), n) for spot, n in marks if n > 0]
    return build_plan(library, targets, **options)
