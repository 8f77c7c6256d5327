"""Poses drawn as braille text: the body model placed on a floor, with its props, in a box.

A standing person fills the box's height; a pose that would not fit is drawn smaller,
and a small one (kneeling, curled up) somewhat larger, so every figure stays readable.
Frames of poses that alternate share one scale and place, so only the body moves.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from knotsession.figures.body import HEAD_RADIUS, Point, Segment, Skeleton, pose_skeleton
from knotsession.figures.braille import DOTS_PER_CELL_X, DOTS_PER_CELL_Y, Canvas
from knotsession.figures.poses import Pose, get_pose

BALL_RADIUS = 2.0
ROLLER_RADIUS = 3.0
SPOT_RADIUS = 1
CHAIR_BACK = 9.0
# The height, in model units, that fills a box of 20x10 cells (40x40 dots) at full size.
MODEL_BOX = 40.0
# A small pose (kneeling, curled up) is drawn up to this much larger, to stay readable.
MAX_ZOOM = 1.6


@dataclass(frozen=True, slots=True)
class Figure:
    """A rendered pose: rows of text, and the cells (row, column) of the spot to colour."""

    rows: tuple[str, ...]
    spot_cells: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class _Scene:
    """One frame in model units, before it is placed in the box."""

    pose: Pose
    skeleton: Skeleton
    circles: tuple[tuple[Point, float], ...]
    spot: Point | None
    props: tuple[Segment, ...] = ()  # chair, wall and door, standing on this frame's floor


def render_pose(
    name: str,
    *,
    mirrored: bool = False,
    spot: str | None = None,
    width: int = 20,
    height: int = 10,
    from_behind: bool = False,
) -> Figure:
    """Draw one pose in a box of `width` x `height` cells; UnknownPose for an unknown pose.
    `from_behind`: a front-view body seen from its back, so without the face's mark."""
    figures = render_frames(
        (name,), mirrored=mirrored, spot=spot, width=width, height=height, from_behind=from_behind
    )
    return figures[0]


def render_frames(
    names: Sequence[str],
    *,
    mirrored: bool = False,
    spot: str | None = None,
    width: int = 20,
    height: int = 10,
    between: int = 0,
    from_behind: bool = False,
) -> tuple[Figure, ...]:
    """The frames of poses that alternate, all at one scale and place so only the body moves.

    With `between`, that many blended frames follow each pose on the way to the next one
    (for poses seen from the same side), so a player can cycle through all the frames.
    Frames are drawn once and kept; UnknownPose for an unknown pose.
    """
    return _render_frames(tuple(names), mirrored, spot, width, height, between, from_behind)


@functools.lru_cache(maxsize=256)
def _render_frames(
    names: tuple[str, ...],
    mirrored: bool,
    spot: str | None,
    width: int,
    height: int,
    between: int,
    from_behind: bool,
) -> tuple[Figure, ...]:
    poses = [get_pose(name) for name in names]
    frames = _in_between(poses, between) if len(poses) > 1 else poses
    scenes = [_scene(pose, spot) for pose in frames]
    layout = _layout(scenes, width, height)
    return tuple(_paint(scene, layout, mirrored, from_behind) for scene in scenes)


def _in_between(poses: Sequence[Pose], between: int) -> list[Pose]:
    """The poses, each followed by `between` blends towards the next (the last to the first)."""
    frames: list[Pose] = []
    for index, pose in enumerate(poses):
        frames.append(pose)
        following = poses[(index + 1) % len(poses)]
        if following.view != pose.view:
            continue
        frames += [_blend(pose, following, step / (between + 1)) for step in range(1, between + 1)]
    return frames


def _blend(start: Pose, end: Pose, fraction: float) -> Pose:
    """A pose part of the way from `start` to `end`; the props switch halfway."""
    first, last = start.angle_map(), end.angle_map()
    angles = {
        joint: first.get(joint, 0.0) + (last.get(joint, 0.0) - first.get(joint, 0.0)) * fraction
        for joint in first.keys() | last.keys()
    }
    props = start if fraction < 0.5 else end
    return dataclasses.replace(props, angles=tuple(sorted(angles.items())))


