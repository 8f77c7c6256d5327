"""Session history: one SQLite file, written while a session runs.

A row is written when a session starts and updated at every step, pause and end,
so a crash or `kill -9` leaves it as not completed rather than lost. The file is
in WAL mode (a killed writer never damages earlier rows, and readers never block
the writer) with a busy timeout, so two running copies of the app both land
their sessions. The schema is versioned with `PRAGMA user_version`; opening a
file runs the forward migrations it lacks, each in one transaction.

A file that is not a readable history database is moved aside to
`history.sqlite3.corrupt-<timestamp>` and a new one is started; a folder that
cannot be written gives a store kept in memory. Either way `store.notice` holds
the one line to tell the person, and the session still runs.

The file itself (permissions, WAL, schema and migrations, damage) is
`history_file.py`; writing a running session as it goes is `recorder.py`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from knotsession.core.history_file import (
    DamagedFile,
    HistoryError,
    connect,
    identity,
    migrate,
    os_reason,
    set_aside_if_damaged,
)
from knotsession.core.records import SessionRecord
from knotsession.core.routine import Routine

if TYPE_CHECKING:
    # The statistics only when the history is read: a session that plays only writes it
    # (the module and what it imports were 0.2 MiB of the player's memory); the spots (and
    # their table) only when marks are read or imported.
    from knotsession.core import stats
    from knotsession.core.spots import SpotMark

TENSION_RANGE = range(0, 11)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

_COLUMNS = (
    "id, routine_id, routine_name, areas, started_utc, utc_offset_s, duration_s, completed,"
    " steps_done, steps_total, tension_before, tension_after, note, tags"
)
_INSERT = (
    "INSERT INTO sessions (routine_id, routine_name, areas, started_utc, utc_offset_s,"
    " duration_s, completed, steps_done, steps_total, tension_before, tension_after, note, tags,"
    " local_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)

# The same row, unless a session of that routine started at that second is there already.
_INSERT_NEW = (
    "INSERT INTO sessions (routine_id, routine_name, areas, started_utc, utc_offset_s,"
    " duration_s, completed, steps_done, steps_total, tension_before, tension_after, note, tags,"
    " local_date) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
    " WHERE NOT EXISTS (SELECT 1 FROM sessions WHERE started_utc = ? AND routine_id = ?)"
)

# A marked spot, unless that spot was marked at that second already (found by the day index).
_INSERT_NEW_MARK = (
    "INSERT INTO spot_marks (marked_utc, local_date, spot, intensity) SELECT ?, ?, ?, ?"
    " WHERE NOT EXISTS (SELECT 1 FROM spot_marks"
    " WHERE local_date = ? AND spot = ? AND marked_utc = ?)"
)


def normalize_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Trigger tags as stored: lower case, single spaces, split at ',' and ';', no repeats."""
    cleaned: dict[str, None] = {}
    for tag in tags:
        for part in tag.replace(";", ",").split(","):
            word = " ".join(part.split()).lower()
            if word:
                cleaned[word] = None
    return tuple(cleaned)


def damage_notice(reason: str, aside: Path, path: Path) -> str:
    """What to tell when a damaged file was set aside: where it went, how to go back."""
    return (
        f"The history file was damaged ({reason}); it was moved to {aside} and a new one was"
        f" started. To go back to it, quit knotsession and rename it to {path.name}."
    )


