"""The routine library: sources in order, overrides by id, broken files reported not hiding."""

from __future__ import annotations

from pathlib import Path

import pytest

from knotsession import paths
from knotsession.core.library import (
    RoutineSource,
    default_sources,
    load_default_library,
    load_library,
    sound_names,
)


def routine_text(name: str, areas: str = '"neck"', seconds: int = 30) -> str:
    return f'name = "{name}"\nareas = [{areas}]\n[[steps]]\nname = "Tilt"\nduration = {seconds}\n'


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    return first, second


def test_a_later_source_overrides_an_id(folders: tuple[Path, Path]) -> None:
    first, second = folders
    (first / "neck.toml").write_text(routine_text("Old neck"))
    (first / "back.toml").write_text(routine_text("Back", '"upper-back"'))
    (second / "neck.toml").write_text(routine_text("New neck"))
    library = load_library([RoutineSource(first, "bundled"), RoutineSource(second, "user")])
    assert library.problems == ()
    assert sorted(library.routines) == ["back", "neck"]
    assert library.get("neck").name == "New neck"
    assert library.get("neck").origin == "user"
    assert library.get("back").origin == "bundled"
    assert library.overrides == (f"{second / 'neck.toml'} replaces {first / 'neck.toml'}",)


def test_a_broken_file_never_hides_the_good_ones(folders: tuple[Path, Path]) -> None:
    first, second = folders
    (first / "neck.toml").write_text(routine_text("Neck"))
    (second / "neck.toml").write_text("name = ")  # a broken override keeps the good original
    (second / "jaw.toml").write_text(routine_text("Jaw", '"jaw"'))
    library = load_library([RoutineSource(first, "bundled"), RoutineSource(second, "user")])
    assert library.get("neck").name == "Neck"
    assert library.get("jaw").name == "Jaw"
    assert [str(p).rsplit("/", 1)[-1] for p in library.problems] == [
        "neck.toml: invalid value at the end of the file"
    ]


def test_a_named_folder_that_is_missing_is_a_problem(tmp_path: Path) -> None:
    library = load_library([RoutineSource(tmp_path / "nope", "extra", required=True)])
    assert [p.message for p in library.problems] == ["no such folder"]


def test_a_folder_that_cannot_be_listed_is_a_problem_not_a_crash(
    folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root lists any folder, so the refusal is made here; the good folder still loads."""
    import knotsession.core.library as library_module

    good, refused = folders
    (good / "neck.toml").write_text(routine_text("Neck"))
    real_listdir = library_module.os.listdir

    def listdir(folder: Path) -> list[str]:
        if Path(folder) == refused:
            raise PermissionError(13, "Permission denied", str(folder))
        return real_listdir(folder)

    monkeypatch.setattr(library_module.os, "listdir", listdir)
    library = load_library([RoutineSource(good, "user"), RoutineSource(refused, "extra")])
    assert list(library.routines) == ["neck"]
    assert [(p.file, p.message) for p in library.problems] == [
        (str(refused), "cannot be read (Permission denied)")
    ]


def test_a_pipe_named_like_a_routine_is_refused_without_waiting(
    folders: tuple[Path, Path],
) -> None:
    """Opening a FIFO for reading blocks until a writer comes; start-up must not hang."""
    import os

    folder, _ = folders
    (folder / "neck.toml").write_text(routine_text("Neck"))
    os.mkfifo(folder / "pipe.toml")
    library = load_library([RoutineSource(folder, "user")])
    assert list(library.routines) == ["neck"]
    assert [(Path(p.file).name, p.message) for p in library.problems] == [
        ("pipe.toml", "is not a regular file (a pipe or a device?)")
    ]


def test_a_file_past_the_size_limit_is_refused_however_it_is_read(tmp_path: Path) -> None:
    from knotsession.core.library import read_routine_file
    from knotsession.core.routine import MAX_FILE_BYTES, RoutineError

    big = tmp_path / "big.toml"
    big.write_text(routine_text("Big") + "# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    with pytest.raises(RoutineError, match="file is too large"):
        read_routine_file(big)


def test_hidden_and_other_files_are_left_alone(folders: tuple[Path, Path]) -> None:
    folder, _ = folders
    (folder / "neck.toml").write_text(routine_text("Neck"))
    (folder / ".neck.toml").write_text("half-written by an editor")
    (folder / "notes.txt").write_text("not a routine")
    library = load_library([RoutineSource(folder, "user")])
    assert list(library.routines) == ["neck"]
    assert library.problems == ()


def test_files_are_named_as_short_as_they_can_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bad.toml").write_text("name = ")
    monkeypatch.chdir(tmp_path)
    library = load_library([RoutineSource(tmp_path, "user")])
    assert [p.file for p in library.problems] == ["bad.toml"]
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    monkeypatch.setenv("HOME", str(tmp_path.parent))
    library = load_library([RoutineSource(tmp_path, "user")])
    assert [p.file for p in library.problems] == [f"~/{tmp_path.name}/bad.toml"]


def test_a_missing_user_folder_is_fine(tmp_path: Path) -> None:
    assert load_library([RoutineSource(tmp_path / "nope", "user")]).problems == ()


def test_areas_are_counted_and_listed_shortest_first(tmp_path: Path) -> None:
    (tmp_path / "long.toml").write_text(routine_text("Long", '"neck", "jaw"', 90))
    (tmp_path / "short.toml").write_text(routine_text("Short", '"neck"', 20))
    library = load_library([RoutineSource(tmp_path, "bundled")])
    assert library.area_counts() == {"neck": 2, "jaw": 1}
    assert [r.id for r in library.in_area("neck")] == ["short", "long"]
    assert library.in_area("feet") == []


def test_default_sources_are_bundled_then_user_then_extra(tmp_path: Path) -> None:
    sources = default_sources([tmp_path])
    assert [(s.folder, s.origin) for s in sources] == [
        (paths.bundled_routines_dir(), "bundled"),
        (paths.user_routines_dir(), "user"),
        (tmp_path, "extra"),
    ]


def test_user_routines_come_from_the_xdg_config_folder(isolated_dirs: Path) -> None:
    folder = isolated_dirs / ".config" / "knotsession" / "routines"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(routine_text("Mine"))
    library = load_default_library(known_poses=frozenset())
    assert library.get("mine").origin == "user"


def test_a_user_sound_becomes_a_cue_name(isolated_dirs: Path) -> None:
    folder = isolated_dirs / ".config" / "knotsession" / "sounds"
    folder.mkdir(parents=True)
    (folder / "gong.wav").write_bytes(b"RIFF")
    (folder / "notes.txt").write_text("not a sound")
    names = sound_names()
    assert "gong" in names
    assert "notes" not in names


def test_a_routine_may_only_use_known_cues(tmp_path: Path) -> None:
    (tmp_path / "neck.toml").write_text(routine_text("N") + 'cue = "gong"\n')
    library = load_library([RoutineSource(tmp_path, "bundled")], known_cues=frozenset({"chime"}))
    assert [p.message for p in library.problems] == ["unknown sound 'gong'"]