def _scene(pose: Pose, spot: str | None) -> _Scene:
    """The body of a pose with its head, ball or roller, and the spot to mark."""
    skeleton = pose_skeleton(pose.view, pose.angle_map())
    circles: list[tuple[Point, float]] = [(skeleton.head_center, HEAD_RADIUS)]
    for area, radius in ((pose.ball, BALL_RADIUS), (pose.roller, ROLLER_RADIUS)):
        if area:
            (x, y), (away_x, away_y) = skeleton.anchors[area]
            distance = radius + 1.0
            circles.append(((x + away_x * distance, y + away_y * distance), radius))
    spot_point = skeleton.anchors[spot][0] if spot else None
    scene = _Scene(pose, skeleton, tuple(circles), spot_point)
    return dataclasses.replace(scene, props=_props(scene))


def _body_lines(scene: _Scene) -> tuple[Segment, ...]:
    """The body's lines and the strap from the hand to the foot.

    A figure seen from above has no mat around it: at 20x10 its outline crowded the body.
    """
    points = scene.skeleton.points
    strap = ((points["left-fingers"], points["left-toes"]),) if scene.pose.strap else ()
    return (*scene.skeleton.lines, *strap)


def _extent(scene: _Scene) -> tuple[float, float, float, float]:
    """The box around the body and its ball: left, bottom, right, top."""
    lines = _body_lines(scene)
    xs = [x for line in lines for x, _ in line]
    ys = [y for line in lines for _, y in line]
    for (x, y), radius in scene.circles:
        xs += [x - radius, x + radius]
        ys += [y - radius, y + radius]
    return min(xs), min(ys), max(xs), max(ys)


def _props(scene: _Scene) -> tuple[Segment, ...]:
    """Chair, wall and door frame lines, which stand on the floor."""
    pose = scene.pose
    left, floor, right, _ = _extent(scene)
    top = floor + MODEL_BOX
    lines: list[Segment] = []
    pelvis_x, pelvis_y = scene.skeleton.points["pelvis"]
    if pose.chair:
        seat = pelvis_y - 2.0
        if pose.view == "side":
            back, front = pelvis_x - 2.5, pelvis_x + 5.0
            lines += [((back, seat), (front, seat)), ((back, floor), (back, seat + CHAIR_BACK))]
            lines += [((front, floor), (front, seat))]
        else:
            lines += [((pelvis_x - 6.0, seat), (pelvis_x + 6.0, seat))]
            lines += [((pelvis_x - 6.0, floor), (pelvis_x - 6.0, seat))]
            lines += [((pelvis_x + 6.0, floor), (pelvis_x + 6.0, seat))]
    if pose.wall:
        x = right + 0.5 if pose.wall in ("front", "left") else left - 0.5
        lines.append(((x, floor), (x, top)))
    if pose.door:
        lines += [((x, floor), (x, top)) for x in (left - 1.0, right + 1.0)]
    return tuple(lines)


@dataclass(frozen=True, slots=True)
class _Layout:
    """How model units map to the dots of the box, the same for every frame."""

    width: int
    height: int
    scale: float
    offset_x: int
    base_row: int
    on_floor: bool
    height_points: int = 0  # the box's height in dots or pixels


def _layout(
    scenes: Sequence[_Scene], width: int, height: int, dots: tuple[int, int] | None = None
) -> _Layout:
    """One scale and left-right place for all frames; each frame stands on the floor.

    The box is `width` x `height` cells of braille dots, or `dots` points (a picture's pixels).
    """
    boxes = [_extent(scene) for scene in scenes]
    xs = [x for box in boxes for x in (box[0], box[2])]
    xs += [x for scene in scenes for line in scene.props for x, _ in line]
    left, right = min(xs), max(xs)
    tallest = max(box[3] - box[1] for box in boxes)
    dots_x, dots_y = dots or (width * DOTS_PER_CELL_X, height * DOTS_PER_CELL_Y)
    on_floor = all(scene.pose.floor for scene in scenes)
    # With a floor, the bottom dot row is the floor and the figure stands on the row above.
    room_y = dots_y - 2 if on_floor else dots_y - 1
    scale = min(
        MAX_ZOOM * min(dots_x, dots_y) / MODEL_BOX,
        (dots_x - 1) / max(right - left, 1.0),
        room_y / max(tallest, 1.0),
    )
    return _Layout(
        width=width,
        height=height,
        scale=scale,
        offset_x=round((dots_x - 1) / 2 - (left + right) / 2 * scale),
        base_row=dots_y - 2 if on_floor else round((dots_y - 1 + tallest * scale) / 2),
        on_floor=on_floor,
        height_points=dots_y,
    )


