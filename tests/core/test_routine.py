"""The routine format: every rule, valid and invalid, with the exact message a person sees."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knotsession.core.library import read_routine_file
from knotsession.core.routine import RoutineError, Step, parse_duration, parse_routine

BAD = Path(__file__).parent / "bad_routines"
CUES = frozenset({"chime", "switch", "tick", "finish", "bowl", "ready"})
POSES = frozenset({"neck-side-tilt", "chin-tuck-out", "chin-tuck-in"})

# Each broken file in bad_routines/ and the one line the person is shown for it.
EXPECTED = [
    "Bad_Name.toml: the file name 'Bad_Name' is not a routine id; use lowercase letters, digits and dashes, e.g. 'neck-release.toml'",
    'bad-duration-text.toml: steps[0].duration: \'thirty seconds\' is not a duration; write seconds as a number (45) or text like "45s", "2m" or "1m30s"',
    "binary.toml: not a text file (it contains binary data)",
    'bool-duration.toml: steps[0].duration: expected whole seconds or text like "45s", got true',
    "cue-path-escape.toml: steps[0].cue: '../../../etc/passwd' is not a sound name; use the plain name (lowercase letters, digits, '-' or '_'), no folders or suffix",
    "duplicate-key.toml:2:15: a key or table is defined twice (cannot overwrite a value)",
    "empty-name.toml: name: must not be empty",
    "empty-spoken.toml: steps[0].spoken: must not be empty; leave it out to say the first sentence",
    "empty-steps.toml: steps: a routine needs at least one [[steps]] table",
    "empty.toml: the file is empty; a routine needs name, areas and at least one [[steps]]",
    "equipment-not-strings.toml: equipment[0]: expected text, got 1",
    'float-duration.toml: steps[0].duration: expected whole seconds or text like "45s", got 30.5',
    "inf-lead-in.toml: lead_in: expected a whole number, got inf",
    "latin1.toml: not valid UTF-8 (byte 0xe9 at offset 12); save the file as UTF-8",
    "lead-in-out-of-range.toml: lead_in: must be 0..60 seconds, got 90",
    "long-spoken.toml: steps[0].spoken: is 321 characters; spoken text is at most 300; keep it to a sentence or two: the instructions hold the rest",
    "missing-name.toml: missing required key 'name' at the top level",
    'nan-duration.toml: steps[0].duration: expected whole seconds or text like "45s", got nan',
    "negative-duration.toml: steps[2].duration: must be 1..3600 seconds, got -5",
    "no-areas.toml: areas: must list at least one body area",
    "no-steps.toml: missing required key 'steps' at the top level",
    "safety-too-long.toml: safety: must be at most 400 characters, got 479; say what to look out for in two or three sentences",
    "skip-if-empty.toml: skip_if[1]: must not be empty",
    "skip-if-not-a-list.toml: skip_if: expected a list, got 'a recent neck injury'",
    "skip-if-not-text.toml: skip_if[1]: expected text, got 3",
    'skip-if-too-long.toml: skip_if[0]: must be at most 120 characters, got 130; a few plain words, e.g. "a recent injury or surgery in the area"',
    "skip-if-too-many.toml: skip_if: must list at most 8 conditions, got 9",
    "skip-if-two-lines.toml: skip_if[0]: must be one line; put each condition in its own string",
    "syntax-error.toml:6:14: expected newline or end of document after a statement",
    "too-long-duration.toml: steps[0].duration: must be 1..3600 seconds, got 3660",
    "unknown-area.toml: areas[0]: unknown body area 'nek'; did you mean 'neck'?",
    "unknown-cue.toml: steps[0].cue: unknown sound 'chme'; did you mean 'chime'?",
    "unknown-key.toml: unknown key 'durration' in steps[0]; did you mean 'duration'?",
    "unknown-kind.toml: steps[0].kind: unknown step kind 'strech'; did you mean 'stretch'?",
    "unknown-position.toml: position: unknown position 'lying'; choose from: seated, standing, floor, any",
    "unknown-sides.toml: steps[0].sides: unknown sides value 'bothe'; did you mean 'both'?",
    "unknown-top-key.toml: unknown key 'nmae' at the top level; did you mean 'name'?",
    "whitespace-only.toml: the file is empty; a routine needs name, areas and at least one [[steps]]",
    "wrong-type-areas.toml: areas: expected a list, got 'neck'",
]

GOOD = b"""\
name = "Neck release"
description = "Two gentle stretches."
areas = ["neck", "shoulders"]
position = "seated"
equipment = ["chair"]
lead_in = 3
safety = "Keep it gentle."
skip_if = ["a recent neck injury", " whiplash "]

