"""The two TOML parsers: `tomli` for many files read in a row, the standard library's
`tomllib` for one file and a library's first few. Whichever reads a file, the document and
the message are the same, and a session started straight from the command line does without
`tomli`."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from knotsession.core.library import FEW_FILES
from knotsession.core.routine import RoutineError, load_toml, parse_routine

BAD_ROUTINES = sorted((Path(__file__).parent / "bad_routines").glob("*.toml"))
BROKEN_TOML = [
    "a = ",
    "a = 1\na = 2",
    "[a]\n[a]",
    'a = "x',
    "a = 1 b",
    "= 1",
    "a = [1,",
    "a = {b=1",
    "a = 1979-05-27T07:32:00Z_",
    'a = "\x01"',
    "a = 0x",
    "a = 1__0",
    "[[a]]\n[a]",
    "a.b = 1\na = 2",
    'a = """',
    "a = tru",
    "x = 1\n\n\ny = '\\q'\nz = \"\\q\"",
    "a = " + "[" * 3000,
    "a = 9" * 40,
    "a = 99999999999999999999999999",
]


def outcome(text: str, *, many: bool) -> object:
    try:
        return load_toml(text, "f.toml", many=many)
    except RoutineError as error:
        return (error.file, error.message, error.place, error.hint)


@pytest.mark.parametrize("text", BROKEN_TOML)
def test_a_broken_file_gets_the_same_message_from_either_parser(text: str) -> None:
    one, many = outcome(text, many=False), outcome(text, many=True)
    assert isinstance(one, tuple), "each of these is broken"
    assert one == many


@pytest.mark.parametrize("path", BAD_ROUTINES, ids=lambda path: path.name)
def test_every_bad_routine_reads_the_same_with_either_parser(path: Path) -> None:
    def read(*, many: bool) -> object:
        try:
            return parse_routine(path.read_bytes(), file=path.name, routine_id="x", many=many)
        except RoutineError as error:
            return (error.file, error.message, error.place, error.hint)

    assert read(many=False) == read(many=True)


def test_bundled_routines_parse_to_the_same_documents() -> None:
    bundled = sorted((Path(__file__).parents[2] / "routines").glob("*.toml"))
    assert bundled
    for path in bundled:
        text = path.read_text(encoding="utf-8")
        assert load_toml(text, path.name, many=False) == load_toml(text, path.name, many=True)


def printed_by(code: str, *args: str) -> str:
    """What `code` prints in a fresh interpreter, which has this test's own HOME and XDG
    folders (the autouse `isolated_dirs` set them in the environment it inherits)."""
    run = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout.strip()


OPEN_ONE = """
    import sys
    from knotsession.core.library import load_default_library
    from knotsession.figures.names import pose_names
    from knotsession.figures.poses import bundled_poses
    from knotsession.core.settings import load_settings

    library = load_default_library(known_poses=pose_names())
    routine = library.get("desk-5")
    assert routine is not None and routine.steps
    bundled_poses()
    load_settings()
    print("tomli" in sys.modules, "tomllib" in sys.modules)
"""


def test_a_start_reads_the_bundled_routines_and_opens_one_without_tomli(
    isolated_dirs: Path,
) -> None:
    """The first run parses every bundled routine (fewer than FEW_FILES: the standard
    library's parser); the next finds their summaries cached. Opening the routine to play,
    the poses and the settings read one file each: neither run loads `tomli`."""
    (isolated_dirs / ".config" / "knotsession").mkdir()
    (isolated_dirs / ".config" / "knotsession" / "config.toml").write_text("lead_in = 3\n")
    assert printed_by(OPEN_ONE) == "False True"
    assert printed_by(OPEN_ONE) == "False True"


LOAD_FOLDER = """
    import sys
    from pathlib import Path
    from knotsession.core.library import RoutineSource, load_library

    library = load_library([RoutineSource(Path(sys.argv[1]), "extra")])
    assert len(library.summaries) == int(sys.argv[2]), library.problems[:3]
    print("tomli" in sys.modules)
"""


@pytest.mark.parametrize(("count", "with_tomli"), [(FEW_FILES, False), (FEW_FILES + 1, True)])
def test_past_the_first_few_files_a_load_reads_on_with_tomli(
    tmp_path: Path, count: int, with_tomli: bool
) -> None:
    sample = (Path(__file__).parents[2] / "routines" / "desk-5.toml").read_bytes()
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(count):
        (folder / f"routine-{number:03d}.toml").write_bytes(sample)
    assert printed_by(LOAD_FOLDER, str(folder), str(count)) == str(with_tomli)
