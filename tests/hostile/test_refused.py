"""Refused at the door: hostile text and numbers in every field of routines, config and CSV."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from corpus import ESCAPES, HUGE_INT, INVISIBLE_ONLY, LARGE_INT, MARKUP, control_bytes, toml_string

from knotsession.core.history_csv import read_rows
from knotsession.core.library import RoutineSource, load_library, read_routine_file
from knotsession.core.routine import RoutineError, parse_routine
from knotsession.core.settings import read_settings


def read_csv(handle: io.StringIO, file: str) -> tuple[list, list[str]]:
    """The records and the problems `history import` finds in a CSV file."""
    found = list(read_rows(handle, file))
    return [r for r in found if not isinstance(r, str)], [r for r in found if isinstance(r, str)]


GOOD_STEP = '[[steps]]\nname = "Tilt"\nduration = 30\n'


def routine_with(field: str, value: str) -> str:
    """A good routine file with `value` (TOML) in `field`, a top-level or a step key."""
    top = {"name": '"Neck"', "areas": '["neck"]'}
    step = {"name": '"Tilt"', "duration": "30"}
    if field.startswith("step."):
        step[field[5:]] = value
    else:
        top[field] = value
    lines = [f"{key} = {text}" for key, text in top.items()]
    lines += ["[[steps]]", *(f"{key} = {text}" for key, text in step.items())]
    return "\n".join(lines) + "\n"


def problem_for(text: str, routine_id: str = "neck") -> str:
    with pytest.raises(RoutineError) as caught:
        parse_routine(text.encode(), file="neck.toml", routine_id=routine_id)
    return str(caught.value)


@pytest.mark.parametrize("escape", sorted(ESCAPES))
@pytest.mark.parametrize("field", ["name", "step.name", "equipment"])
def test_a_name_with_controls_or_invisible_characters_is_refused(field: str, escape: str) -> None:
    value = toml_string(f"Neck {ESCAPES[escape]}")
    if field == "equipment":
        value = f"[{value}]"
    problem = problem_for(routine_with(field, value))
    place = {"name": "name", "step.name": "steps[0].name", "equipment": "equipment[0]"}[field]
    assert problem.startswith(f"neck.toml: {place}: must not hold control or invisible characters")
    assert problem.endswith("; remove them: they could take over the terminal or hide text")
    assert control_bytes(problem) == []


@pytest.mark.parametrize("field", ["description", "step.instructions"])
def test_a_line_break_is_fine_in_longer_text_but_an_escape_is_not(field: str) -> None:
    ok = routine_with(field, toml_string("Line one.\nLine two."))
    parse_routine(ok.encode(), file="neck.toml", routine_id="neck")
    problem = problem_for(routine_with(field, toml_string("Sit.\x1b]0;T\x07")))
    place = "description" if field == "description" else "steps[0].instructions"
    assert problem == (
        f"neck.toml: {place}: must not hold control or invisible characters (\\x1b, \\x07); "
        "remove them: they could take over the terminal or hide text"
    )


def test_a_forged_line_in_a_step_name_is_refused() -> None:
    problem = problem_for(routine_with("step.name", toml_string(ESCAPES["newline-forged-line"])))
    assert (
        "steps[0].name: must not hold control or invisible characters or line breaks (\\x0a)"
        in (problem)
    )


@pytest.mark.parametrize("name", sorted(INVISIBLE_ONLY))
def test_a_name_that_shows_nothing_is_empty(name: str) -> None:
    problem = problem_for(routine_with("name", toml_string(INVISIBLE_ONLY[name])))
    assert problem == "neck.toml: name: must not be empty"


@pytest.mark.parametrize("markup", sorted(MARKUP))
def test_markup_is_only_text_and_is_kept_as_written(markup: str) -> None:
    text = routine_with("step.name", toml_string(MARKUP[markup]))
    routine = parse_routine(text.encode(), file="neck.toml", routine_id="neck")
    assert routine.steps[0].name == MARKUP[markup]


@pytest.mark.parametrize("escape", ["osc0-title", "c1-osc-8bit", "bidi-override"])
@pytest.mark.parametrize("key", ["areas", "step.kind", "step.cue", "step.area", "position"])
def test_a_bad_value_is_named_escaped(key: str, escape: str) -> None:
    value = toml_string(ESCAPES[escape])
    problem = problem_for(routine_with(key, f"[{value}]" if key == "areas" else value))
    assert control_bytes(problem) == []
    assert ESCAPES[escape].encode("unicode_escape").decode()[:4] in problem


@pytest.mark.parametrize("escape", sorted(ESCAPES))
def test_an_unknown_key_is_named_escaped(escape: str) -> None:
    problem = problem_for(routine_with(toml_string(ESCAPES[escape]), "1"))
    assert problem.startswith("neck.toml: unknown key '")
    assert control_bytes(problem) == []


@pytest.mark.parametrize("number", [HUGE_INT, LARGE_INT, f"-{HUGE_INT}", f"-{LARGE_INT}"])
@pytest.mark.parametrize("field", ["lead_in", "step.duration", "equipment", "step.name"])
def test_a_number_beyond_64_bits_is_refused_naming_its_place(field: str, number: str) -> None:
    value = f"[{number}]" if field == "equipment" else number
    problem = problem_for(routine_with(field, value))
    assert "a number is too large (TOML allows 64-bit integers)" in problem
    if number.lstrip("-") == LARGE_INT:  # parsed: the key is known
        place = {"lead_in": "lead_in", "step.duration": "steps[0].duration"}.get(field)
        place = place or {"equipment": "equipment[0]", "step.name": "steps[0].name"}[field]
        assert problem.startswith(f"neck.toml: {place}: ")
    else:  # too long for Python to read: the line and column of the number
        assert problem.startswith("neck.toml:")
        assert problem.split(":")[1].isdigit()


@pytest.mark.parametrize(
    "escape", ["osc0-title", "osc52-clipboard", "c1-csi-8bit", "bidi-override"]
)
def test_a_hostile_file_name_is_refused_shown_escaped(tmp_path: Path, escape: str) -> None:
    path = tmp_path / f"neck{ESCAPES[escape].replace('/', '_')}.toml"
    path.write_text(routine_with("name", '"Neck"'))
    with pytest.raises(RoutineError) as caught:
        read_routine_file(path)
    assert "is not a routine id" in str(caught.value)
    assert control_bytes(str(caught.value)) == []


def test_a_file_name_that_is_not_utf8_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "good.toml").write_text(routine_with("name", '"Good"'))
    with open(os.path.join(os.fsencode(tmp_path), b"bad\xff.toml"), "wb") as handle:
        handle.write(b"name = 1")
    library = load_library([RoutineSource(tmp_path, "user")])
    assert list(library.routines) == ["good"]
    assert [str(p).split(" is not")[0] for p in library.problems] == [
        f"{tmp_path}/bad\\udcff.toml: the file name 'bad\\udcff'"
    ]


def test_every_hostile_file_in_a_folder_costs_only_itself(tmp_path: Path) -> None:
    """Deliverable 3: whatever the folder holds, the good routine loads."""
    (tmp_path / "good.toml").write_text(routine_with("name", '"Good"'))
    bad = {
        "huge.toml": routine_with("lead_in", HUGE_INT),
        "large.toml": routine_with("step.duration", LARGE_INT),
        "escape.toml": routine_with("name", toml_string(ESCAPES["osc52-clipboard"])),
        "deep.toml": "x = " + "[" * 5000 + "]" * 5000 + "\n",
        "key.toml": routine_with(toml_string(ESCAPES["osc0-title"]), "1"),
    }
    for name, text in bad.items():
        (tmp_path / name).write_text(text)
    os.mkfifo(tmp_path / "fifo.toml")
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    library = load_library([RoutineSource(tmp_path, "user")])
    assert list(library.routines) == ["good"]
    assert len(library.problems) == len(bad) + 2
    assert all(control_bytes(str(problem)) == [] for problem in library.problems)


# --- config.toml --------------------------------------------------------------------------


def test_config_that_is_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    os.mkfifo(path)
    settings, problems = read_settings(path)
    assert [p.message for p in problems] == ["is not a regular file (a folder, pipe or device?)"]
    assert settings.volume == 80


def test_config_that_links_to_dev_zero_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.symlink_to("/dev/zero")
    _, problems = read_settings(path)
    assert [p.message for p in problems] == ["is not a regular file (a folder, pipe or device?)"]


def test_config_over_64_kib_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# " + "x" * 70_000 + "\nvolume = 3\n")
    settings, problems = read_settings(path)
    assert [p.message for p in problems] == ["file is too large: config.toml is at most 64 KiB"]
    assert settings.volume == 80


def test_config_with_a_number_beyond_64_bits_costs_only_its_key(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"mute = true\nvolume = {LARGE_INT}\n")
    settings, problems = read_settings(path)
    assert (settings.mute, settings.volume) == (True, 80)
    assert [str(p) for p in problems] == [
        f"{path}: volume: a number is too large (TOML allows 64-bit integers); using the default"
    ]


def test_config_with_a_5000_digit_number_keeps_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"mute = true\nvolume = {HUGE_INT}\n")
    settings, problems = read_settings(path)
    assert (settings.mute, settings.volume) == (False, 80)
    assert [str(p) for p in problems] == [
        f"{path}:2:10: a number is too large (TOML allows 64-bit integers)"
    ]


@pytest.mark.parametrize("escape", sorted(ESCAPES))
def test_config_key_is_named_escaped(tmp_path: Path, escape: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"{toml_string(ESCAPES[escape])} = 1\nvolume = 3\n")
    settings, problems = read_settings(path)
    assert settings.volume == 3
    assert len(problems) == 1
    assert control_bytes(str(problems[0])) == []


# --- history import -----------------------------------------------------------------------

CSV_HEADER = "started_at,routine_id,duration_s,completed,areas,routine_name,note,tags\n"


def csv_row(routine_name: str = "Desk", note: str = "", tags: str = "") -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    return (
        f"2026-03-08T09:15:00+00:00,desk-5,300,true,neck,{quoted(routine_name)},"
        f"{quoted(note)},{quoted(tags)}\n"
    )


@pytest.mark.parametrize("escape", sorted(set(ESCAPES) - {"newline-forged-line"}))
@pytest.mark.parametrize("column", ["routine_name", "note", "tags"])
def test_history_import_refuses_controls_and_says_which_line(column: str, escape: str) -> None:
    good = csv_row()
    bad = csv_row(**{column: f"x{ESCAPES[escape]}"})
    _, problems = read_csv(io.StringIO(CSV_HEADER + good + bad), "h.csv")
    assert len(problems) == 1
    assert problems[0].startswith(f"h.csv:3: {column} holds control or invisible characters (")


def test_history_import_allows_a_line_break_only_in_the_note() -> None:
    rows = csv_row(note="first\nsecond") + csv_row(tags="a\nb") + csv_row(routine_name="a\nb")
    records, problems = read_csv(io.StringIO(CSV_HEADER + rows), "h.csv")
    assert [r.note for r in records] == ["first\nsecond"]
    assert problems == [
        "h.csv:4: tags holds control or invisible characters (\\x0a)",
        "h.csv:6: routine_name holds control or invisible characters (\\x0a)",
    ]


def test_history_import_refuses_huge_numbers_with_a_line() -> None:
    row = csv_row().replace(",300,", f",{HUGE_INT},")
    _, problems = read_csv(io.StringIO(CSV_HEADER + row), "h.csv")
    assert len(problems) == 1
    assert problems[0].startswith("h.csv:2: duration_s must be 0..")
