"""The routine library: routines found in their folders, later folders overriding earlier ones.

Sources, in order: the bundled routines, the person's routines folder, then each
`--routines DIR`. A broken file never hides a good one; it becomes a problem to show.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

import msgspec

from knotsession import paths
from knotsession.core.routine import (
    MAX_FILE_BYTES,
    BodyArea,
    Origin,
    Routine,
    RoutineError,
    parse_routine,
)
from knotsession.core.routine_cache import RoutineCache, stamp_of

SOUND_SUFFIXES = (".wav", ".mp3", ".ogg", ".flac", ".m4a")


class RoutineSource(msgspec.Struct, frozen=True):
    """A folder of routine files and where it comes from."""

    folder: Path
    origin: Origin
    required: bool = False  # a folder the person named must exist


class Library(msgspec.Struct, frozen=True):
    """The routines that loaded, by id, and the problems of those that did not."""

    routines: dict[str, Routine] = {}
    problems: tuple[RoutineError, ...] = ()
    overrides: tuple[str, ...] = ()  # "<file> replaces <file>", for doctor and validate

    def get(self, routine_id: str) -> Routine | None:
        """The routine with this id, if any."""
        return self.routines.get(routine_id)

    def in_area(self, area: str) -> list[Routine]:
        """Routines that work on `area`, shortest first (none for a name that is no area)."""
        found = [r for r in self.routines.values() if area in r.areas]
        return sorted(found, key=lambda r: (r.work_s, r.name))

    def why_missing(self, routine_id: str) -> str:
        """Why `routine_id` is not here: its file is broken, or a typo, with a suggestion."""
        from knotsession.core.routine import did_you_mean

        file_name = f"{routine_id}.toml"
        broken = [p for p in self.problems if p.file.rsplit("/", 1)[-1] == file_name]
        if broken:
            return f"routine '{routine_id}' has a problem: {broken[0]}"
        hint = did_you_mean(routine_id, sorted(self.routines)) or "see `knotsession list`"
        return f"no routine '{routine_id}'; {hint}"

    def area_counts(self) -> dict[BodyArea, int]:
        """How many routines each body area has, for areas that have any."""
        from knotsession.core.routine import BODY_AREAS

        counts = {area: len(self.in_area(area)) for area in BODY_AREAS}
        return {area: n for area, n in counts.items() if n}


def display_path(path: Path) -> str:
    """A path as short as it can be while still pointing at the file (string work only: cheap)."""
    absolute = os.path.abspath(path)
    for base, shown in ((os.getcwd(), ""), (os.path.expanduser("~"), "~/")):
        if absolute.startswith(base.rstrip(os.sep) + os.sep):
            return shown + absolute[len(base.rstrip(os.sep)) + 1 :]
    return absolute


def read_routine_file(
    path: Path,
    origin: Origin = "extra",
    known_cues: frozenset[str] | None = None,
    known_poses: frozenset[str] | None = None,
    *,
    shown_as: str | None = None,
) -> Routine:
    """Read and parse one routine file; every problem is a RoutineError naming it (as
    `shown_as`, when the caller has worked out the short name already)."""
    file = shown_as or display_path(path)
    try:
        data = read_capped(path, MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise RoutineError(file, "no such file") from None
    except IsADirectoryError:
        raise RoutineError(file, "is a folder, not a routine file") from None
    except NotAFileError:
        raise RoutineError(file, "is not a regular file (a pipe or a device?)") from None
    except OSError as error:
        raise RoutineError(file, f"cannot be read ({error.strerror})") from None
    if path.suffix != ".toml":
        raise RoutineError(file, "routine files end in .toml")
    return parse_routine(
        data,
        file=file,
        routine_id=path.stem,
        origin=origin,
        path=path,
        known_cues=known_cues,
        known_poses=known_poses,
    )


class NotAFileError(OSError):
    """A pipe, a socket or a device where a routine file was expected."""


def read_capped(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a regular file. Unbuffered, asking first for the file's size:
    a buffered read(limit) allocated a megabyte per file (60 ms for a thousand files)."""
    # O_NONBLOCK: a pipe named *.toml must not hang start-up (it is refused below).
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(info.st_mode):
            raise NotAFileError(path)
        data = os.read(descriptor, min(info.st_size + 1, limit))
        while len(data) < limit:  # the file grew, or the file system gave less at once
            more = os.read(descriptor, min(limit - len(data), 64 * 1024))
            if not more:
                break
            data += more
        return data
    finally:
        os.close(descriptor)