[[steps]]
name = "Side tilt"
kind = "stretch"
duration = "1m30s"
sides = "both"
area = "neck"
instructions = "Tilt your ear towards your shoulder."
spoken = "Ear toward   shoulder."
cue = "chime"
pose = "neck-side-tilt"

[[steps]]
name = "Chin tucks"
kind = "mobility"
duration = 20
pose = ["chin-tuck-out", "chin-tuck-in"]
"""


def parse(data: bytes, routine_id: str = "neck") -> object:
    return parse_routine(
        data, file=f"{routine_id}.toml", routine_id=routine_id, known_cues=CUES, known_poses=POSES
    )


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda message: message.split(":", 1)[0])
def test_a_broken_file_gets_its_exact_message(
    expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BAD)  # files are named relative to where the person is
    name = expected.split(":", 1)[0]
    with pytest.raises(RoutineError) as caught:
        read_routine_file(Path(name), known_cues=CUES, known_poses=POSES)
    assert str(caught.value) == expected


def test_every_file_in_the_corpus_has_an_expected_message() -> None:
    listed = {message.split(":", 1)[0] for message in EXPECTED}
    assert listed == {path.name for path in BAD.glob("*.toml")}


def test_a_good_routine_parses_into_typed_values() -> None:
    routine = parse(GOOD)
    assert routine.id == "neck"
    assert routine.name == "Neck release"
    assert routine.areas == ("neck", "shoulders")
    assert routine.position == "seated"
    assert routine.equipment == ("chair",)
    assert routine.lead_in_s == 3
    assert routine.safety == "Keep it gentle."
    assert routine.skip_if == ("a recent neck injury", "whiplash")
    assert routine.steps[0] == Step(
        name="Side tilt",
        duration_s=90,
        kind="stretch",
        sides="both",
        area="neck",
        instructions="Tilt your ear towards your shoulder.",
        cue="chime",
        poses=("neck-side-tilt",),
        spoken="Ear toward shoulder.",  # spaces folded: it is said, not shown
    )
    assert routine.steps[1].spoken == ""
    assert routine.steps[1].poses == ("chin-tuck-out", "chin-tuck-in")
    assert routine.steps[1].kind == "mobility"
    assert routine.work_s == 90 * 2 + 20


def test_defaults_fill_what_a_minimal_file_leaves_out() -> None:
    routine = parse(b'name = "N"\nareas = ["neck"]\n[[steps]]\nname = "T"\nduration = 5\n')
    step = routine.steps[0]
    assert (step.kind, step.sides, step.area, step.cue, step.poses) == (
        "stretch", "none", None, None, ()
    )  # fmt: skip
    assert (routine.position, routine.equipment, routine.lead_in_s) == ("any", (), None)
    assert (routine.safety, routine.skip_if) == ("", ())


def test_a_byte_order_mark_and_crlf_line_endings_are_accepted() -> None:
    data = b"\xef\xbb\xbf" + GOOD.replace(b"\n", b"\r\n")
    assert parse(data).name == "Neck release"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [(45, 45), ("45s", 45), ("2m", 120), ("1m30s", 90), ("1m 30s", 90), (" 10s ", 10)],
)
def test_durations_are_seconds_or_text(text: int | str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "s", "m", "45", "1h", "-5s", "1.5m", "thirty"])
def test_text_that_is_not_a_duration(text: str) -> None:
    assert parse_duration(text) is None


@pytest.mark.parametrize(
    ("duration", "ok"), [("1", True), ("3600", True), ("0", False), ("3601", False)]
)
def test_duration_limits(duration: str, ok: bool) -> None:
    data = f'name = "N"\nareas = ["neck"]\n[[steps]]\nname = "T"\nduration = {duration}\n'.encode()
    if ok:
        assert parse(data).steps[0].duration_s == int(duration)
    else:
        with pytest.raises(RoutineError, match=rf"must be 1\.\.3600 seconds, got {duration}$"):
            parse(data)


def test_an_unknown_pose_gets_a_suggestion() -> None:
    data = GOOD.replace(b'pose = "neck-side-tilt"', b'pose = "neck-side-tlit"')
    with pytest.raises(RoutineError) as caught:
        parse(data)
    assert str(caught.value) == (
        "neck.toml: steps[0].pose: unknown pose 'neck-side-tlit'; did you mean 'neck-side-tilt'?"
    )


def test_three_alternating_poses_are_too_many() -> None:
    data = GOOD.replace(b'["chin-tuck-out", "chin-tuck-in"]', b'["a", "b", "c"]')
    with pytest.raises(RoutineError) as caught:
        parse(data)
    assert str(caught.value) == "neck.toml: steps[1].pose: must name one or two poses, got 3"


def test_an_unknown_cue_with_nothing_close_lists_the_known_ones() -> None:
    data = GOOD.replace(b'cue = "chime"', b'cue = "zzzzzz"')
    with pytest.raises(RoutineError) as caught:
        parse(data)
    assert str(caught.value) == (
        "neck.toml: steps[0].cue: unknown sound 'zzzzzz'; "
        "known sounds: bowl, chime, finish, ready, switch, tick"
    )


def test_a_file_over_one_mebibyte_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(GOOD + b"#" * (5 * 1024 * 1024))
    with pytest.raises(RoutineError) as caught:
        read_routine_file(big, known_cues=CUES, known_poses=POSES)
    assert str(caught.value).endswith(
        "big.toml: file is too large: routine files are at most 1 MiB"
    )


def test_deep_nesting_is_refused_not_a_crash() -> None:
    data = b'name = "N"\nareas = ["neck"]\nx = ' + b"[" * 5000 + b"]" * 5000 + b"\n"
    with pytest.raises(RoutineError) as caught:
        parse(data)
    assert str(caught.value) == "neck.toml: values are nested too deeply"


def test_a_missing_file_and_a_folder_are_named(tmp_path: Path) -> None:
    with pytest.raises(RoutineError, match=r"nothere\.toml: no such file$"):
        read_routine_file(tmp_path / "nothere.toml")
    (tmp_path / "folder.toml").mkdir()
    with pytest.raises(RoutineError, match=r"folder\.toml: is a folder, not a routine file$"):
        read_routine_file(tmp_path / "folder.toml")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    locked = tmp_path / "locked.toml"
    locked.write_bytes(GOOD)
    locked.chmod(0)
    with pytest.raises(RoutineError, match=r"locked\.toml: cannot be read \(Permission denied\)$"):
        read_routine_file(locked)


def test_a_routine_is_data_only() -> None:
    """Text that looks like code or format fields stays text."""
    data = GOOD.replace(b"Side tilt", b"{__import__('os').system('false')} %s {0}")
    assert parse(data).steps[0].name == "{__import__('os').system('false')} %s {0}"


def _mutations() -> st.SearchStrategy[bytes]:
    """The good file with bytes flipped, cut, duplicated or spliced in."""
    spliced = st.tuples(st.integers(0, len(GOOD)), st.binary(max_size=40)).map(
        lambda cut: GOOD[: cut[0]] + cut[1] + GOOD[cut[0] :]
    )
    truncated = st.integers(0, len(GOOD)).map(lambda n: GOOD[:n])
    flipped = st.tuples(st.integers(0, len(GOOD) - 1), st.integers(0, 255)).map(
        lambda f: GOOD[: f[0]] + bytes([f[1]]) + GOOD[f[0] + 1 :]
    )
    texty = st.text(alphabet=st.sampled_from(list('=[]"{},.\n abc-123_#\\')), max_size=200)
    return st.one_of(spliced, truncated, flipped, texty.map(str.encode))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutations())
def test_mutated_files_are_accepted_or_reported_never_raised(data: bytes) -> None:
    try:
        parse(data)
    except RoutineError as error:
        assert str(error).startswith("neck.toml")
        assert "\n" not in error.message


def test_avoided_areas_come_from_the_routine_and_its_steps_in_order() -> None:
    from knotsession.core.routine import Routine

    steps = (
        Step(name="Tilt", duration_s=5, area="neck"),
        Step(name="Calf", duration_s=5, area="legs"),
        Step(name="Breathe", duration_s=5),
    )
    routine = Routine(id="r", name="R", areas=("shoulders", "neck"), steps=steps)
    assert routine.avoided(()) == ()
    assert routine.avoided(("legs", "neck", "shoulders")) == ("shoulders", "neck", "legs")
    assert routine.avoided(("hips",)) == ()
