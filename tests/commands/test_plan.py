"""`knotsession plan` and `knotsession spots`: text, JSON, a saved file that validates, and
one clear line for each bad input."""

from __future__ import annotations

import json

import pytest

from knotsession import paths
from knotsession.cli import main
from knotsession.core.spots import SPOTS


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_plan_prints_the_steps_with_why(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "plan", "--spot", "left-rhomboid=8", "--spot", "neck")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:2] == ["Today's plan: left rhomboid, neck", "5:00, seated, no equipment"]
    assert "to warm up before the work on your spots" in lines[3]
    assert lines[4].endswith("for the knot under your left shoulder blade")


def test_plan_json_is_the_plan_to_the_second(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "plan",
        "--area",
        "Lower-Back",
        "--minutes",
        "10",
        "--json",
        "--position",
        "floor",
        "--equipment",
        "ball",
    )
    record = json.loads(out)
    assert code == 0
    assert abs(record["duration_s"] - 600) <= 15
    assert record["position"] == "floor"
    assert record["steps"][1]["why"] == "for the knot in your lower back"


def test_plan_save_writes_a_file_that_validates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plan", "--spot", "jaw=6", "--save", "my-plan")
    target = paths.user_routines_dir() / "my-plan.toml"
    assert code == 0
    assert out.splitlines() == [f"Saved {target}", "Start it with: knotsession start my-plan"]
    assert run(capsys, "validate", str(target))[0] == 0
    code, out, _ = run(capsys, "show", "my-plan", "--json")
    assert json.loads(out)["name"] == "Today's plan: jaw"
    code, _, err = run(capsys, "plan", "--spot", "jaw", "--save", "my-plan")
    assert code == 2
    assert err == f"knotsession: {target} already exists; edit it, or choose another id\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--spot", "left-rhombod"], "unknown spot 'left-rhombod' (did you mean 'left-rhomboid'?)"),
        (["--spot", "neck=11"], "'neck=11': the intensity must be a whole number from 0 to 10"),
        (["--area", "nek"], "unknown body area 'nek' (did you mean 'neck'?)"),
        (
            [],
            "nothing to plan for: mark a spot with --spot NAME[=0-10] or on the knot map "
            "(the names: "
            "knotsession spots) or an area with --area AREA",
        ),
        (
            ["--spot", "neck", "--save", "My Plan"],
            "'My Plan' is not a routine id; use lowercase letters, digits, dashes",
        ),
    ],
)
def test_bad_input_is_one_line(capsys: pytest.CaptureFixture[str], argv, message) -> None:
    code, out, err = run(capsys, "plan", *argv)
    assert (code, out, err) == (2, "", f"knotsession: {message}\n")


def test_an_avoided_spot_is_said(capsys: pytest.CaptureFixture[str]) -> None:
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text('avoid = ["neck"]\n')
    code, out, _ = run(capsys, "plan", "--spot", "neck", "--spot", "left-calf")
    assert code == 0
    assert "Left out: neck: neck marked to avoid" in out.splitlines()


def test_spots_lists_every_spot(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "spots", "--json")
    assert code == 0
    assert [record["id"] for record in json.loads(out)["spots"]] == [spot.id for spot in SPOTS]
    assert len(SPOTS) == 20


def test_marked_spots_feed_the_map_and_the_plan(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "spots", "--mark", "left-rhomboid=7", "--mark", "neck=4")
    assert (code, out) == (0, "left-rhomboid 7/10, neck 4/10: saved in your history\n")
    code, out, _ = run(capsys, "spots", "--json")
    spots = {s["id"]: s for s in json.loads(out)["spots"]}
    assert spots["left-rhomboid"]["intensity"] == 7
    assert spots["left-rhomboid"]["weekly"][-1] == 7
    assert spots["jaw"]["intensity"] == 0
    code, out, _ = run(capsys, "plan")  # no --spot: the map as last marked
    assert out.splitlines()[0] == "Today's plan: left rhomboid, neck"
    code, _, err = run(capsys, "spots", "--mark", "neck=high")
    assert (code, err) == (
        2,
        "knotsession: 'neck=high': the intensity must be a whole number from 0 to 10\n",
    )
