"""Routine files written by knotsession: a routine as the text of its file (`plan --save`),
and the one way such a text reaches the disk (`plan --save`, `new`): checked first, then
written whole, never over a file that exists unless asked."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from pathlib import Path

from knotsession.core.routine import Routine, RoutineError, Step, parse_routine


class NotWritten(Exception):
    """Why a routine file was not written (one line), and the exit code that goes with it."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def write_routine_file(
    target: Path,
    text: str,
    *,
    shown_as: str,
    known_cues: frozenset[str] | None = None,
    known_poses: frozenset[str] | None = None,
    overwrite: bool = False,
) -> None:
    """Write `text` to `target` if it loads as the person's routine (its id is the file's
    stem), making the folder; `shown_as` names the file in messages. The file appears whole
    or not at all. Raises NotWritten."""
    data = text.encode("utf-8")
    try:
        parse_routine(
            data,
            file=shown_as,
            routine_id=target.stem,
            origin="user",
            known_cues=known_cues,
            known_poses=known_poses,
        )
    except RoutineError as problem:
        raise NotWritten(f"not written, it would not load: {problem}") from None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise NotWritten(f"cannot make the folder {target.parent} ({error.strerror})") from None
    try:
        _write_whole(target, data, overwrite)
    except FileExistsError:
        raise NotWritten(f"{target} already exists; edit it, or choose another id", 2) from None
    except OSError as error:
        raise NotWritten(f"cannot write {target} ({error.strerror})") from None


def _write_whole(target: Path, data: bytes, overwrite: bool) -> None:
    """Write beside `target`, then put it in place: a reader never sees half a file."""
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # umask'd
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        if overwrite:
            os.replace(temporary, target)
            return
        try:
            os.link(temporary, target)  # fails if `target` exists: never over another file
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: write in place, as exclusive
            with target.open("xb") as handle:
                handle.write(data)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


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
