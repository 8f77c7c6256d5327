"""The spoken-line cache kept to a size: least recently used lines go first.

A line read from the cache has its modification time set to now, so the files' times say
which were used last; rendering a new line trims the folder back under the limit. Lines are
made again when needed, so removing one is always safe.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import NamedTuple

# The bundled routines' lines take about 31 MB with espeak-ng: room for all of them and
# a person's own routines, without growing for ever.
LIMIT_BYTES = 64 * 1024 * 1024


class CacheUsage(NamedTuple):
    """How much the cache holds."""

    size_bytes: int
    lines: int


def mark_used(path: Path) -> None:
    """Note that a line was just used (best effort: a read-only cache still plays)."""
    with contextlib.suppress(OSError):
        os.utime(path)


def _lines(folder: Path) -> list[tuple[float, int, Path]]:
    """(modified time, size, path) of each finished line; partial renders start with a dot."""
    found = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if entry.name.startswith(".") or not entry.name.endswith(".wav"):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            found.append((info.st_mtime, info.st_size, Path(entry.path)))
    return found


def usage(folder: Path) -> CacheUsage:
    """The size and number of the cached lines."""
    lines = _lines(folder)
    return CacheUsage(sum(size for _, size, _ in lines), len(lines))


def trim(folder: Path, keep: Path | None = None, limit_bytes: int = LIMIT_BYTES) -> int:
    """Remove the least recently used lines until the folder is within `limit_bytes`
    (never `keep`, the line about to be played); returns how many were removed."""
    lines = sorted(_lines(folder))
    total = sum(size for _, size, _ in lines)
    removed = 0
    for _, size, path in lines:
        if total <= limit_bytes:
            break
        if path == keep:
            continue
        with contextlib.suppress(FileNotFoundError):  # another session removed it first
            path.unlink()
        total -= size
        removed += 1
    return removed
