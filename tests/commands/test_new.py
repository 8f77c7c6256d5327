"""`knotsession new`: the commented template, copies, and every refusal, on real files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from knotsession import paths
from knotsession.cli import main
from knotsession.core.library import read_routine_file, sound_names

# The keys a routine file may hold; private, but the template must explain each of them.
from knotsession.core.routine import (
    _ROUTINE_KEYS,
    _STEP_KEYS,
    BODY_AREAS,
    POSITIONS,
    SIDES,
    STEP_KINDS,
)
from knotsession.figures.names import pose_names

EXTRA = """\
name = "Hand shake-out"
areas = ["hands"]

[[steps]]
name = "Shake out"
kind = "mobility"
duration = "20s"
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def user_file(routine_id: str) -> Path:
    return paths.user_routines_dir() / f"{routine_id}.toml"


def read_back(path: Path):
    """The file as the app will read it: every cue and pose name checked."""
    return read_routine_file(path, "user", sound_names(), pose_names())


def created_lines(path: Path) -> list[str]:
    return [
        f"Created {path}",
        f"Edit it, then: knotsession validate {path}",
        "It appears in the app under its areas, marked as yours.",
    ]


# --- the template -------------------------------------------------------------------------


def test_new_writes_a_template_that_loads_as_a_real_routine(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "new", "my-neck")
    path = user_file("my-neck")
    assert (code, err) == (0, "")
    assert out.splitlines() == created_lines(path)
    routine = read_back(path)
    assert (routine.id, routine.name, routine.areas, routine.position) == (
        "my-neck",
        "My neck",
        ("neck",),
        "seated",
    )
    assert routine.lead_in_s == 5
    assert [(s.name, s.kind, s.duration_s, s.sides, s.area) for s in routine.steps] == [
        ("Side neck stretch", "stretch", 30, "both", "neck"),
        ("Chin tucks", "mobility", 30, "none", "neck"),
    ]
    assert routine.steps[0].instructions == (
        "Sit tall and hold the edge of your seat with the hand on the side you are stretching. "
        "Tilt your head away, ear toward the other shoulder, until you feel a gentle stretch along "
        "the side of your neck. Keep both shoulders down and breathe slowly; ease off if your arm "
        "tingles."
    )


def test_the_template_explains_every_key(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "new", "my-neck")
    text = user_file("my-neck").read_text()
    for key in (*_ROUTINE_KEYS, *_STEP_KEYS):
        assert re.search(rf"^# {key}( \(required\))?: ", text, re.M), key


def test_the_template_lists_every_vocabulary_and_where_to_find_poses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run(capsys, "new", "my-neck")
    comments = "\n".join(
        line for line in user_file("my-neck").read_text().splitlines() if line.startswith("#")
    )
    assert f"#   {', '.join(BODY_AREAS)}\n" in comments
    assert "# position: seated, standing, floor or any.\n" in comments
    assert "# kind: stretch, massage, mobility, walk, breathe or rest.\n" in comments
    assert '# sides: none, left, right or both: "both" runs the step once per side' in comments
    assert f"# Sounds: {', '.join(sorted(sound_names()))}. A sound file you put in\n" in comments
    assert f"# {paths.user_sounds_dir()}/ is a cue too" in comments
    assert "# See every pose with its name: knotsession poses\n" in comments
    assert {*BODY_AREAS, *POSITIONS, *STEP_KINDS, *SIDES} <= set(re.findall(r"[a-z-]+", comments))


def test_the_commented_examples_are_valid_when_uncommented(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run(capsys, "new", "my-neck")
    path = user_file("my-neck")
    examples = ("# cue = ", "# pose = ", "# spot = ")
    lines = path.read_text().splitlines()
    uncommented = [line[2:] if line.startswith(examples) else line for line in lines]
    assert len([line for line in lines if line.startswith(examples)]) == 3
    path.write_text("\n".join(uncommented) + "\n")
    step = read_back(path).steps[0]
    assert (step.cue, step.spot) == ("chime", "neck")
    assert len(step.poses) == 1


def test_knotsession_validate_passes_the_new_file(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "new", "my-neck")
    assert run(capsys, "validate", str(user_file("my-neck"))) == (0, "1 file OK.\n", "")


def test_the_new_routine_is_in_the_library_as_the_persons_own(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run(capsys, "new", "my-neck")
    code, out, _ = run(capsys, "list", "--area", "neck", "--json")
    assert code == 0
    mine = [record for record in json.loads(out) if record["id"] == "my-neck"]
    assert [(r["name"], r["origin"], r["steps"]) for r in mine] == [("My neck", "user", 2)]


def test_a_spaced_path_is_quoted_in_the_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "Application Support"))
    code, out, _ = run(capsys, "new", "my-neck")
    path = tmp_path / "Application Support" / "knotsession" / "routines" / "my-neck.toml"
    assert code == 0
    assert out.splitlines()[1] == f"Edit it, then: knotsession validate '{path}'"
    assert path.is_file()


