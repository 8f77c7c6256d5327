"""A routine as the text of a routine file, for `knotsession plan --save` to write."""

from __future__ import annotations

import json

from knotsession.core.routine import Routine, Step


def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, and non-ASCII text stays readable."""
    return json.dumps(text, ensure_ascii=False)


def _strings(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(_string(item) for item in items) + "]"


def _step_lines(step: Step) -> list[str]:
    lines = ["", "[[steps]]", f"name = {_string(step.name)}", f'kind = "{step.kind}"']
    lines.append(f"duration = {step.duration_s}")
    if step.sides != "none":
        lines.append(f'sides = "{step.sides}"')
    if step.area is not None:
        lines.append(f'area = "{step.area}"')
    if step.spot is not None:
        lines.append(f'spot = "{step.spot}"')
    if step.poses:
        pose = _string(step.poses[0]) if len(step.poses) == 1 else _strings(step.poses)
        lines.append(f"pose = {pose}")
    if step.cue is not None:
        lines.append(f"cue = {_string(step.cue)}")
    if step.spoken:
        lines.append(f"spoken = {_string(step.spoken)}")
    lines.append(f"instructions = {_string(step.instructions)}")
    return lines


def routine_text(routine: Routine, comment: str = "") -> str:
    """The routine file for `routine`, which parses back to the same steps."""
    lines = [f"# {line}".rstrip() for line in comment.splitlines()]
    lines += [f"name = {_string(routine.name)}"]
    if routine.description:
        lines.append(f"description = {_string(routine.description)}")
    lines.append(f"areas = {_strings(routine.areas)}")
    lines.append(f'position = "{routine.position}"')
    lines.append(f"equipment = {_strings(routine.equipment)}")
    if routine.lead_in_s is not None:
        lines.append(f"lead_in = {routine.lead_in_s}")
    if routine.safety:
        lines.append(f"safety = {_string(routine.safety)}")
    lines.append(f"skip_if = {_strings(routine.skip_if)}")
    for step in routine.steps:
        lines += _step_lines(step)
    return "\n".join(lines) + "\n"