class HistoryStore:
    """The history database: sessions written as they happen, read back for stats."""

    def __init__(
        self, connection: sqlite3.Connection, path: Path, *, available: bool, notice: str | None
    ) -> None:
        self._db = connection
        self.path = path
        self.available = available  # False: kept in memory only, nothing reaches the disk
        self.readable = available  # the sessions on disk can be read (also read-only)
        self.notice = notice  # one line to tell the person once, or None

    # --- opening ------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None, *, check: bool = True) -> HistoryStore:
        """Open (or create) the history file; never raises for a bad file or folder.

        `check` runs SQLite's quick_check over every page (about 40 ms for a decade of
        sessions) so a file damaged inside is set aside now rather than failing later;
        a reader that comes after a checked open (the history screen) can skip it.
        """
        if path is None:
            from knotsession import paths

            path = paths.history_file()
        for _attempt in range(3):  # another process may be replacing a damaged file
            seen = identity(path)
            try:
                return cls(connect(path, check), path, available=True, notice=None)
            except HistoryError as error:
                return cls.in_memory(path, f"History can't be saved: {error}")
            except DamagedFile:
                pass
            try:
                moved = set_aside_if_damaged(path, seen)
            except OSError as error:
                return cls.in_memory(
                    path, f"History can't be saved: {path} is damaged and {os_reason(error)}"
                )
            except HistoryError as error:
                return cls.in_memory(path, f"History can't be saved: {error}")
            if moved is not None:
                aside, reason = moved
                notice = damage_notice(reason, aside, path)
                try:
                    return cls(connect(path, check), path, available=True, notice=notice)
                except (HistoryError, DamagedFile) as error:
                    return cls.in_memory(path, f"History can't be saved: {error}")
        return cls.in_memory(path, f"History can't be saved: {path} could not be opened")

    @classmethod
    def open_to_read(cls, path: Path | None = None) -> HistoryStore:
        """`open`, or when the file cannot be written (a read-only mount, a file someone
        else owns) the file read-only, so its sessions still show and export."""
        store = cls.open(path)
        if store.available or not store.path.is_file():
            return store
        for mode in ("mode=ro", "immutable=1"):  # immutable: not even the -shm can be made
            try:
                connection = sqlite3.connect(
                    f"{store.path.as_uri()}?{mode}", uri=True, isolation_level=None
                )
            except sqlite3.Error:
                continue
            try:
                connection.execute("SELECT local_date FROM sessions LIMIT 1").fetchall()
            except sqlite3.Error:
                connection.close()
                continue
            store.close()
            notice = f"{store.notice}; showing the sessions already there" if store.notice else None
            opened = cls(connection, store.path, available=False, notice=notice)
            opened.readable = True
            return opened
        return store

    @classmethod
    def in_memory(cls, path: Path, notice: str | None = None) -> HistoryStore:
        """A store that keeps this run's sessions in memory only (the file could not be used)."""
        connection = sqlite3.connect(":memory:", isolation_level=None)
        migrate(connection)
        return cls(connection, path, available=False, notice=notice)

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- writing ------------------------------------------------------------------------

    def begin(
        self,
        routine: Routine,
        started_at: datetime,
        steps_total: int,
        tension_before: int | None = None,
    ) -> int:
        """Write the row of a session that just started; returns its id."""
        record = SessionRecord(
            id=0,
            routine_id=routine.id,
            routine_name=routine.name,
            areas=tuple(routine.areas),
            started_at=started_at,
            duration_s=0.0,
            completed=False,
            steps_done=0,
            steps_total=steps_total,
            tension_before=_tension(tension_before),
        )
        return self._write(_INSERT, _row(record)).lastrowid or 0

    def update(
        self, session_id: int, *, duration_s: float, steps_done: int, completed: bool
    ) -> None:
        """Record how far a session got."""
        self._write(
            "UPDATE sessions SET duration_s = ?, steps_done = ?, completed = ? WHERE id = ?",
            (round(duration_s, 3), steps_done, int(completed), session_id),
        )

    def set_tension_after(self, session_id: int, value: int) -> None:
        """Record how tense the person felt after the session (0-10)."""
        self._write(
            "UPDATE sessions SET tension_after = ? WHERE id = ?", (_tension(value), session_id)
        )

    def set_note(self, session_id: int, text: str) -> None:
        """Attach a note to a session (empty text removes it)."""
        self._write("UPDATE sessions SET note = ? WHERE id = ?", (text.strip() or None, session_id))

    def set_tags(self, session_id: int, tags: list[str]) -> None:
        """Set what triggered the knots, e.g. ["long call", "laptop on sofa"]."""
        self._write("UPDATE sessions SET tags = ? WHERE id = ?", (_tags_json(tags), session_id))

    def mark_spots(self, marks: Iterable[tuple[str, int]], at: datetime) -> int:
        """Save a knot map: each spot's 0-10 intensity as marked at `at` (aware), together."""
        day = at.date().isoformat()
        rows = [(utc_text(at), day, spot, _tension(value)) for spot, value in marks]
        return self._write_many(
            "INSERT INTO spot_marks (marked_utc, local_date, spot, intensity) VALUES (?, ?, ?, ?)",
            rows,
        )

    def import_spot_marks(self, marks: Iterable[SpotMark]) -> int:
        """Add marked spots in one transaction, skipping known ones; count added. A mark is
        known when the same spot was marked at the same second on the same day."""
        rows = []
        for mark in marks:
            at, day = utc_text(mark.at), mark.day.isoformat()
            rows.append((at, day, mark.spot, _tension(mark.intensity), day, mark.spot, at))
        return self._write_many(_INSERT_NEW_MARK, rows)

    def spot_marks(self, since: date | None = None) -> list[SpotMark]:
        """Every marked spot (from the local date `since` on), oldest first. A row whose
        date no calendar has is left out rather than making the map unreadable."""
        where, parameters = ("WHERE local_date >= ?", (since.isoformat(),)) if since else ("", ())
        rows = self._read(
            f"SELECT marked_utc, local_date, spot, intensity FROM spot_marks {where}"
            " ORDER BY marked_utc, id",
            parameters,
        )
        from knotsession.core.spots import SpotMark

        marks = []
        for marked, text, spot, intensity in rows:
            day = _day(text)
            if day is not None and isinstance(intensity, int):
                at = _parse_start(str(marked).removesuffix("Z"), 0)
                marks.append(SpotMark(at, day, str(spot), intensity))
        return marks

    def import_rows(self, records: Iterable[SessionRecord]) -> int:
        """Add sessions (ids ignored) in one transaction, skipping known ones; count added.

        A session is known when one of the same routine started at the same second. Each
        row is looked up by the start index, so memory stays flat however many are known."""
        rows = [(*_row(record), *_row_key(record)) for record in records]
        return self._write_many(_INSERT_NEW, rows)

    def _write_many(self, sql: str, rows: Sequence[tuple[object, ...]]) -> int:
        """Run `sql` once a row in one transaction; the rows it added."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            cursor = self._db.executemany(sql, rows)
            added = max(cursor.rowcount, 0)  # rows of this statement, not of its triggers
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise HistoryError(f"History can't be saved: {error}") from None
        return added

    def _write(self, sql: str, parameters: tuple[object, ...]) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, parameters)
        except sqlite3.Error as error:
            raise HistoryError(f"History can't be saved: {error}") from None

    # --- reading ------------------------------------------------------------------------

    def sessions(self, since: date | None = None) -> list[SessionRecord]:
        """Every session (from the local date `since` on), oldest first."""
        where, parameters = ("WHERE local_date >= ?", (since.isoformat(),)) if since else ("", ())
        rows = self._read(
            f"SELECT {_COLUMNS} FROM sessions {where} ORDER BY started_utc, id", parameters
        )
        return _records(rows)

    def stream_sessions(
        self, since: date | None = None, chunk: int = 5_000
    ) -> Iterator[SessionRecord]:
        """`sessions`, a chunk of rows at a time: memory stays flat for an export of any size."""
        where, parameters = ("WHERE local_date >= ?", (since.isoformat(),)) if since else ("", ())
        try:
            cursor = self._db.execute(
                f"SELECT {_COLUMNS} FROM sessions {where} ORDER BY started_utc, id", parameters
            )
            while rows := cursor.fetchmany(chunk):
                yield from _records(rows)
        except sqlite3.Error as error:
            raise HistoryError(f"History can't be read: {error}") from None

    def recent(self, limit: int | None = None) -> list[SessionRecord]:
        """The newest sessions, newest first (`stats.RECENT_SESSIONS` of them unless told)."""
        if limit is None:
            from knotsession.core import stats

            limit = stats.RECENT_SESSIONS
        rows = self._read(
            f"SELECT {_COLUMNS} FROM sessions ORDER BY started_utc DESC, id DESC LIMIT ?", (limit,)
        )
        return _records(rows)

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read at one moment of the file: every read inside sees the same sessions, however
        many another process writes meanwhile (a WAL read transaction; writers go on).
        Inside another snapshot it adds nothing."""
        if self._db.in_transaction:
            yield
            return
        try:
            self._db.execute("BEGIN")
        except sqlite3.Error as error:
            raise HistoryError(f"History can't be read: {error}") from None
        try:
            yield
        finally:
            if self._db.in_transaction:
                self._db.execute("COMMIT")  # it only read: nothing to keep or undo

    def overview(self, today: date) -> stats.Overview:
        """Streaks, totals, areas, tension, tags and recent sessions, added up by SQLite,
        all from one moment of the file (so they agree with each other)."""
        with self.snapshot():
            return self._overview(today)

    def _overview(self, today: date) -> stats.Overview:
        from knotsession.core import stats

        days = [
            stats.DayTotal(day, count, completed, seconds / 60)
            for text, count, completed, seconds in self._read(
                # Kept by triggers: a row per day, however many sessions.
                "SELECT local_date, sessions, completed, completed_s FROM day_totals"
                " WHERE sessions > 0"
            )
            if (day := _day(text)) is not None
        ]
        first, last = stats.area_window(today)
        area_rows = self._read(
            "SELECT areas, SUM(duration_s) FROM sessions"
            " WHERE local_date BETWEEN ? AND ? AND areas != '' AND completed = 1"
            " GROUP BY areas",
            (first.isoformat(), last.isoformat()),
        )
        tension = self._read(
            "SELECT routine_id, routine_name, AVG(tension_after - tension_before), COUNT(*),"
            " MAX(started_utc) FROM sessions"
            " WHERE tension_before IS NOT NULL AND tension_after IS NOT NULL GROUP BY routine_id"
        )
        tag_rows = self._read(
            "SELECT tags, COUNT(*) FROM sessions WHERE tags IS NOT NULL GROUP BY tags"
        )
        tag_tension_rows = self._read(
            "SELECT tags, tension_after, COUNT(*) FROM sessions GROUP BY tags, tension_after"
        )
        return stats.summarize(
            days,
            today,
            area_minutes=stats.split_area_minutes((a.split(";"), s) for a, s in area_rows),
            tension=stats.order_tension_changes(
                stats.TensionChange(rid, name, average, count)
                for rid, name, average, count, _ in tension
            ),
            tags=stats.count_tags((_TAGS.decode(tags), count) for tags, count in tag_rows),
            recent=tuple(self.recent()),
            tag_tension=stats.tag_tensions(
                (_TAGS.decode(tags) if tags else (), tension, count)
                for tags, tension, count in tag_tension_rows
            ),
        )

    def streaks(self, today: date) -> stats.Overview:
        """Only what the home screen's streak line shows (streaks, sessions this week and in
        all, today's count), from the per-day totals table: a row per day, however many
        sessions. Minutes, areas, tension, tags and recent sessions are left empty."""
        from knotsession.core import stats

        days = [
            stats.DayTotal(day, count, completed, 0.0)
            for text, count, completed in self._read(
                "SELECT local_date, sessions, completed FROM day_totals WHERE sessions > 0"
            )
            if (day := _day(text)) is not None
        ]
        return stats.summarize(days, today)

    def _read(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple]:
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            raise HistoryError(f"History can't be read: {error}") from None

    def integrity(self) -> str:
        """SQLite's own check of the file: 'ok' when it is intact."""
        return "; ".join(row[0] for row in self._read("PRAGMA integrity_check"))