def load_library(
    sources: Iterable[RoutineSource],
    known_cues: frozenset[str] | None = None,
    known_poses: frozenset[str] | None = None,
    cache: RoutineCache | None = None,
) -> Library:
    """Load every routine of every source; a later source overrides an id from an earlier one.

    With a `cache`, a file unchanged since an earlier run is not read or parsed again."""
    routines: dict[str, Routine] = {}
    problems: list[RoutineError] = []
    overrides: list[str] = []
    for source in sources:
        if not source.folder.is_dir():
            if source.required:
                problems.append(RoutineError(display_path(source.folder), "no such folder"))
            continue
        # Every file of a folder is shown under the same short prefix: work it out once
        # (a thousand files took 12 ms more each asking for the home folder).
        prefix = display_path(source.folder / "_")[:-1]
        try:
            names = sorted(os.listdir(source.folder))
        except OSError as error:
            reason = f"cannot be read ({error.strerror})"
            problems.append(RoutineError(display_path(source.folder), reason))
            continue
        for name in names:
            if not name.endswith(".toml") or name.startswith("."):
                continue
            path = source.folder / name
            try:
                routine = _load_one(path, source.origin, known_cues, known_poses, prefix, cache)
            except RoutineError as problem:
                problems.append(problem)
                continue
            except Exception as error:
                # A parser bug must cost only this file; the message asks for a report.
                reason = f"could not be read (unexpected {type(error).__name__}; please report it)"
                problems.append(RoutineError(prefix + name, reason))
                continue
            replaced = routines.get(routine.id)
            if replaced is not None and replaced.path is not None:
                overrides.append(f"{display_path(path)} replaces {display_path(replaced.path)}")
            routines[routine.id] = routine
    if cache is not None:
        cache.save()
    return Library(routines=routines, problems=tuple(problems), overrides=tuple(overrides))


def _load_one(
    path: Path,
    origin: Origin,
    known_cues: frozenset[str] | None,
    known_poses: frozenset[str] | None,
    prefix: str,
    cache: RoutineCache | None,
) -> Routine:
    """One file's routine: from the cache when the file is unchanged, else read and parsed."""
    shown_as = prefix + path.name
    if cache is None:
        return read_routine_file(path, origin, known_cues, known_poses, shown_as=shown_as)
    try:
        stamp = stamp_of(os.stat(path))
    except OSError:
        return read_routine_file(path, origin, known_cues, known_poses, shown_as=shown_as)
    key = f"{origin}:{path}"
    routine = cache.get(key, path, stamp)
    if routine is None:
        # Stamped before reading: a file edited meanwhile has a newer stamp next time.
        routine = read_routine_file(path, origin, known_cues, known_poses, shown_as=shown_as)
        cache.put(key, stamp, routine)
    return routine


def default_sources(extra_dirs: Sequence[Path] = ()) -> list[RoutineSource]:
    """Bundled routines, then the person's own folder, then each `--routines DIR`."""
    return [
        RoutineSource(paths.bundled_routines_dir(), "bundled"),
        RoutineSource(paths.user_routines_dir(), "user"),
        *(RoutineSource(Path(folder), "extra", required=True) for folder in extra_dirs),
    ]


def sound_names() -> frozenset[str]:
    """Names of the cue sounds a routine may use: bundled ones and the person's own."""
    names: set[str] = set()
    for folder in (paths.bundled_sounds_dir(), paths.user_sounds_dir()):
        if folder.is_dir():
            names.update(p.stem for p in folder.iterdir() if p.suffix.lower() in SOUND_SUFFIXES)
    return frozenset(names)


def load_default_library(
    extra_dirs: Sequence[Path] = (), *, known_poses: frozenset[str]
) -> Library:
    """The library as the app and the command line see it.

    The pose names come from the caller (`knotsession.figures.names.pose_names()`): the core
    sits below the figures and does not import them.
    """
    cues = sound_names()
    sources = default_sources(extra_dirs)
    folders = [source.folder for source in sources]
    cache = RoutineCache.open(paths.cache_dir(), cues, known_poses, folders)
    return load_library(sources, cues, known_poses, cache)
