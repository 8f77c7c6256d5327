"""The routine library: routines found in their folders, later folders overriding earlier ones.

Sources, in order: the bundled routines, the person's routines folder, then each
`--routines DIR`. A broken file never hides a good one; it becomes a problem to show.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
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
from knotsession.core.routine_cache import RoutineCache, Stamp, stamp_of
from knotsession.core.routine_summary import RoutineSummary, summarise

SOUND_SUFFIXES = (".wav", ".mp3", ".ogg", ".flac", ".m4a")


class RoutineSource(msgspec.Struct, frozen=True):
    """A folder of routine files and where it comes from."""

    folder: Path
    origin: Origin
    required: bool = False  # a folder the person named must exist


# Routines opened lately, kept parsed while their files are unchanged (a preview, then a start).
OPENED_KEPT = 64  # more than the bundled routines, which the planner reads


class Library:
    """The routines that loaded, by id (a summary of each), and the problems of those that
    did not.

    A routine's steps are read from its file when it is asked for (`get`): ten thousand
    routine files cost a few megabytes, and an edit since the lists were made shows when
    the routine is opened. Routines made on the spot (today's plan) are held whole.
    """

    def __init__(
        self,
        summaries: Mapping[str, RoutineSummary] | None = None,
        problems: Sequence[RoutineError] = (),
        overrides: Sequence[str] = (),
        *,
        held: Iterable[Routine] = (),
        known_cues: frozenset[str] | None = None,
        known_poses: frozenset[str] | None = None,
        unread: int = 0,
    ) -> None:
        self.summaries: dict[str, RoutineSummary] = dict(summaries or {})
        self.unread = unread  # new files left for later by `load_library(parse_at_most=...)`
        self.problems: tuple[RoutineError, ...] = tuple(problems)
        self.overrides: tuple[str, ...] = tuple(overrides)  # "<file> replaces <file>"
        self._held = {routine.id: routine for routine in held}
        self.summaries.update((r.id, summarise(r)) for r in self._held.values())
        self._names = (known_cues, known_poses)
        self._opened: dict[str, tuple[Stamp, Routine]] = {}
        self._keeping = threading.Lock()
        self._late_problems: dict[str, RoutineError] = {}

    def with_routine(self, routine: Routine) -> Library:
        """This library and a routine made on the spot (it replaces one with its id)."""
        cues, poses = self._names
        held = [*self._held.values(), routine]
        library = Library(self.summaries, self.problems, self.overrides, held=held,
                          known_cues=cues, known_poses=poses)  # fmt: skip
        library._opened, library._keeping = self._opened, self._keeping
        return library

    def get(self, routine_id: str) -> Routine | None:
        """The routine with this id, read from its file as it is now; None when there is
        none, or when its file no longer loads (`why_missing` then says why)."""
        held = self._held.get(routine_id)
        if held is not None:
            return held
        summary = self.summaries.get(routine_id)
        if summary is None or summary.path is None:
            return None
        return self._open(Path(summary.path), summary.origin, routine_id)

    def _open(self, path: Path, origin: Origin, routine_id: str) -> Routine | None:
        try:
            stamp: Stamp | None = stamp_of(os.stat(path))
        except OSError:
            stamp = None
        opened = self._opened.get(routine_id)
        if opened is not None and opened[0] == stamp:
            return opened[1]
        cues, poses = self._names
        try:
            routine = read_routine_file(path, origin, cues, poses)
        except RoutineError as problem:
            self._late_problems[routine_id] = problem
            self._opened.pop(routine_id, None)
            return None
        self._late_problems.pop(routine_id, None)
        if stamp is not None:
            with self._keeping:  # workers (today's plan, spot trends) open routines too
                self._opened.pop(routine_id, None)
                self._opened[routine_id] = (stamp, routine)
                while len(self._opened) > OPENED_KEPT:
                    del self._opened[next(iter(self._opened))]
        return routine

    @property
    def routines(self) -> dict[str, Routine]:
        """Every routine, whole: this reads every file, so it is for tests and for
        commands that need every step; lists use `summaries`, a start uses `get`."""
        found = ((routine_id, self.get(routine_id)) for routine_id in self.summaries)
        return {routine_id: routine for routine_id, routine in found if routine is not None}

    def routines_from(self, origin: Origin) -> Iterator[Routine]:
        """The routines of one origin, whole, each read as it is reached (the planner takes
        its steps from the bundled ones, and only when spots are marked)."""
        for summary in list(self.summaries.values()):
            if summary.origin == origin and (routine := self.get(summary.id)) is not None:
                yield routine

    def steps_of(self) -> Mapping[str, tuple[str, ...]]:
        """Each routine's step names by id, each read when it is first asked for."""
        return _StepNames(self)

    def in_area(self, area: str) -> list[RoutineSummary]:
        """Routines that work on `area`, shortest first (none for a name that is no area)."""
        found = [r for r in self.summaries.values() if area in r.areas]
        return sorted(found, key=lambda r: (r.work_s, r.name))

    def why_missing(self, routine_id: str) -> str:
        """Why `routine_id` is not here: its file is broken, or a typo, with a suggestion."""
        from knotsession.core.routine import did_you_mean

        late = self._late_problems.get(routine_id)
        if late is not None:
            return f"routine '{routine_id}' has a problem: {late}"
        file_name = f"{routine_id}.toml"
        broken = [p for p in self.problems if p.file.rsplit("/", 1)[-1] == file_name]
        if broken:
            return f"routine '{routine_id}' has a problem: {broken[0]}"
        hint = did_you_mean(routine_id, sorted(self.summaries)) or "see `knotsession list`"
        return f"no routine '{routine_id}'; {hint}"

    def area_counts(self) -> dict[BodyArea, int]:
        """How many routines each body area has, for areas that have any (in the order of
        `BODY_AREAS`; one pass over the routines)."""
        from knotsession.core.routine import BODY_AREAS

        counts = dict.fromkeys(BODY_AREAS, 0)
        for summary in self.summaries.values():
            for area in summary.areas:
                counts[area] += 1
        return {area: n for area, n in counts.items() if n}


class _StepNames(Mapping[str, tuple[str, ...]]):
    """Step names by routine id, read through the library when asked for."""

    def __init__(self, library: Library) -> None:
        self._library = library

    def __getitem__(self, routine_id: str) -> tuple[str, ...]:
        routine = self._library.get(routine_id)
        if routine is None:
            raise KeyError(routine_id)
        return tuple(step.name for step in routine.steps)

    def __iter__(self) -> Iterator[str]:
        return iter(self._library.summaries)

    def __len__(self) -> int:
        return len(self._library.summaries)


def display_path(path: str | Path) -> str:
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
    many: bool = False,
) -> Routine:
    """Read and parse one routine file; every problem is a RoutineError naming it (as
    `shown_as`, when the caller has worked out the short name already). `many`: one of
    many read in a row, past a load's first FEW_FILES (`load_toml` says why)."""
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
        many=many,
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
    parse_at_most: int | None = None,
) -> Library:
    """Find every routine of every source; a later source overrides an id from an earlier one.

    Each file is parsed to find its problems and its summary; with a `cache`, a file
    unchanged since an earlier run is not read or parsed again. With `parse_at_most`, files
    past that many parses are left unread (counted in `unread`): the app's first start with
    thousands of new files paints, then reads them in a worker."""
    budget = _ParseBudget(parse_at_most)
    unread = 0
    summaries: dict[str, RoutineSummary] = {}
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
        # Paths as text: ten thousand Path objects took a quarter of the loading time.
        folder_text = os.path.join(source.folder, "")
        try:
            names = sorted(os.listdir(source.folder))
        except OSError as error:
            reason = f"cannot be read ({error.strerror})"
            problems.append(RoutineError(display_path(source.folder), reason))
            continue
        for name in names:
            if not name.endswith(".toml") or name.startswith("."):
                continue
            file = folder_text + name
            try:
                summary = _summary_of(file, source.origin, (known_cues, known_poses), prefix,
                                      cache, budget)  # fmt: skip
            except _LeftForLater:
                unread += 1
                continue
            except RoutineError as problem:
                problems.append(problem)
                continue
            except Exception as error:
                # A parser bug must cost only this file; the message asks for a report.
                reason = f"could not be read (unexpected {type(error).__name__}; please report it)"
                problems.append(RoutineError(prefix + name, reason))
                continue
            replaced = summaries.get(summary.id)
            if replaced is not None and replaced.path is not None:
                overrides.append(f"{display_path(file)} replaces {display_path(replaced.path)}")
            summaries[summary.id] = summary
    if cache is not None:
        cache.save()
    return Library(summaries, problems, overrides, known_cues=known_cues,
                   known_poses=known_poses, unread=unread)  # fmt: skip


