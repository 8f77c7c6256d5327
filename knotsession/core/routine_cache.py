"""Summaries of parsed routines kept between runs, so a folder of thousands of files
starts fast and small: only what the lists show is kept (`RoutineSummary`); a routine's
steps are read from its file when it is opened.

A summary is taken from the cache only when its file has the same path, size, inode and
modification time (nanoseconds) as when it was parsed, and the cache was written by this
version of the parser with the same cue and pose names (they decide what is valid). Only
routines that loaded are kept: a file with a problem is read again, so its message is
always today's. The cache is a convenience: unreadable, damaged or unwritable, it is ignored.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path

import msgspec

from knotsession.core.routine_summary import RoutineSummary

try:  # BLAKE2 itself: `hashlib` would first load OpenSSL (0.6 MiB resident) for one key
    from _blake2 import blake2b
except ImportError:  # an interpreter without CPython's own BLAKE2 module
    from hashlib import blake2b

# What the file looked like when it was parsed: size, inode, mtime_ns.
Stamp = tuple[int, int, int]


class _Entry(msgspec.Struct, frozen=True, array_like=True):
    stamp: Stamp
    summary: RoutineSummary


_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(dict[str, _Entry])


def stamp_of(info: os.stat_result) -> Stamp:
    """The parts of a file's status that change when it is edited or replaced."""
    return (info.st_size, info.st_ino, info.st_mtime_ns)


class RoutineCache:
    """Summaries of routines parsed in an earlier run, by file path; `save` writes back
    what changed."""

    def __init__(self, file: Path | None, entries: dict[str, _Entry]) -> None:
        self.file = file
        self._old = entries
        self._new: dict[str, _Entry] = {}

    @classmethod
    def open(cls, folder: Path, known_cues: frozenset[str] | None,
             known_poses: frozenset[str] | None,
             sources: Sequence[Path] = ()) -> RoutineCache:  # fmt: skip
        """The cache for this version, these cue and pose names and these routine folders
        (empty when there is none).

        One file per set of folders: `knotsession` and `knotsession --routines BIG` taking
        turns each keep their own, instead of the first dropping BIG's thousands of
        routines that the second then parsed again (and loading them all to show six).
        """
        from knotsession import __version__
        from knotsession.core import routine, routine_summary

        # The parser's and the summary's own files too: an upgrade or an edit of the rules
        # parses everything anew.
        parser, shape = os.stat(routine.__file__), os.stat(routine_summary.__file__)
        release = (f"{__version__} {parser.st_size} {parser.st_mtime_ns}"
                   f" {shape.st_size} {shape.st_mtime_ns}")  # fmt: skip
        names = [release, *sorted(known_cues or ()), "|", *sorted(known_poses or ()), "|",
                 *map(str, sources)]  # fmt: skip
        key = blake2b("\n".join(names).encode(), digest_size=8).hexdigest()
        file = folder / f"routines-{key}.msgpack"
        try:
            entries = _DECODER.decode(file.read_bytes())
        except (OSError, msgspec.DecodeError, msgspec.ValidationError):
            entries = {}
        return cls(file, entries)

    def get(self, key: str, stamp: Stamp) -> RoutineSummary | None:
        """The summary of the file `key` names, if the file has not changed since."""
        entry = self._old.get(key)
        if entry is None or tuple(entry.stamp) != stamp:
            return None
        self._new[key] = entry
        return entry.summary

    def put(self, key: str, stamp: Stamp, summary: RoutineSummary) -> None:
        """Remember a routine just parsed."""
        self._new[key] = _Entry(stamp, summary)

    def save(self) -> None:
        """Write the routines of this run (files gone since are dropped), when anything changed."""
        if self.file is None or (
            self._new.keys() == self._old.keys()
            and all(self._new[key] is self._old[key] for key in self._new)
        ):
            return
        with contextlib.suppress(OSError):
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.file.with_name(f"{self.file.name}.{os.getpid()}.tmp")
            temporary.write_bytes(_ENCODER.encode(self._new))
            os.replace(temporary, self.file)
