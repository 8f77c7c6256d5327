"""The body model: joints with their allowed angles, and forward kinematics to a stick figure.

The figure lives in a flat picture, seen from the front or from the side (facing right).
Angles are degrees relative to the parent part, 0 being a person standing at ease.
"Left" means the person's left, which is on the screen's right in the front view; the
unmirrored figure always works the left side, and mirroring shows the right one.
An `-out` angle tips a part out of the picture, towards you, so it looks shorter.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, get_args

View = Literal["front", "side"]
VIEWS: tuple[str, ...] = get_args(View)
Point = tuple[float, float]
Segment = tuple[Point, Point]


@dataclass(frozen=True, slots=True)
class Joint:
    """A joint of the model: its name, the angles it takes and what a positive angle does."""

    name: str
    low: int
    high: int
    meaning: str


def _limb(side: str) -> tuple[Joint, ...]:
    return (
        Joint(f"{side}-shrug", -30, 60, "shoulder lifts towards the ear"),
        Joint(f"{side}-shoulder", -180, 180, "upper arm: side view forward/up, front view outward"),
        Joint(f"{side}-shoulder-out", 0, 90, "upper arm towards you"),
        Joint(f"{side}-elbow", -170, 170, "forearm bends the way the shoulder raises the arm"),
        Joint(f"{side}-elbow-out", 0, 90, "forearm towards you"),
        Joint(f"{side}-wrist", -90, 90, "hand bends the way the elbow bends the forearm"),
        Joint(f"{side}-hip", -160, 160, "thigh: side view forward/up, front view outward"),
        Joint(f"{side}-hip-out", 0, 90, "thigh towards you (sitting, seen from the front)"),
        Joint(f"{side}-knee", -170, 170, "lower leg: side view backward, front view inward"),
        Joint(f"{side}-knee-out", 0, 90, "lower leg towards you"),
        Joint(f"{side}-ankle", -90, 60, "foot: toes up"),
    )


JOINTS: tuple[Joint, ...] = (
    Joint("body", -180, 180, "the whole figure turns about the hips, clockwise"),
    Joint("trunk", -90, 150, "trunk bends: side view forward, front view to the screen's right"),
    Joint("trunk-out", 0, 90, "trunk towards you (bending forward, seen from the front)"),
    Joint("spine", -60, 90, "upper back bends on the lower back like the trunk (rounds, arches)"),
    Joint("twist", -90, 90, "shoulders turn: front view to the screen's right, side view to you"),
    Joint("neck", -60, 60, "neck bends like the trunk"),
    Joint("head", -60, 60, "head bends on the neck like the trunk"),
    Joint("head-turn", -90, 90, "front view: face turns to the screen's right"),
    Joint("head-nod", -60, 60, "front view: face looks down"),
    *_limb("left"),
    *_limb("right"),
)
JOINT_RANGES: dict[str, tuple[int, int]] = {joint.name: (joint.low, joint.high) for joint in JOINTS}

# Lengths in model units; a person standing is about 35 units tall.
HEAD_RADIUS = 3.0
NECK = 2.5
TRUNK = 10.5
SHOULDER_DROP = 1.0
UPPER_ARM = 6.0
FOREARM = 5.5
HAND = 2.0
THIGH = 8.5
SHANK = 8.5
SHOULDER_HALF_WIDTH = 4.0
TURNED_FACE_DEG = 45  # from this turn on, the front view shows the nose in profile
PROFILE_NOSE = 3.5
HIP_HALF_WIDTH = {"front": 2.0, "side": 0.0}
FOOT = {"front": 1.5, "side": 3.0}


@dataclass(frozen=True, slots=True)
class Skeleton:
    """A posed body in model units (y up): its lines, head, face mark and named points."""

    lines: tuple[Segment, ...]
    head_center: Point
    face: Segment
    points: Mapping[str, Point]
    # body area -> (a point on the body, the unit direction pointing away from it)
    anchors: Mapping[str, Segment]


class _Angles:
    """Joint angles of a pose, 0 for the joints it does not set."""

    def __init__(self, angles: Mapping[str, float]) -> None:
        self._angles = angles

    def __call__(self, joint: str) -> float:
        return self._angles.get(joint, 0.0)

    def shortened(self, length: float, joint: str) -> float:
        """A part's length as seen when its `-out` angle points it towards you."""
        return length * math.cos(math.radians(self(f"{joint}-out")))


