"""Pictures of poses (Pillow): every pose matches its reference, in both renderers.

The renderer is deterministic, so the tolerance only absorbs anti-aliasing differences
between Pillow versions; a test below checks that it still tells every two poses apart.
"""

from __future__ import annotations

import itertools

import pytest
from PIL import Image, ImageChops
from references import BRAILLE, PICTURES, SIZE, grayscale_picture

from knotsession.figures.picture import GLOW, draw_picture, draw_pictures
from knotsession.figures.poses import pose_names
from knotsession.figures.render import render_pose

ALL_POSES = sorted(pose_names())
# A pixel differs when its gray level (0..255) is this far from the reference's, and a
# picture may have this many such pixels (of 4,096): smoothing that another Pillow version
# does differently moves levels a little; a limb or a head in another place moves many.
PIXEL_TOLERANCE = 64
CHANGED_PIXELS = 8
REDRAW = "if the change is meant, look at it and run: python -m tests.figures.references"


def changed_pixels(a: Image.Image, b: Image.Image) -> int:
    """How many pixels of two grayscale pictures differ by more than the tolerance."""
    difference = ImageChops.difference(a, b)
    return difference.point(lambda level: 255 if level > PIXEL_TOLERANCE else 0).histogram()[255]


@pytest.mark.parametrize("name", ALL_POSES)
def test_every_pose_picture_matches_its_reference(name: str) -> None:
    reference = Image.open(PICTURES / f"{name}.png")
    assert reference.size == SIZE
    assert changed_pixels(grayscale_picture(name), reference) <= CHANGED_PIXELS, REDRAW


def braille_references() -> dict[str, str]:
    """name -> its rows, from braille.txt (a `[name]` line, ten rows and a blank line)."""
    lines = BRAILLE.read_text(encoding="utf-8").split("\n")
    return {
        lines[at][1:-1]: "\n".join(lines[at + 1 : at + 11]) for at in range(0, len(lines) - 10, 12)
    }


@pytest.mark.parametrize("name", ALL_POSES)
def test_every_pose_braille_figure_matches_its_reference(name: str) -> None:
    rows = "\n".join(row.rstrip() for row in render_pose(name).rows) + "\n"
    assert rows == braille_references()[name] + "\n", REDRAW


def test_every_pose_has_a_reference_and_no_reference_is_left_over() -> None:
    assert sorted(path.stem for path in PICTURES.glob("*.png")) == ALL_POSES
    assert sorted(braille_references()) == ALL_POSES


def test_the_tolerance_still_tells_every_two_poses_apart() -> None:
    references = {name: Image.open(PICTURES / f"{name}.png").copy() for name in ALL_POSES}
    too_close = [
        (first, second, changed)
        for first, second in itertools.combinations(ALL_POSES, 2)
        if (changed := changed_pixels(references[first], references[second])) <= 2 * CHANGED_PIXELS
    ]
    assert too_close == []


def test_a_picture_is_the_size_asked_for_on_a_clear_background() -> None:
    picture = draw_picture("standing", size=(120, 90))
    assert picture.size == (120, 90)
    assert picture.mode == "RGBA"
    assert picture.getpixel((0, 0))[3] == 0
    # Some of it is the body, fully drawn.
    assert picture.getextrema()[3] == (0, 255)


def test_the_right_side_is_the_mirror_image() -> None:
    left = draw_picture("neck-side-tilt", spot="neck", size=(64, 64))
    right = draw_picture("neck-side-tilt", spot="neck", size=(64, 64), mirrored=True)
    assert right.tobytes() == left.transpose(Image.Transpose.FLIP_LEFT_RIGHT).tobytes()


def glowing(picture: Image.Image) -> list[tuple[int, int]]:
    """Pixels in the spot's warm colour."""
    width, height = picture.size
    return [
        (x, y)
        for x in range(width)
        for y in range(height)
        if (pixel := picture.getpixel((x, y)))[3] > 128 and pixel[:3] == GLOW
    ]


def test_the_spot_glows_where_its_area_is() -> None:
    assert glowing(draw_picture("standing", size=(80, 80))) == []
    feet = glowing(draw_picture("standing", spot="feet", size=(80, 80)))
    neck = glowing(draw_picture("standing", spot="neck", size=(80, 80)))
    assert feet and neck
    assert min(y for _, y in feet) > 60 > 30 > max(y for _, y in neck)
    # The person's left foot is on the screen's right when the person faces you.
    assert min(x for x, _ in feet) >= 40


def test_alternating_poses_share_one_place_and_the_body_moves() -> None:
    up, down = draw_pictures(("shoulder-roll-up", "shoulder-roll-down"), size=(64, 64))
    assert up.tobytes() != down.tobytes()
    # The chair's legs and the floor stay put: the bottom rows are the same.
    assert up.crop((0, 60, 64, 64)).tobytes() == down.crop((0, 60, 64, 64)).tobytes()


def test_blended_frames_come_between_the_poses() -> None:
    frames = draw_pictures(("cat", "cow"), size=(48, 48), between=2)
    assert len(frames) == 6
    assert len({frame.tobytes() for frame in frames}) == 4


def body_on_the_edges(picture: Image.Image) -> list[tuple[int, int]]:
    """Pixels of the body (not the faint floor, wall or chair) on the picture's top, left
    or right edge: the body there means a head or a raised hand is cut off."""
    width, height = picture.size
    alpha = picture.getchannel("A")
    edges = [(x, 0) for x in range(width)]
    edges += [(x, y) for y in range(height) for x in (0, width - 1)]
    return [place for place in edges if alpha.getpixel(place) > 200]


@pytest.mark.parametrize("name", ALL_POSES)
def test_no_pose_is_cut_off_at_the_pictures_edge(name: str) -> None:
    assert body_on_the_edges(draw_picture(name, size=(128, 128))) == []


def test_a_body_seen_from_behind_has_no_face_only_there() -> None:
    """From behind (the knot map's back view) the head is whole: only the face's mark goes."""
    with_face = draw_picture("standing", size=(128, 128))
    behind = draw_picture("standing", size=(128, 128), from_behind=True)
    changed = ImageChops.difference(with_face, behind).getchannel("A").getbbox()
    assert changed is not None
    bottom = changed[3]
    assert bottom <= 128 * 0.3  # within the head, at the top of the picture
