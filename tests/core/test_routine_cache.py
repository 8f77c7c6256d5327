"""The parsed-routine cache: unchanged files come from it, changed ones are parsed again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from knotsession.core.library import RoutineSource, load_library
from knotsession.core.routine_cache import RoutineCache

ROUTINE = """name = "{name}"
areas = ["neck"]

[[steps]]
name = "Look left"
duration = 30
area = "neck"
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "a.toml").write_text(ROUTINE.format(name="First"))
    (routines / "b.toml").write_text(ROUTINE.format(name="Second"))
    (routines / "broken.toml").write_text("name = ")
    return routines


def load(folder: Path, cache_dir: Path):
    cache = RoutineCache.open(cache_dir, frozenset(), frozenset())
    return load_library([RoutineSource(folder, "extra")], frozenset(), frozenset(), cache)


def test_a_warm_load_equals_a_fresh_parse(folder: Path, tmp_path: Path) -> None:
    fresh = load_library([RoutineSource(folder, "extra")], frozenset(), frozenset())
    cold = load(folder, tmp_path / "cache")
    (cache_file,) = (tmp_path / "cache").glob("routines-*.msgpack")
    warm = load(folder, tmp_path / "cache")
    assert warm.routines == cold.routines == fresh.routines
    assert warm.routines["a"].path == folder / "a.toml"
    # The broken file is not cached: its problem is found and told every time.
    assert [str(p) for p in warm.problems] == [str(p) for p in fresh.problems]
    assert len(warm.problems) == 1
    assert cache_file.stat().st_size > 0


def test_an_edited_file_is_parsed_again(folder: Path, tmp_path: Path) -> None:
    load(folder, tmp_path / "cache")
    (folder / "a.toml").write_text(ROUTINE.format(name="First, renamed"))
    assert load(folder, tmp_path / "cache").routines["a"].name == "First, renamed"


def test_an_edit_keeping_size_and_time_shows_as_a_new_inode(folder: Path, tmp_path: Path) -> None:
    load(folder, tmp_path / "cache")
    before = (folder / "b.toml").stat()
    replacement = folder / "b.new"
    replacement.write_text(ROUTINE.format(name="Secund"))  # same length as "Second"
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, folder / "b.toml")
    assert load(folder, tmp_path / "cache").routines["b"].name == "Secund"


def test_a_removed_file_leaves_the_cache(folder: Path, tmp_path: Path) -> None:
    load(folder, tmp_path / "cache")
    (folder / "b.toml").unlink()
    assert sorted(load(folder, tmp_path / "cache").routines) == ["a"]
    cache = RoutineCache.open(tmp_path / "cache", frozenset(), frozenset())
    assert cache.get("extra:" + str(folder / "b.toml"), (0, 0, 0)) is None
    assert sorted(cache._old) == ["extra:" + str(folder / "a.toml")]


def test_a_damaged_cache_is_ignored_and_rewritten(folder: Path, tmp_path: Path) -> None:
    load(folder, tmp_path / "cache")
    (cache_file,) = (tmp_path / "cache").glob("routines-*.msgpack")
    cache_file.write_bytes(b"\xc1not msgpack")
    assert sorted(load(folder, tmp_path / "cache").routines) == ["a", "b"]
    assert cache_file.read_bytes() != b"\xc1not msgpack"


def test_other_pose_names_use_another_cache(folder: Path, tmp_path: Path) -> None:
    load(folder, tmp_path / "cache")
    other = RoutineCache.open(tmp_path / "cache", frozenset(), frozenset({"neck-tilt"}))
    assert other.get("extra:" + str(folder / "a.toml"), (0, 0, 0)) is None
    assert other.file is not None and not other.file.exists()


def test_starts_with_and_without_a_routines_folder_keep_their_own_caches(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`knotsession` between two `knotsession --routines FOLDER` runs does not drop FOLDER's
    parsed routines (the second run parses nothing)."""
    import knotsession.core.library as library

    load_default = library.load_default_library
    load_default([folder], known_poses=frozenset())
    load_default([], known_poses=frozenset())
    parsed: list[Path] = []
    real_read = library.read_routine_file

    def read(path: Path, *args: object, **options: object):
        parsed.append(path)
        return real_read(path, *args, **options)

    monkeypatch.setattr(library, "read_routine_file", read)
    routines = load_default([folder], known_poses=frozenset()).summaries
    assert {"a", "b"} <= set(routines)
    # Only the file with a problem, as always (and bundled routines that name poses, which
    # this test does not know, so they have problems too and are never kept).
    assert [path for path in parsed if path.parent == folder] == [folder / "broken.toml"]