def pose_skeleton(view: View, angles: Mapping[str, float]) -> Skeleton:
    """Place every part of the body for a view and a set of joint angles."""
    angle = _Angles(angles)
    up = _rotate((0.0, 1.0), -angle("body"))
    pelvis = (0.0, 0.0)
    lower_trunk = _rotate(up, -angle("trunk"))
    half_trunk = angle.shortened(TRUNK / 2, "trunk")
    middle_back = _along(pelvis, lower_trunk, half_trunk)
    trunk = _rotate(lower_trunk, -angle("spine"))
    neck_base = _along(middle_back, trunk, half_trunk)
    neck = _rotate(trunk, -angle("neck"))
    neck_top = _along(neck_base, neck, NECK)
    head = _rotate(neck, -angle("head"))
    head_center = _along(neck_top, head, HEAD_RADIUS)

    points = {"pelvis": pelvis, "middle-back": middle_back, "neck-base": neck_base}
    points |= {"neck-top": neck_top, "head": head_center}
    lines: list[Segment] = [(pelvis, middle_back), (middle_back, neck_base), (neck_base, neck_top)]
    directions: dict[str, Point] = {"pelvis-up": up}
    for side in ("left", "right"):
        arm, fore = _arm(view, side, angle, neck_base, trunk)
        leg, thigh, foot = _leg(view, side, angle, up)
        lines += list(itertools.pairwise(arm.values()))
        lines += list(itertools.pairwise(leg.values()))
        points |= {f"{side}-{part}": point for part, point in (arm | leg).items()}
        directions |= {f"{side}-forearm": fore, f"{side}-thigh": thigh, f"{side}-foot": foot}
    if view == "front":
        lines.append((points["left-hip"], points["right-hip"]))
    face = _face(view, head_center, head, angle("head-turn") + angle("twist"), angle("head-nod"))
    anchors = _anchors(view, points, trunk, head, neck, directions)
    return Skeleton(tuple(lines), head_center, face, points, anchors)


def _sides(view: View, side: str) -> tuple[float, float]:
    """Which way a side lies (+1 the left) and which way its joints turn.

    From the front the right limbs mirror the left ones; from the side both turn alike.
    """
    sign = 1.0 if side == "left" else -1.0
    return sign, (sign if view == "front" else 1.0)


def _arm(
    view: View, side: str, angle: _Angles, neck_base: Point, trunk: Point
) -> tuple[dict[str, Point], Point]:
    """An arm's points from the middle of the shoulders to the fingertips, and the forearm's
    direction."""
    sign, turn = _sides(view, side)
    center = _along(neck_base, trunk, -SHOULDER_DROP)
    # Turning the shoulders narrows them from the front and shows their width from the side.
    twist = math.radians(angle("twist"))
    width = SHOULDER_HALF_WIDTH * (math.cos(twist) if view == "front" else math.sin(twist))
    shoulder = _along(center, _rotate(trunk, -90), sign * width)
    lift = SHOULDER_HALF_WIDTH * math.sin(math.radians(angle(f"{side}-shrug")))
    shoulder = _along(shoulder, trunk, lift)
    upper = _rotate((-trunk[0], -trunk[1]), turn * angle(f"{side}-shoulder"))
    elbow = _along(shoulder, upper, angle.shortened(UPPER_ARM, f"{side}-shoulder"))
    fore = _rotate(upper, turn * angle(f"{side}-elbow"))
    wrist = _along(elbow, fore, angle.shortened(FOREARM, f"{side}-elbow"))
    fingers = _along(wrist, _rotate(fore, turn * angle(f"{side}-wrist")), HAND)
    points = {"shoulder-center": center, "shoulder": shoulder, "elbow": elbow}
    return points | {"wrist": wrist, "fingers": fingers}, fore


