"""Named poses, kept as data in poses.toml: a view, some joint angles and a few props.

`poses.toml` has one table per pose. A pose may start from another (`like = "seated"`)
and change only what differs. Every problem is a PoseFileError naming the file and the
place, like a routine file's: `poses.toml: neck-side-tilt.heed: unknown joint; ...`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

import msgspec

from knotsession.core.errors import DataFileError
from knotsession.core.library import display_path
from knotsession.core.routine import (
    BODY_AREAS,
    NAME_PATTERN,
    BodyArea,
    RoutineError,
    decode_text,
    did_you_mean,
    load_toml,
)
from knotsession.figures.body import JOINT_RANGES, JOINTS, VIEWS, View

POSES_FILE = Path(__file__).with_name("poses.toml")
# Where a wall stands: in front of or behind a figure seen from the side, or at the
# person's left or right when seen from the front.
WallSide = Literal["front", "back", "left", "right"]


@dataclass(frozen=True, slots=True)
class Pose:
    """A named pose: how the body is seen, its joint angles and the props around it."""

    name: str
    view: View = "front"
    angles: tuple[tuple[str, float], ...] = ()
    chair: bool = False
    wall: WallSide | None = None
    ball: BodyArea | None = None
    roller: BodyArea | None = None
    door: bool = False
    strap: bool = False
    floor: bool = True

    def angle_map(self) -> dict[str, float]:
        """The joint angles as a dict; joints not set are 0."""
        return dict(self.angles)


_SETTINGS: tuple[tuple[str, Any], ...] = (
    ("view", View | None),
    ("like", str | None),
    ("chair", bool | None),
    ("wall", WallSide | None),
    ("ball", BodyArea | None),
    ("roller", BodyArea | None),
    ("door", bool | None),
    ("strap", bool | None),
    ("floor", bool | None),
)
_RawPose = msgspec.defstruct(
    "_RawPose",
    [(name, kind, None) for name, kind in _SETTINGS]
    + [(joint.name.replace("-", "_"), float | None, None) for joint in JOINTS],
    forbid_unknown_fields=True,
    rename="kebab",
)
_KEYS = tuple(name for name, _ in _SETTINGS) + tuple(JOINT_RANGES)
_VOCABULARY = {
    "view": ("view", VIEWS),
    "ball": ("body area", BODY_AREAS),
    "roller": ("body area", BODY_AREAS),
    "wall": ("wall side", get_args(WallSide)),
}
_FLAGS = ("chair", "door", "strap", "floor")


class PoseFileError(DataFileError):
    """A problem with a poses file (poses.toml): the file, the pose, what and how to fix it."""


class UnknownPose(LookupError):
    """No bundled pose has this name; the message says so, with a suggestion."""


def load_poses(path: Path) -> dict[str, Pose]:
    """Read and check a poses file; raise PoseFileError naming the file and place."""
    file = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PoseFileError(file, f"cannot be read ({error.strerror})") from None
    return parse_poses(data, file)


def parse_poses(data: bytes, file: str) -> dict[str, Pose]:
    """Check a poses file's bytes and resolve `like`; every pose comes out complete."""
    try:
        document = load_toml(decode_text(data, file), file)
    except RoutineError as error:  # the shared TOML reader's kind, made this file's kind
        raise PoseFileError(error.file, error.message, error.place, error.hint) from None
    if not document:
        raise PoseFileError(file, "no poses in the file", hint="add a table such as [standing]")
    raw = {name: _convert(name, table, file) for name, table in document.items()}
    done: dict[str, Pose] = {}
    return {name: _resolve(name, raw, file, done, ()) for name in raw}


@functools.cache
def bundled_poses() -> dict[str, Pose]:
    """The poses shipped with knotsession, read once."""
    return load_poses(POSES_FILE)


def pose_names() -> frozenset[str]:
    """Names of every pose a routine step may use."""
    return frozenset(bundled_poses())


def get_pose(name: str) -> Pose:
    """A bundled pose by name; UnknownPose with a suggestion when there is none."""
    poses = bundled_poses()
    if name not in poses:
        hint = did_you_mean(name, sorted(poses))
        raise UnknownPose(f"unknown pose '{name}'" + (f"; {hint}" if hint else ""))
    return poses[name]


