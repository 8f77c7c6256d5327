"""The spoken-line cache stays within its limit, least recently used lines going first."""

from __future__ import annotations

import os
from pathlib import Path

from knotsession.audio import speech_cache


def line(folder: Path, name: str, size: int, used_at: int) -> Path:
    path = folder / f"{name}.wav"
    path.write_bytes(b"x" * size)
    os.utime(path, (used_at, used_at))
    return path


def test_the_least_recently_used_lines_go_first(tmp_path: Path) -> None:
    old = line(tmp_path, "old", 400, 1_000)
    middle = line(tmp_path, "middle", 400, 2_000)
    new = line(tmp_path, "new", 400, 3_000)
    partial = tmp_path / ".render.123.wav"
    partial.write_bytes(b"x" * 5_000)  # another session's line being written
    assert speech_cache.trim(tmp_path, limit_bytes=800) == 1
    assert not old.exists()
    assert middle.exists() and new.exists() and partial.exists()
    assert speech_cache.usage(tmp_path) == speech_cache.CacheUsage(800, 2)


def test_a_line_used_again_is_kept(tmp_path: Path) -> None:
    old = line(tmp_path, "old", 400, 1_000)
    middle = line(tmp_path, "middle", 400, 2_000)
    speech_cache.mark_used(old)
    line(tmp_path, "new", 400, 3_000)
    speech_cache.trim(tmp_path, limit_bytes=800)
    assert old.exists() and not middle.exists()


def test_the_line_about_to_play_is_never_removed(tmp_path: Path) -> None:
    big = line(tmp_path, "big", 2_000, 1_000)
    assert speech_cache.trim(tmp_path, keep=big, limit_bytes=800) == 0
    assert big.exists()


def test_a_missing_folder_is_an_empty_cache(tmp_path: Path) -> None:
    assert speech_cache.usage(tmp_path / "none") == speech_cache.CacheUsage(0, 0)
    assert speech_cache.trim(tmp_path / "none", limit_bytes=0) == 0
