"""Poses drawn as anti-aliased pictures with Pillow, for terminals that can show images.

The same body model, props and layout as the braille figure (render.place_frames), drawn
with thick limbs, a filled head and the massage spot as a glowing dot, at four times the
size and then scaled down, which is all the anti-aliasing it needs. Nothing is stored:
every pose has a picture because every pose has a body.

Pillow is an optional extra (`pip install 'knotsession[pictures]'`); only import this
module once a picture is wanted, so start-up never pays for it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageOps

from knotsession.figures.body import Point, Segment
from knotsession.figures.render import PlacedFrame, place_frames

RGB = tuple[int, int, int]
SUPERSAMPLE = 4
INK: RGB = (222, 226, 232)  # the body: light, for the dark theme
GLOW: RGB = (255, 166, 48)  # the spot: the same warm colour as the braille spot
# Thicknesses in model units (a person is about 35 tall), so pictures of any size match.
LIMB = 1.5
PROP = 0.6
SPOT = 1.3
GLOW_REACH = 3.0  # the glow fades out at this many times the spot's radius
PROP_ALPHA = 110
FACE_MARK = 0.5


def draw_picture(
    name: str,
    *,
    mirrored: bool = False,
    spot: str | None = None,
    size: tuple[int, int] = (256, 256),
    ink: RGB = INK,
    from_behind: bool = False,
) -> Image.Image:
    """One pose as an RGBA picture of `size` pixels on a clear background (`from_behind`:
    a front-view body seen from its back, so without the face's mark)."""
    pictures = draw_pictures(
        (name,), mirrored=mirrored, spot=spot, size=size, ink=ink, from_behind=from_behind
    )
    return pictures[0]


def draw_pictures(
    names: Sequence[str],
    *,
    mirrored: bool = False,
    spot: str | None = None,
    size: tuple[int, int] = (256, 256),
    between: int = 0,
    ink: RGB = INK,
    from_behind: bool = False,
) -> tuple[Image.Image, ...]:
    """The frames of poses that alternate, at one scale and place (as `render_frames`)."""
    big = (size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE)
    frames = place_frames(names, spot=spot, size=big, between=between)
    # The layout fits the model's joints and head to the box, but limbs are thick with round
    # ends and the nose sticks out of the head, so a raised hand, the top of the head or a
    # nose would be cut off at the edge: shrink into a margin as wide as the worst overflow.
    margin = math.ceil(max(_overflow(frame, big) for frame in frames))
    if margin > 0:
        margin += SUPERSAMPLE
        inner = (big[0] - 2 * margin, big[1] - 2 * margin)
        frames = place_frames(names, spot=spot, size=inner, between=between)
    pictures = []
    for frame in frames:
        moved = _moved(frame, margin)
        picture = _paint(moved, big, ink, from_behind).resize(size, Image.Resampling.LANCZOS)
        pictures.append(ImageOps.mirror(picture) if mirrored else picture)
    return tuple(pictures)


def _overflow(frame: PlacedFrame, size: tuple[int, int]) -> float:
    """How far the painted body (thick limbs, head, nose) reaches past the box's edges."""
    limb = max(1, round(LIMB * frame.scale))
    ends = [(point, limb / 2) for segment in frame.body for point in segment]
    ends += [(point, _nose_width(limb) / 2) for point in frame.face]
    ends.append(frame.head)
    width, height = size
    return max(
        max(radius - x, x + radius - (width - 1), radius - y, y + radius - (height - 1))
        for (x, y), radius in ends
    )


def _moved(frame: PlacedFrame, by: float) -> PlacedFrame:
    """The frame shifted right and down by `by` points, into the box's margin."""

    def point(p: Point) -> Point:
        return (p[0] + by, p[1] + by)

    def segments(lines: Sequence[Segment]) -> tuple[Segment, ...]:
        return tuple((point(a), point(b)) for a, b in lines)

    (head, radius) = frame.head
    return dataclasses.replace(
        frame,
        body=segments(frame.body),
        props=segments(frame.props),
        head=(point(head), radius),
        circles=tuple((point(c), r) for c, r in frame.circles),
        face=segments((frame.face,))[0],
        spot=point(frame.spot) if frame.spot is not None else None,
        floor_y=frame.floor_y + by if frame.floor_y is not None else None,
    )


def _paint(
    frame: PlacedFrame, size: tuple[int, int], ink: RGB, from_behind: bool = False
) -> Image.Image:
    """One frame at full (supersampled) size: floor and props, body, head, face, spot."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    faint = (*ink, PROP_ALPHA)
    prop_width = max(1, round(PROP * frame.scale))
    if frame.floor_y is not None:
        floor = frame.floor_y - prop_width / 2
        draw.line(((0, floor), (size[0] - 1, floor)), fill=faint, width=prop_width)
    for segment in frame.props:
        draw.line(segment, fill=faint, width=prop_width)
    for center, radius in frame.circles:
        draw.ellipse(_box(center, radius), fill=(*ink, 60), outline=faint, width=prop_width)
    limb = max(1, round(LIMB * frame.scale))
    for segment in frame.body:
        _thick_line(draw, segment, limb, (*ink, 255))
    center, radius = frame.head
    draw.ellipse(_box(center, radius), fill=(*ink, 255))
    if not from_behind:
        _face(draw, frame, limb, (*ink, 255))
    if frame.spot is not None:
        image = Image.alpha_composite(image, _glow(size, frame.spot, SPOT * frame.scale))
    return image


def _thick_line(
    draw: ImageDraw.ImageDraw, segment: Segment, width: int, fill: tuple[int, ...]
) -> None:
    """A limb: a wide line with round ends, so joints look like joints."""
    draw.line(segment, fill=fill, width=width)
    for end in segment:
        draw.ellipse(_box(end, width / 2), fill=fill)


def _face(draw: ImageDraw.ImageDraw, frame: PlacedFrame, limb: int, fill: tuple[int, ...]) -> None:
    """The nose: from the side (or a turned head) a tick out of the head; from the front a
    clear dot on the face, so the picture shows which way the person looks."""
    (center, radius), (nose, tip) = frame.head, frame.face
    if _distance(center, tip) < radius:
        draw.ellipse(_box(nose, FACE_MARK * frame.scale), fill=(0, 0, 0, 0))
    else:
        _thick_line(draw, (nose, tip), _nose_width(limb), fill)


def _nose_width(limb: int) -> int:
    """The nose is a little thinner than a limb, but bold enough to show a turned head."""
    return max(1, limb * 4 // 5)


def _glow(size: tuple[int, int], center: Point, radius: float) -> Image.Image:
    """The spot: a bright dot in a halo that fades out, on a layer of its own."""
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    rings = 12
    for ring in range(rings, 0, -1):
        reach = radius * (1 + (GLOW_REACH - 1) * ring / rings)
        alpha = round(150 * (1 - ring / rings) ** 1.5) + 20
        draw.ellipse(_box(center, reach), fill=(*GLOW, alpha))
    draw.ellipse(_box(center, radius), fill=(*GLOW, 255))
    return layer


def _box(center: Point, radius: float) -> tuple[float, float, float, float]:
    x, y = center
    return x - radius, y - radius, x + radius, y + radius


def _distance(a: Point, b: Point) -> float:
    return ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5
