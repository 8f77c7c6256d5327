"""The command line: list, show, validate, --help and --version."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from knotsession import __version__
from knotsession.cli import _simple_start, build_parser, main, parse_arguments, parsed_by_argparse

NECK = """\
name = "Test neck"
areas = ["neck", "shoulders"]
position = "seated"
lead_in = 2

[[steps]]
name = "Side tilt"
duration = 30
sides = "both"
instructions = "Tilt gently."

[[steps]]
name = "Rolls"
duration = "20s"
"""


@pytest.fixture
def routines(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "test-neck.toml").write_text(NECK)
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_json_has_the_promised_fields(
    routines: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--routines", str(routines), "list", "--json")
    assert code == 0
    record = next(r for r in json.loads(out) if r["id"] == "test-neck")
    assert record == {
        "id": "test-neck",
        "name": "Test neck",
        "description": "",
        "areas": ["neck", "shoulders"],
        "position": "seated",
        "equipment": [],
        "safety": "",
        "skip_if": [],
        "steps": 2,
        "work_s": 80,
        "duration_s": 86,  # 2 s lead-in, 30 s, 2 s switch, 30 s, 2 s lead-in, 20 s
        "origin": "extra",
        "avoid": [],
    }


def test_list_marks_routines_that_work_an_avoided_area(
    routines: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from knotsession import paths

    config = paths.settings_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('avoid = ["shoulders", "hips"]\n')
    code, out, err = run(capsys, "--routines", str(routines), "list")
    assert (code, err) == (0, "")
    line = next(line for line in out.splitlines() if line.startswith("test-neck "))
    assert line.endswith("Test neck  [neck, shoulders]  (yours)  ⚠ shoulders")
    assert any(line.endswith("⚠ hips") for line in out.splitlines())  # a bundled hip routine
    code, out, _ = run(capsys, "--routines", str(routines), "list", "--json")
    records = {record["id"]: record for record in json.loads(out)}
    assert records["test-neck"]["avoid"] == ["shoulders"]
    assert records["desk-5"]["avoid"] == ["shoulders"]
    assert all(set(record["avoid"]) <= {"shoulders", "hips"} for record in records.values())
    code, out, _ = run(capsys, "--routines", str(routines), "show", "test-neck", "--json")
    assert json.loads(out)["avoid"] == ["shoulders"]


def test_without_the_avoid_setting_nothing_is_marked(
    routines: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--routines", str(routines), "list")
    assert code == 0 and "⚠" not in out


def test_list_by_area(routines: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--routines", str(routines), "list", "--area", "shoulders")
    assert code == 0
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert "test-neck 1:26 Test neck [neck, shoulders] (yours)" in lines
    assert all("shoulders" in line for line in lines)


def test_list_unknown_area_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "list", "--area", "shoulder")
    assert code == 2
    assert err == "knotsession: unknown body area 'shoulder'; did you mean 'shoulders'?\n"


def test_show_json_includes_the_steps(routines: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--routines", str(routines), "show", "test-neck", "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["work_s"] == 80
    assert [(s["name"], s["duration_s"], s["sides"]) for s in shown["steps"]] == [
        ("Side tilt", 30, "both"),
        ("Rolls", 20, "none"),
    ]


def test_show_text(routines: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--routines", str(routines), "show", "test-neck")
    assert code == 0
    assert out.splitlines() == [
        "Test neck (test-neck)  1:26",
        "Areas: neck, shoulders   Position: seated",
        "Equipment: none",
        " 1. Side tilt (30 s, each side)",
        "    Tilt gently.",
        " 2. Rolls (20 s)",
        "Safety: Stretch gently, to mild tension, never to pain. Stop if a stretch or a",
        "  knot gives sharp, shooting or tingling pain. See a professional when pain",
        "  persists or keeps coming back.",
    ]


def test_show_unknown_id_suggests(routines: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--routines", str(routines), "show", "test-nek")
    assert code == 2
    assert err == "knotsession: no routine 'test-nek'; did you mean 'test-neck'?\n"


def test_show_a_broken_routine_says_what_is_wrong(
    routines: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (routines / "broken.toml").write_text('name = "B"\nareas = ["neck"]\n')
    code, _, err = run(capsys, "--routines", str(routines), "show", "broken")
    assert code == 2
    assert err.endswith(
        "knotsession: routine 'broken' has a problem: "
        f"{routines / 'broken.toml'}: missing required key 'steps' at the top level\n"
    )


def test_validate_passes_good_files(routines: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", str(routines / "test-neck.toml"))
    assert (code, out, err) == (0, "1 file OK.\n", "")


def test_validate_reports_one_line_per_problem(
    tmp_path: Path,
    routines: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.toml").write_text(NECK.replace("duration = 30", "duration = -5"))
    Path("worse.toml").write_bytes(b"\x00junk")
    code, out, err = run(capsys, "validate", "routines/test-neck.toml", "bad.toml", "worse.toml")
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "bad.toml: steps[0].duration: must be 1..3600 seconds, got -5",
        "worse.toml: not a text file (it contains binary data)",
        "2 of 3 files have problems.",
    ]


def test_bundled_routines_validate(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in (Path(__file__).parent.parent / "routines").glob("*.toml"))
    assert files, "no bundled routines"
    code, out, err = run(capsys, "validate", *files)
    assert out == f"{len(files)} files OK.\n"
    assert err == ""
    assert code == 0


def test_version_and_help_run_as_a_program() -> None:
    version = subprocess.run(
        [sys.executable, "-m", "knotsession", "--version"], capture_output=True, text=True
    )
    assert version.stdout == f"knotsession {__version__}\n"
    shown = subprocess.run(
        [sys.executable, "-m", "knotsession", "--help"], capture_output=True, text=True
    )
    assert shown.returncode == 0
    assert "knotsession start desk-5 --plain" in shown.stdout
    assert "see a professional" in shown.stdout


def test_a_bad_command_line_is_one_line_not_a_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "knotsession", "start"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "knotsession start: error: the following arguments are required: ID"
    )


def test_an_unexpected_error_is_one_line_and_a_crash_log(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, isolated_dirs: Path
) -> None:
    import knotsession.commands.listing as listing

    def broken(_args: object) -> int:
        raise ValueError("boom")

    monkeypatch.setattr(listing, "run", broken)
    monkeypatch.delenv("KNOTSESSION_DEBUG", raising=False)
    code, out, err = run(capsys, "list")
    assert out == ""
    log = isolated_dirs / ".cache" / "knotsession" / "crash.log"
    assert code == 1
    assert err == f"knotsession: unexpected error: ValueError('boom') (details in {log})\n"
    assert "Traceback" in log.read_text()


def test_a_bare_command_line_means_what_argparse_would_make_of_it() -> None:
    """`knotsession` alone skips argparse; the arguments must be the ones it would give."""
    assert vars(parse_arguments([])) == vars(build_parser().parse_args([]))


def test_a_bare_command_line_does_not_import_argparse() -> None:
    code = (
        "import sys\n"
        "from knotsession.cli import parse_arguments\n"
        "parse_arguments([])\n"
        "print('argparse' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "False\n"


START_LINES = [
    ["start", "desk-5"],
    ["start", "desk-5", "--plain"],
    ["start", "--plain", "desk-5"],
    ["--mute", "start", "desk-5"],
    ["start", "desk-5", "--voice", "--mute"],
    ["--routines", "{a}", "start", "x", "--routines={b}", "--plain"],
    ["--routines={a}", "--voice", "start", "start"],
]


@pytest.mark.parametrize("line", START_LINES, ids=" ".join)
def test_start_lines_skip_argparse_and_mean_what_it_would_make_of_them(
    line: list[str], tmp_path: Path
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    argv = [word.format(a=tmp_path / "a", b=tmp_path / "b") for word in line]
    assert vars(parse_arguments(argv)) == vars(parsed_by_argparse(argv))


@pytest.mark.parametrize(
    "line",
    [["--plain", "start", "x"], ["start"], ["start", "x", "y"], ["start", "x", "--pl"],
     ["start", "-h"], ["--routines"], ["list"], ["start", "x", "--routines"]],
    ids=" ".join,
)  # fmt: skip
def test_other_command_lines_go_to_argparse(line: list[str]) -> None:
    assert _simple_start(line) is None


def test_a_start_line_does_not_import_argparse(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from knotsession.cli import parse_arguments\n"
        f"parse_arguments(['--routines', {str(tmp_path)!r}, 'start', 'desk-5', '--mute'])\n"
        "print('argparse' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "False\n"


def test_a_start_line_with_a_missing_folder_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        parse_arguments(["start", "desk-5", "--routines", str(tmp_path / "gone")])
    assert stopped.value.code == 2
    assert (
        capsys.readouterr().err == f"knotsession: --routines {tmp_path / 'gone'}: no such folder\n"
    )


def test_each_bare_command_line_gets_its_own_routines_list() -> None:
    first = parse_arguments([])
    first.routines.append(Path("elsewhere"))
    assert parse_arguments([]).routines == []


# --- friendlier arguments ------------------------------------------------------------------


def test_global_options_work_after_the_command(tmp_path: Path, routines: Path) -> None:
    other = tmp_path / "more"
    other.mkdir()
    args = parse_arguments(
        ["--routines", str(routines), "start", "x", "--mute", "--routines", str(other)]
    )
    assert (args.command, args.mute, args.voice) == ("start", True, None)
    assert args.routines == [routines, other]  # before the command first: later folders win
    assert not any(name.endswith("_after_command") for name in vars(args))


def test_list_by_area_ignores_case(routines: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--routines", str(routines), "list", "--area", " Neck", "--json")
    assert code == 0
    assert "test-neck" in [record["id"] for record in json.loads(out)]


def test_an_empty_area_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list", "--area", "")
    assert (code, out) == (2, "")
    assert err.startswith("knotsession: --area needs a body area; choose from: neck, jaw,")


@pytest.mark.parametrize(
    ("folder", "why"), [("nowhere", "no such folder"), ("file.txt", "is not a folder")]
)
def test_a_routines_folder_that_is_not_there_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], folder: str, why: str
) -> None:
    (tmp_path / "file.txt").write_text("")
    with pytest.raises(SystemExit) as stop:
        parse_arguments(["list", "--routines", str(tmp_path / folder)])
    assert stop.value.code == 2
    assert capsys.readouterr().err == f"knotsession: --routines {tmp_path / folder}: {why}\n"


def test_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse_arguments(["--help"])
    shown = capsys.readouterr().out
    assert "exit codes:" in shown
    for code in ("0  done", "1  validate", "2  a bad command line", "130, 143"):
        assert code in shown


def test_validate_json_lists_each_file_and_its_problem(
    routines: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("name = 3\n")
    good = routines / "test-neck.toml"
    code, out, err = run(capsys, "validate", "--json", str(good), str(bad))
    assert (code, err) == (1, "")
    assert json.loads(out) == [
        {"file": str(good), "ok": True, "problem": None},
        {
            "file": str(bad),
            "ok": False,
            "problem": {"message": "expected text, got 3", "place": "name", "hint": ""},
        },
    ]