def _convert(name: str, table: Any, file: str) -> tuple[Any, dict[str, float]]:
    """A pose's table checked: its settings, and the angles it sets."""
    if not NAME_PATTERN.match(name) or "_" in name:
        raise PoseFileError(
            file, f"'{name}' is not a pose name", hint="use lowercase letters, digits and dashes"
        )
    if not isinstance(table, dict):
        raise PoseFileError(file, f"expected a table of joint angles, got {table!r}", place=name)
    try:
        raw = msgspec.convert(table, _RawPose)
    except msgspec.ValidationError as error:
        raise _explain(error, name, table, file) from None
    angles = {key: float(value) for key, value in table.items() if key in JOINT_RANGES}
    for joint, value in angles.items():
        low, high = JOINT_RANGES[joint]
        if not low <= value <= high:
            raise PoseFileError(
                file, f"must be {low}..{high} degrees, got {value:g}", place=f"{name}.{joint}"
            )
    return raw, angles


def _explain(error: msgspec.ValidationError, name: str, table: dict, file: str) -> PoseFileError:
    message = str(error)
    unknown = re.match(r"Object contains unknown field `(.+)`", message)
    if unknown:
        key = unknown[1]
        hint = did_you_mean(key, _KEYS) or "see the joints listed at the top of poses.toml"
        return PoseFileError(file, "unknown joint", place=f"{name}.{key}", hint=hint)
    found = re.match(r"(.*) - at `\$\.(.+)`$", message)
    if not found:
        return PoseFileError(file, message, place=name)
    key = found[2]
    place = f"{name}.{key}"
    value = table.get(key)
    if key in _VOCABULARY:
        label, choices = _VOCABULARY[key]
        hint = did_you_mean(str(value), choices) or f"choose from: {', '.join(choices)}"
        return PoseFileError(file, f"unknown {label} '{value}'", place=place, hint=hint)
    wanted = "true or false" if key in _FLAGS else "a number of degrees"
    if key == "like":
        wanted = "a pose name"
    return PoseFileError(file, f"expected {wanted}, got {value!r}", place=place)


def _resolve(
    name: str,
    raw: dict[str, tuple[Any, dict[str, float]]],
    file: str,
    done: dict[str, Pose],
    seen: tuple[str, ...],
) -> Pose:
    """A pose with what it inherits through `like` filled in (kept in `done`)."""
    if name in done:
        return done[name]
    this, own_angles = raw[name]
    base = Pose(name)
    if this.like is not None:
        if this.like not in raw:
            hint = did_you_mean(this.like, sorted(raw))
            raise PoseFileError(
                file, f"unknown pose '{this.like}'", place=f"{name}.like", hint=hint
            )
        if this.like in (*seen, name):
            chain = " -> ".join((*seen, name, this.like))
            raise PoseFileError(file, f"goes round in a circle ({chain})", place=f"{name}.like")
        base = _resolve(this.like, raw, file, done, (*seen, name))
    angles = dict(base.angles) | own_angles
    pose = Pose(
        name=name,
        view=this.view or base.view,
        angles=tuple(sorted(angles.items())),
        chair=base.chair if this.chair is None else this.chair,
        wall=this.wall or base.wall,
        ball=this.ball or base.ball,
        roller=this.roller or base.roller,
        door=base.door if this.door is None else this.door,
        strap=base.strap if this.strap is None else this.strap,
        floor=base.floor if this.floor is None else this.floor,
    )
    if pose.wall in ("front", "back") and pose.view != "side":
        raise PoseFileError(
            file, f'a wall in {pose.wall} needs view = "side"', place=f"{name}.wall"
        )
    if pose.wall in ("left", "right") and pose.view != "front":
        raise PoseFileError(
            file, f'a wall at the {pose.wall} needs view = "front"', place=f"{name}.wall"
        )
    if pose.door and pose.view != "front":
        raise PoseFileError(file, 'a doorway needs view = "front"', place=f"{name}.door")
    done[name] = pose
    return pose