def _paint(scene: _Scene, layout: _Layout, mirrored: bool, from_behind: bool = False) -> Figure:
    """One frame on a canvas: floor, body, props, head, nose and spot."""
    exact = _placer(scene, layout)

    def place(point: Point) -> tuple[int, int]:
        x, y = exact(point)
        return round(x), round(y)

    canvas = Canvas(layout.width, layout.height)
    if layout.on_floor:
        canvas.line(0, canvas.dots_y - 1, canvas.dots_x - 1, canvas.dots_y - 1)
    for start, end in (*_body_lines(scene), *scene.props):
        canvas.line(*place(start), *place(end))
    for center, radius in scene.circles:
        canvas.circle(*place(center), max(2, round(radius * layout.scale)))
    if not from_behind:
        nose, tip = scene.skeleton.face
        canvas.line(*place(nose), *place(tip))
    cells = canvas.disc(*place(scene.spot), SPOT_RADIUS) if scene.spot else set()
    if mirrored:
        canvas = canvas.mirrored()
        cells = {(row, layout.width - 1 - column) for row, column in cells}
    return Figure(canvas.rows(), tuple(sorted(cells)))


def _placer(scene: _Scene, layout: _Layout) -> Callable[[Point], Point]:
    """Where a point in model units falls in the box (x right, y down), not yet rounded."""
    bottom = _extent(scene)[1]

    def place(point: Point) -> Point:
        x, y = point
        return x * layout.scale + layout.offset_x, layout.base_row - (y - bottom) * layout.scale

    return place


@dataclass(frozen=True, slots=True)
class PlacedFrame:
    """One frame placed in a box of points (x right, y down): what a picture draws.

    The same body, props, head, ball or roller and spot as the braille figure, from the
    same body model and layout, before anything is rounded to dots.
    """

    body: tuple[Segment, ...]
    props: tuple[Segment, ...]
    head: tuple[Point, float]
    circles: tuple[tuple[Point, float], ...]  # a ball or a roller
    face: Segment
    spot: Point | None
    floor_y: float | None  # the floor's line, when the figure stands on one
    scale: float  # points per model unit


def place_frames(
    names: Sequence[str], *, spot: str | None = None, size: tuple[int, int], between: int = 0
) -> tuple[PlacedFrame, ...]:
    """The frames of `names` placed in a box of `size` points, as `render_frames` lays them out."""
    poses = [get_pose(name) for name in names]
    frames = _in_between(poses, between) if len(poses) > 1 else poses
    scenes = [_scene(pose, spot) for pose in frames]
    layout = _layout(scenes, 0, 0, dots=size)
    return tuple(_placed(scene, layout) for scene in scenes)


def _placed(scene: _Scene, layout: _Layout) -> PlacedFrame:
    place = _placer(scene, layout)

    def segments(lines: Sequence[Segment]) -> tuple[Segment, ...]:
        return tuple((place(start), place(end)) for start, end in lines)

    head, *others = scene.circles
    return PlacedFrame(
        body=segments(_body_lines(scene)),
        props=segments(scene.props),
        head=(place(head[0]), head[1] * layout.scale),
        circles=tuple((place(center), radius * layout.scale) for center, radius in others),
        face=segments((scene.skeleton.face,))[0],
        spot=place(scene.spot) if scene.spot else None,
        floor_y=layout.height_points - 1 if layout.on_floor else None,
        scale=layout.scale,
    )