class _LeftForLater(Exception):
    """A file that would have to be parsed, past the parsing budget."""


# The first files a load parses are read with the standard library's TOML parser, the
# ones past this many with `tomli` (`load_toml` says why): the 27 bundled routines take
# 6 ms more that way, once, and a first start does without `tomli`'s 0.3 MiB; a thousand
# files take 7 ms more.
FEW_FILES = 32


class _ParseBudget:
    """How many more files may be parsed (None: all), and how many were."""

    def __init__(self, left: int | None) -> None:
        self.left = left
        self.spent = 0

    def spend(self) -> None:
        if self.left is not None:
            if self.left <= 0:
                raise _LeftForLater
            self.left -= 1
        self.spent += 1

    @property
    def many(self) -> bool:
        """Past the first few files: read on with the faster parser."""
        return self.spent > FEW_FILES


def _summary_of(
    file: str,
    origin: Origin,
    names: tuple[frozenset[str] | None, frozenset[str] | None],
    prefix: str,
    cache: RoutineCache | None,
    budget: _ParseBudget,
) -> RoutineSummary:
    """One file's summary: from the cache when the file is unchanged, else read and parsed
    (`names`: the known cues and poses). Ten thousand times per start: kept lean."""
    if cache is not None:
        try:
            stamp = stamp_of(os.stat(file))
        except OSError:
            return _parse(file, origin, names, prefix, budget)
        key = f"{origin}:{file}"
        summary = cache.get(key, stamp)
        if summary is None:
            # Stamped before reading: a file edited meanwhile has a newer stamp next time.
            summary = _parse(file, origin, names, prefix, budget)
            cache.put(key, stamp, summary)
        return summary
    return _parse(file, origin, names, prefix, budget)


def _parse(
    file: str,
    origin: Origin,
    names: tuple[frozenset[str] | None, frozenset[str] | None],
    prefix: str,
    budget: _ParseBudget,
) -> RoutineSummary:
    """Read and parse one file (it counts against `budget`), for its summary."""
    budget.spend()
    shown_as = prefix + os.path.basename(file)
    return summarise(
        read_routine_file(Path(file), origin, *names, shown_as=shown_as, many=budget.many)
    )


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
    extra_dirs: Sequence[Path] = (),
    *,
    known_poses: frozenset[str],
    parse_at_most: int | None = None,
) -> Library:
    """The library as the app and the command line see it.

    The pose names come from the caller (`knotsession.figures.names.pose_names()`): the core
    sits below the figures and does not import them.
    """
    cues = sound_names()
    sources = default_sources(extra_dirs)
    folders = [source.folder for source in sources]
    cache = RoutineCache.open(paths.cache_dir(), cues, known_poses, folders)
    return load_library(sources, cues, known_poses, cache, parse_at_most)