# --- copies -------------------------------------------------------------------------------


def test_from_copies_a_bundled_routine_with_where_it_came_from(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "new", "my-neck", "--from", "neck-relief")
    assert (code, err) == (0, "")
    assert out.splitlines() == created_lines(user_file("my-neck"))
    source = paths.bundled_routines_dir() / "neck-relief.toml"
    assert user_file("my-neck").read_text() == (
        f"# Copied from 'neck-relief' (bundled, {source}) by knotsession new.\n"
        + source.read_text()
    )
    copy = read_back(user_file("my-neck"))
    original = read_routine_file(source)
    assert (copy.name, copy.areas, copy.steps) == (original.name, original.areas, original.steps)


def test_from_copies_the_persons_own_routine(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "new", "first")
    code, _, _ = run(capsys, "new", "second", "--from", "first")
    assert code == 0
    first_line, rest = user_file("second").read_text().split("\n", 1)
    assert first_line == f"# Copied from 'first' (yours, {user_file('first')}) by knotsession new."
    assert rest == user_file("first").read_text()
    assert read_back(user_file("second")).name == "First"


def test_from_copies_a_routine_of_an_extra_folder_dropping_its_bom_and_keeping_crlf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / "hands.toml").write_bytes(b"\xef\xbb\xbf" + EXTRA.replace("\n", "\r\n").encode())
    code, _, err = run(capsys, "--routines", str(folder), "new", "my-hands", "--from", "hands")
    assert (code, err) == (0, "")
    data = user_file("my-hands").read_bytes()
    header = (
        f"# Copied from 'hands' (from --routines, {folder / 'hands.toml'}) by knotsession new.\n"
    )
    assert data == header.encode() + EXTRA.replace("\n", "\r\n").encode()
    assert read_back(user_file("my-hands")).steps[0].duration_s == 20


def test_a_copy_with_a_bundled_id_says_it_replaces_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "new", "desk-5", "--from", "desk-5")
    assert code == 0
    assert out.splitlines() == [
        *created_lines(user_file("desk-5")),
        "It replaces the bundled routine 'desk-5' (5-minute desk routine) while it exists.",
    ]
    code, out, _ = run(capsys, "show", "desk-5", "--json")
    assert json.loads(out)["origin"] == "user"


def test_a_new_id_hidden_by_an_extra_folder_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / "hands.toml").write_text(EXTRA)
    code, out, _ = run(capsys, "--routines", str(folder), "new", "hands")
    assert code == 0
    assert out.splitlines()[-1] == (
        f"While you pass --routines {folder}, its 'hands' is used instead of this one."
    )


# --- refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("My Neck", "my-neck"),
        ("my-neck.toml", "my-neck"),
        ("neck_stretch", "neck-stretch"),
        ("../evil", "evil"),
        ("Ωμέγα", "my-routine"),
    ],
)
def test_a_bad_id_is_refused_with_one_that_would_do(
    typed: str, suggested: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "new", typed)
    assert (code, out) == (2, "")
    assert err == (
        f"knotsession: '{typed}' is not a routine id; use lowercase letters, digits and dashes, "
        f"e.g. '{suggested}'\n"
    )
    assert not paths.user_routines_dir().exists()


def test_an_existing_file_is_never_overwritten(capsys: pytest.CaptureFixture[str]) -> None:
    path = user_file("my-neck")
    path.parent.mkdir(parents=True)
    path.write_text("my own careful edits\n")
    user_file("my-neck-2").write_text("and another\n")
    code, out, err = run(capsys, "new", "my-neck", "--from", "desk-5")
    assert (code, out) == (2, "")
    assert err == (
        f"knotsession: {path} already exists; edit it, or choose another id such as 'my-neck-3'\n"
    )
    assert path.read_text() == "my own careful edits\n"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("neck-relif", "knotsession: no routine 'neck-relif'; did you mean 'neck-relief'?\n"),
        ("zzzz", "knotsession: no routine 'zzzz'; see `knotsession list`\n"),
    ],
)
def test_an_unknown_source_is_refused(
    source: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "new", "my-neck", "--from", source)
    assert (code, out, err) == (2, "", message)
    assert not user_file("my-neck").exists()


def test_a_folder_that_cannot_be_made_is_one_line(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = paths.config_dir()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("a file where the folder should be\n")
    code, out, err = run(capsys, "new", "my-neck")
    assert (code, out) == (1, "")
    assert err == f"knotsession: cannot make the folder {config / 'routines'} (Not a directory)\n"
