"""Pose figures: every pose fits its box, mirrors exactly, and marks its spot."""

from __future__ import annotations

import pytest

from knotsession import paths
from knotsession.core.library import RoutineSource, load_library
from knotsession.core.routine import BODY_AREAS
from knotsession.figures.braille import mirror_rows
from knotsession.figures.poses import UnknownPose, pose_names
from knotsession.figures.render import Figure, render_frames, render_pose

ALL_POSES = sorted(pose_names())
# Braille dots as (column, row) -> bit, written out from the Unicode chart (dots 1-8).
DOT_BITS = {(0, 0): 0x01, (0, 1): 0x02, (0, 2): 0x04, (1, 0): 0x08}
DOT_BITS |= {(1, 1): 0x10, (1, 2): 0x20, (0, 3): 0x40, (1, 3): 0x80}


def dots_of(figure: Figure) -> set[tuple[int, int]]:
    """Every raised dot of a figure as (x, y) on the whole canvas."""
    dots = set()
    for row, text in enumerate(figure.rows):
        for column, character in enumerate(text):
            bits = 0 if character == " " else ord(character) - 0x2800
            for (x, y), bit in DOT_BITS.items():
                if bits & bit:
                    dots.add((column * 2 + x, row * 4 + y))
    return dots


def flipped(figure: Figure, width: int) -> set[tuple[int, int]]:
    return {(width * 2 - 1 - x, y) for x, y in dots_of(figure)}


@pytest.mark.parametrize("name", ALL_POSES)
def test_every_pose_draws_a_body_inside_its_box(name: str) -> None:
    figure = render_pose(name)
    assert len(figure.rows) == 10
    assert {len(row) for row in figure.rows} == {20}
    above_the_floor = {(x, y) for x, y in dots_of(figure) if y < 39}
    assert len(above_the_floor) > 40


@pytest.mark.parametrize("name", ALL_POSES)
def test_every_pose_mirrors_exactly(name: str) -> None:
    figure = render_pose(name, spot="hands")
    mirrored = render_pose(name, spot="hands", mirrored=True)
    assert dots_of(mirrored) == flipped(figure, 20)
    assert mirrored.spot_cells == tuple(sorted((r, 19 - c) for r, c in figure.spot_cells))


def test_a_mirrored_figure_is_its_rows_reversed_with_each_cells_dots_swapped() -> None:
    rows = render_pose("neck-side-tilt").rows
    assert render_pose("neck-side-tilt", mirrored=True).rows == mirror_rows(rows)
    assert mirror_rows(mirror_rows(rows)) == rows


def test_mirroring_swaps_the_two_columns_of_dots_in_a_cell() -> None:
    assert mirror_rows(["⡇ ⠁⣀", "⠑x"]) == ("⣀⠈ ⢸", "x⠊")


@pytest.mark.parametrize(("width", "height"), [(16, 8), (20, 10), (30, 15), (12, 6)])
def test_figures_fit_any_box_they_are_asked_for(width: int, height: int) -> None:
    for name in ALL_POSES:
        figure = render_pose(name, spot="feet", width=width, height=height)
        assert len(figure.rows) == height, name
        assert {len(row) for row in figure.rows} == {width}, name
        assert all(0 <= r < height and 0 <= c < width for r, c in figure.spot_cells), name


@pytest.mark.parametrize("area", BODY_AREAS)
@pytest.mark.parametrize("name", ["standing", "seated-side", "lying", "lying-twist"])
def test_every_body_area_can_be_marked_on_a_figure(name: str, area: str) -> None:
    figure = render_pose(name, spot=area)
    assert figure.spot_cells
    for row, column in figure.spot_cells:
        assert figure.rows[row][column] != " "


def test_the_spot_sits_where_its_area_is() -> None:
    figure = render_pose("standing", spot="feet")
    assert {row for row, _ in figure.spot_cells} == {9}
    head = render_pose("standing", spot="jaw")
    assert {row for row, _ in head.spot_cells} <= {0, 1, 2}
    # The left foot is on the screen's right when the person faces you.
    assert min(column for _, column in figure.spot_cells) >= 10


def test_no_spot_no_spot_cells() -> None:
    assert render_pose("standing").spot_cells == ()


def test_alternating_poses_give_one_frame_each_in_one_place() -> None:
    out, tucked = render_frames(("chin-tuck-out", "chin-tuck-in"))
    assert out.rows != tucked.rows
    # The chair and the floor stay put; only the body moves.
    assert out.rows[-1] == tucked.rows[-1]


def test_in_between_frames_blend_towards_the_next_pose_and_back() -> None:
    cat, one_third, two_thirds, cow, *back = render_frames(("cat", "cow"), between=2)
    assert len({cat, one_third, two_thirds, cow}) == 4
    assert back == [two_thirds, one_third]


def test_renders_are_cached() -> None:
    assert render_frames(("cat", "cow")) is render_frames(["cat", "cow"])


def test_an_unknown_pose_is_an_unknown_pose_error() -> None:
    with pytest.raises(
        UnknownPose, match=r"^unknown pose 'no-such-pose'; did you mean 'child-pose'\?$"
    ):
        render_pose("no-such-pose")


def test_every_bundled_step_has_a_pose_that_exists() -> None:
    library = load_library(
        [RoutineSource(paths.bundled_routines_dir(), "bundled")], known_poses=pose_names()
    )
    assert library.problems == ()
    assert len(library.routines) >= 16
    for routine in library.routines.values():
        for step in routine.steps:
            assert 1 <= len(step.poses) <= 2, (routine.id, step.name)
            for pose in step.poses:
                assert len(render_pose(pose, spot=step.spot).rows) == 10


def bundled_pairs() -> list[tuple[str, str]]:
    """Every two poses a bundled step alternates."""
    library = load_library([RoutineSource(paths.bundled_routines_dir(), "bundled")])
    return sorted(
        {
            (step.poses[0], step.poses[1])
            for routine in library.routines.values()
            for step in routine.steps
            if len(step.poses) == 2
        }
    )


def changed_cells(first: Figure, second: Figure) -> list[tuple[int, int]]:
    return [
        (row, column)
        for row, (a, b) in enumerate(zip(first.rows, second.rows, strict=True))
        for column, (x, y) in enumerate(zip(a, b, strict=True))
        if x != y
    ]


@pytest.mark.parametrize("pair", bundled_pairs(), ids="/".join)
def test_every_two_pose_step_visibly_moves(pair: tuple[str, str]) -> None:
    # Drawn as the player draws them: one scale and place, so only the body moves.
    first, second = render_frames(pair)
    assert len(changed_cells(first, second)) >= 3, "the moving part must cross cells"
    assert len(dots_of(first) ^ dots_of(second)) >= 6, "and be more than a dot or two"


def test_no_two_poses_draw_the_same_picture() -> None:
    drawn: dict[tuple[str, ...], str] = {}
    for name in ALL_POSES:
        rows = render_pose(name).rows
        assert rows not in drawn, f"{name} looks exactly like {drawn.get(rows)}"
        drawn[rows] = name


def test_a_body_seen_from_behind_differs_only_by_the_face() -> None:
    from knotsession.figures.render import render_pose

    with_face = render_pose("standing", spot="neck").rows
    behind = render_pose("standing", spot="neck", from_behind=True).rows
    differing = [row for row, (a, b) in enumerate(zip(with_face, behind, strict=True)) if a != b]
    assert differing and max(differing) <= 1  # the head's rows