# --- rows <-> records ---------------------------------------------------------------------

_ZONES: dict[int, timezone] = {}
_TAGS = msgspec.json.Decoder(tuple[str, ...])


def _zone(offset_s: int) -> timezone:
    zone = _ZONES.get(offset_s)
    if zone is None:
        zone = _ZONES[offset_s] = timezone(timedelta(seconds=offset_s))
    return zone


def _records(rows: list[tuple]) -> list[SessionRecord]:
    """Records from rows in _COLUMNS order. A hot loop (100,000 rows for an export): the
    few distinct area and tag lists are parsed once and shared."""
    parse = _parse_start
    areas_of: dict[str, tuple[str, ...]] = {}
    tags_of: dict[str, tuple[str, ...]] = {}

    def areas(text: str) -> tuple[str, ...]:
        found = areas_of.get(text)
        if found is None:
            found = areas_of[text] = tuple(text.split(";")) if text else ()
        return found

    def tags(text: str | None) -> tuple[str, ...]:
        if not text:
            return ()
        found = tags_of.get(text)
        if found is None:
            found = tags_of[text] = _TAGS.decode(text)
        return found

    return [
        SessionRecord(
            id_,
            routine_id,
            name,
            areas(area_list),
            parse(started_utc, offset_s),
            duration_s,
            bool(completed),
            steps_done,
            steps_total,
            before,
            after,
            note,
            tags(tag_list),
        )
        for (
            id_,
            routine_id,
            name,
            area_list,
            started_utc,
            offset_s,
            duration_s,
            completed,
            steps_done,
            steps_total,
            before,
            after,
            note,
            tag_list,
        ) in rows
    ]