def _leg(view: View, side: str, angle: _Angles, up: Point) -> tuple[dict[str, Point], Point, Point]:
    """A leg's points from the hip to the toes, and the thigh's and foot's directions."""
    sign, turn = _sides(view, side)
    hip = _along((0.0, 0.0), _rotate(up, -90), sign * HIP_HALF_WIDTH[view])
    thigh = _rotate((-up[0], -up[1]), turn * angle(f"{side}-hip"))
    knee = _along(hip, thigh, angle.shortened(THIGH, f"{side}-hip"))
    shank = _rotate(thigh, -turn * angle(f"{side}-knee"))
    ankle = _along(knee, shank, angle.shortened(SHANK, f"{side}-knee"))
    foot = _rotate(shank, turn * (90 + angle(f"{side}-ankle")))
    toes = _along(ankle, foot, FOOT[view])
    return {"hip": hip, "knee": knee, "ankle": ankle, "toes": toes}, thigh, foot


def _face(view: View, center: Point, head: Point, turn: float, nod: float) -> Segment:
    """The nose: a tick in front of the head from the side, a dot on the face from the front."""
    forward = _rotate(head, -90)
    if view == "side":
        nose = _along(center, forward, HEAD_RADIUS + 0.5)
        return nose, _along(nose, forward, 1.0)
    down = HEAD_RADIUS * 0.6 * math.sin(math.radians(nod))
    if abs(turn) >= TURNED_FACE_DEG:
        # Turned well away, the face is seen in profile: the nose sticks out on that side,
        # as from the side, so a head turning left and right reads at any size.
        towards = forward if turn > 0 else _rotate(forward, 180)
        nose = _along(_along(center, towards, HEAD_RADIUS + 0.5), head, -down)
        return nose, _along(nose, towards, PROFILE_NOSE)
    sideways = HEAD_RADIUS * 0.6 * math.sin(math.radians(turn))
    nose = _along(_along(center, forward, sideways), head, -down)
    return nose, _along(nose, head, -1.0)


def _anchors(
    view: View,
    points: Mapping[str, Point],
    trunk: Point,
    head: Point,
    neck: Point,
    directions: Mapping[str, Point],
) -> dict[str, Segment]:
    """Where each body area is on this figure, and which way is away from the body there."""
    pelvis = points["pelvis"]
    down = _rotate(directions["pelvis-up"], 180)
    forward = _rotate(trunk, -90)
    back = (-forward[0], -forward[1])
    upper_trunk = _middle(points["middle-back"], points["neck-base"])
    side_of = forward if view == "front" else back
    jaw = _rotate(head, -140 if view == "front" else -130)
    fore = directions["left-forearm"]
    thigh = directions["left-thigh"]
    foot = directions["left-foot"]
    return {
        "neck": (_middle(points["neck-base"], points["neck-top"]), _rotate(neck, -90)),
        "jaw": (_along(points["head"], jaw, HEAD_RADIUS), jaw),
        "shoulders": (
            _middle(points["neck-base"], points["left-shoulder"])
            if view == "front"
            else _along(points["neck-base"], trunk, -SHOULDER_DROP),
            trunk if view == "front" else back,
        ),
        "chest": (
            _along(upper_trunk, forward, 2.0) if view == "front" else upper_trunk,
            forward,
        ),
        "upper-back": (upper_trunk, side_of),
        "lower-back": (_middle(pelvis, points["middle-back"]), side_of),
        "forearms": (_middle(points["left-elbow"], points["left-wrist"]), _rotate(fore, 90)),
        "hands": (_middle(points["left-wrist"], points["left-fingers"]), _rotate(fore, 90)),
        "hips": (points["left-hip"], side_of),
        "glutes": (points["left-hip"], _rotate(down, -30 if view == "side" else 0)),
        "legs": (_middle(points["left-hip"], points["left-knee"]), _rotate(thigh, -90)),
        "feet": (_middle(points["left-ankle"], points["left-toes"]), _rotate(foot, -90)),
    }


def _rotate(vector: Point, degrees: float) -> Point:
    """Turn a direction anticlockwise by `degrees`."""
    radians = math.radians(degrees)
    cos, sin = math.cos(radians), math.sin(radians)
    return (vector[0] * cos - vector[1] * sin, vector[0] * sin + vector[1] * cos)


def _along(start: Point, direction: Point, length: float) -> Point:
    return (start[0] + direction[0] * length, start[1] + direction[1] * length)


def _middle(a: Point, b: Point) -> Point:
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
