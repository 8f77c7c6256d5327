"""poses.toml: the bundled file loads, and a broken one is named with its file and place."""

from __future__ import annotations

from pathlib import Path

import pytest

from knotsession.figures.body import JOINT_RANGES
from knotsession.figures.poses import (
    PoseFileError,
    UnknownPose,
    bundled_poses,
    get_pose,
    load_poses,
    pose_names,
)

GOOD = """\
[standing]
left-shoulder = 8

[neck-side-tilt]
like = "standing"
head = -25
"""

BROKEN = {
    "unknown joint": (
        '[neck-side-tilt]\nview = "front"\nheed = 30\n',
        "poses.toml: neck-side-tilt.heed: unknown joint; did you mean 'head'?",
    ),
    "angle out of range": (
        "[neck-side-tilt]\nhead = 200\n",
        "poses.toml: neck-side-tilt.head: must be -60..60 degrees, got 200",
    ),
    "negative angle out of range": (
        "[lunge]\nleft-knee = -180.5\n",
        "poses.toml: lunge.left-knee: must be -170..170 degrees, got -180.5",
    ),
    "angle as text": (
        '[neck-side-tilt]\nhead = "far"\n',
        "poses.toml: neck-side-tilt.head: expected a number of degrees, got 'far'",
    ),
    "unknown view": (
        '[chin-tuck]\nview = "top"\n',
        "poses.toml: chin-tuck.view: unknown view 'top'; choose from: front, side",
    ),
    "unknown ball area": (
        '[ball]\nball = "uper-back"\n',
        "poses.toml: ball.ball: unknown body area 'uper-back'; did you mean 'upper-back'?",
    ),
    "flag as a number": (
        "[seated]\nchair = 1\n",
        "poses.toml: seated.chair: expected true or false, got 1",
    ),
    "unknown base pose": (
        '[standing]\n[tilt]\nlike = "standin"\n',
        "poses.toml: tilt.like: unknown pose 'standin'; did you mean 'standing'?",
    ),
    "poses like each other in a circle": (
        '[a]\nlike = "b"\n[b]\nlike = "a"\n',
        "poses.toml: b.like: goes round in a circle (a -> b -> a)",
    ),
    "wall in front seen from the front": (
        '[calf]\nwall = "front"\n',
        'poses.toml: calf.wall: a wall in front needs view = "side"',
    ),
    "door seen from the side": (
        '[doorway]\nview = "side"\ndoor = true\n',
        'poses.toml: doorway.door: a doorway needs view = "front"',
    ),
    "pose name with capitals": (
        "[Neck_Tilt]\nhead = 10\n",
        "poses.toml: 'Neck_Tilt' is not a pose name; use lowercase letters, digits and dashes",
    ),
    "pose that is not a table": (
        "standing = 3\n",
        "poses.toml: standing: expected a table of joint angles, got 3",
    ),
    "toml syntax error": (
        "[standing]\nhead = \n",
        "poses.toml:2:8: invalid value",
    ),
    "empty file": (
        "",
        "poses.toml: no poses in the file; add a table such as [standing]",
    ),
}


@pytest.fixture
def poses_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A poses.toml in the current folder, so it is named just `poses.toml`."""
    monkeypatch.chdir(tmp_path)
    return tmp_path / "poses.toml"


@pytest.mark.parametrize(("text", "expected"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_poses_file_is_named_with_file_and_place(
    poses_file: Path, text: str, expected: str
) -> None:
    poses_file.write_text(text)
    with pytest.raises(PoseFileError) as caught:
        load_poses(poses_file)
    assert str(caught.value) == expected


def test_a_missing_poses_file_is_one_line(poses_file: Path) -> None:
    with pytest.raises(PoseFileError) as caught:
        load_poses(poses_file)
    assert str(caught.value) == "poses.toml: cannot be read (No such file or directory)"


def test_a_pose_inherits_what_it_does_not_change(poses_file: Path) -> None:
    poses_file.write_text(GOOD)
    poses = load_poses(poses_file)
    assert poses["neck-side-tilt"].view == "front"
    assert poses["neck-side-tilt"].angles == (("head", -25.0), ("left-shoulder", 8.0))


def test_the_bundled_poses_load_and_stay_in_range() -> None:
    poses = bundled_poses()
    assert len(poses) >= 40
    for pose in poses.values():
        for joint, angle in pose.angles:
            low, high = JOINT_RANGES[joint]
            assert low <= angle <= high, (pose.name, joint)


def test_pose_names_are_the_bundled_poses_and_are_read_once() -> None:
    assert pose_names() == frozenset(bundled_poses())
    assert bundled_poses() is bundled_poses()


def test_the_poses_the_brief_asks_for_exist() -> None:
    wanted = {
        "standing",
        "seated",
        "neck-side-tilt",
        "levator-stretch",
        "chin-tuck-out",
        "chin-tuck-in",
        "shoulder-roll-up",
        "shoulder-roll-down",
        "arms-overhead",
        "doorway-chest-stretch",
        "scapular-squeeze",
        "cross-body-shoulder",
        "wrist-flexor-stretch",
        "wrist-extensor-stretch",
        "thoracic-extension",
        "cat",
        "cow",
        "child-pose",
        "knees-to-chest",
        "figure-four",
        "hip-flexor-lunge",
        "hamstring-strap",
        "calf-stretch",
        "ball-on-wall",
        "thumb-pressure",
        "jaw-massage",
        "foot-roll",
        "walk-left",
        "walk-right",
        "breathe",
        "forward-fold",
    }
    assert wanted <= pose_names()


def test_side_poses_are_seen_from_the_side() -> None:
    for name in ("chin-tuck-in", "cat", "cow", "hip-flexor-lunge", "child-pose"):
        assert get_pose(name).view == "side", name


def test_an_unknown_pose_suggests_a_close_one() -> None:
    with pytest.raises(UnknownPose) as caught:
        get_pose("neck-side-tlt")
    assert str(caught.value) == "unknown pose 'neck-side-tlt'; did you mean 'neck-side-tilt'?"


def test_the_quick_name_scan_agrees_with_the_full_parse() -> None:
    from knotsession.figures.names import pose_names as scanned
    from knotsession.figures.poses import bundled_poses

    assert scanned() == frozenset(bundled_poses())