def _row(record: SessionRecord) -> tuple[object, ...]:
    """The INSERT parameters of a record; the start is kept to the second."""
    started = record.started_at
    offset = started.utcoffset()
    if offset is None:
        raise ValueError("started_at must carry its UTC offset (an aware datetime)")
    started = started.replace(microsecond=0)
    return (
        record.routine_id,
        record.routine_name,
        ";".join(record.areas),
        utc_text(started),
        int(offset.total_seconds()),
        round(record.duration_s, 3),
        int(record.completed),
        record.steps_done,
        record.steps_total,
        _tension(record.tension_before),
        _tension(record.tension_after),
        (record.note or "").strip() or None,
        _tags_json(record.tags),
        started.date().isoformat(),
    )


def utc_text(started: datetime) -> str:
    """`0999-06-01T00:00:00Z`: always four digits of year, so it sorts and reads back
    (strftime's %Y gives `999` on Linux)."""
    utc = started.astimezone(UTC)
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}"
        f"T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}Z"
    )


def _parse_start(text: str, offset_s: int) -> datetime:
    """A stored start, read back whatever an older version wrote: a short year is padded, a
    moment the offset would push past the calendar's edge stays in UTC, and text that is no
    date at all reads as 1970-01-01 rather than making the whole history unreadable."""
    year, dash, rest = text.partition("-")
    if dash and year.isdigit() and len(year) < 4:
        text = f"{int(year):04d}-{rest}"
    try:
        started = datetime.fromisoformat(text)
    except ValueError:
        return _EPOCH
    if started.tzinfo is None:
        started = started.replace(tzinfo=UTC)
    try:
        return started.astimezone(_zone(offset_s))
    except (OverflowError, ValueError):
        return started


def _day(text: str) -> date | None:
    """A stored local date, or None for one no calendar has (an older version's row)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _row_key(record: SessionRecord) -> tuple[str, str]:
    """(start in UTC, routine id): what makes two sessions the same one."""
    return (utc_text(record.started_at.replace(microsecond=0)), record.routine_id)


def _tension(value: int | None) -> int | None:
    if value is not None and value not in TENSION_RANGE:
        raise ValueError(f"tension must be 0-10, got {value}")
    return value


def _tags_json(tags: Iterable[str]) -> str | None:
    cleaned = normalize_tags(tags)
    return msgspec.json.encode(cleaned).decode() if cleaned else None
