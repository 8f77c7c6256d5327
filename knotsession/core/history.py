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
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import msgspec

from knotsession.core import stats
from knotsession.core.engine import Abandoned, Event, Finished, Paused, SegmentStarted, Session
from knotsession.core.routine import Routine

SCHEMA_VERSION = 2
BUSY_TIMEOUT_S = 10.0
TENSION_RANGE = range(0, 11)
_SQLITE_HEADER = b"SQLite format 3\x00"
_DAMAGE_CODES = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB
_UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

# _MIGRATIONS[n] takes a file from schema version n to n + 1, in one transaction.
_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 0 -> 1: sessions with UTC start, local offset, time spent and tension ratings
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            routine_id TEXT NOT NULL,
            routine_name TEXT NOT NULL,
            areas TEXT NOT NULL,
            started_utc TEXT NOT NULL,
            utc_offset_s INTEGER NOT NULL,
            duration_s REAL NOT NULL DEFAULT 0,
            completed INTEGER NOT NULL DEFAULT 0,
            steps_done INTEGER NOT NULL DEFAULT 0,
            steps_total INTEGER NOT NULL DEFAULT 0,
            tension_before INTEGER,
            tension_after INTEGER
        )""",
        "CREATE INDEX sessions_by_start ON sessions(started_utc)",
    ),
    (  # 1 -> 2: a note and trigger tags; the local start date stored, for fast per-day totals
        "ALTER TABLE sessions ADD COLUMN note TEXT",
        "ALTER TABLE sessions ADD COLUMN tags TEXT",  # a JSON list of strings, NULL when none
        "ALTER TABLE sessions ADD COLUMN local_date TEXT NOT NULL DEFAULT ''",
        "UPDATE sessions SET local_date = date(started_utc, printf('%+d seconds', utc_offset_s))",
        "CREATE INDEX sessions_by_day ON sessions(local_date, completed, duration_s)",
        """CREATE INDEX sessions_rated
            ON sessions(routine_id, started_utc, routine_name, tension_before, tension_after)
            WHERE tension_before IS NOT NULL AND tension_after IS NOT NULL""",
        "CREATE INDEX sessions_tagged ON sessions(tags) WHERE tags IS NOT NULL",
        # Per-day totals kept by triggers: streaks and the calendar read a row per day
        # instead of adding up every session (3,650 rows, not 100,000, for a decade).
        """CREATE TABLE day_totals (
            local_date TEXT PRIMARY KEY,
            sessions INTEGER NOT NULL,
            completed INTEGER NOT NULL,
            duration_s REAL NOT NULL
        ) WITHOUT ROWID""",
        """INSERT INTO day_totals
            SELECT local_date, COUNT(*), SUM(completed), SUM(duration_s)
            FROM sessions GROUP BY local_date""",
        """CREATE TRIGGER day_totals_insert AFTER INSERT ON sessions BEGIN
            INSERT INTO day_totals VALUES (NEW.local_date, 1, NEW.completed, NEW.duration_s)
            ON CONFLICT (local_date) DO UPDATE SET
                sessions = sessions + 1,
                completed = completed + excluded.completed,
                duration_s = duration_s + excluded.duration_s;
        END""",
        """CREATE TRIGGER day_totals_update AFTER UPDATE OF duration_s, completed ON sessions
        BEGIN
            UPDATE day_totals SET
                completed = completed - OLD.completed + NEW.completed,
                duration_s = duration_s - OLD.duration_s + NEW.duration_s
            WHERE local_date = NEW.local_date;
        END""",
        """CREATE TRIGGER day_totals_delete AFTER DELETE ON sessions BEGIN
            UPDATE day_totals SET
                sessions = sessions - 1,
                completed = completed - OLD.completed,
                duration_s = duration_s - OLD.duration_s
            WHERE local_date = OLD.local_date;
            DELETE FROM day_totals WHERE local_date = OLD.local_date AND sessions = 0;
        END""",
    ),
)
_COLUMNS = (
    "id, routine_id, routine_name, areas, started_utc, utc_offset_s, duration_s, completed,"
    " steps_done, steps_total, tension_before, tension_after, note, tags"
)
_INSERT = (
    "INSERT INTO sessions (routine_id, routine_name, areas, started_utc, utc_offset_s,"
    " duration_s, completed, steps_done, steps_total, tension_before, tension_after, note, tags,"
    " local_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class HistoryError(Exception):
    """History could not be read or written; str() is one line for the person."""


class _Damaged(Exception):
    """The file is not a readable history database (the message says why)."""


class SessionRecord(msgspec.Struct, frozen=True, gc=False):
    """One session as kept in the history (a frozen struct: fast to build 100,000 of)."""

    id: int
    routine_id: str
    routine_name: str
    areas: tuple[str, ...]
    started_at: datetime  # aware, in the UTC offset where the session started
    duration_s: float
    completed: bool
    steps_done: int
    steps_total: int
    tension_before: int | None = None
    tension_after: int | None = None
    note: str | None = None
    tags: tuple[str, ...] = ()


def normalize_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Trigger tags as stored: lower case, single spaces, split at ',' and ';', no repeats."""
    cleaned: dict[str, None] = {}
    for tag in tags:
        for part in tag.replace(";", ",").split(","):
            word = " ".join(part.split()).lower()
            if word:
                cleaned[word] = None
    return tuple(cleaned)


class HistoryStore:
    """The history database: sessions written as they happen, read back for stats."""

    def __init__(
        self, connection: sqlite3.Connection, path: Path, *, available: bool, notice: str | None
    ) -> None:
        self._db = connection
        self.path = path
        self.available = available  # False: kept in memory only, nothing reaches the disk
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
        try:
            return cls(_connect(path, check), path, available=True, notice=None)
        except HistoryError as error:
            return cls.in_memory(path, f"History can't be saved: {error}")
        except _Damaged as damage:
            reason = str(damage)
        try:
            aside = _set_aside(path)
        except OSError as error:
            return cls.in_memory(
                path, f"History can't be saved: {path} is damaged and {_os_reason(error)}"
            )
        notice = (
            f"The history file was damaged ({reason}); it was moved to {aside.name}"
            " and a new one was started."
        )
        try:
            return cls(_connect(path, check), path, available=True, notice=notice)
        except (HistoryError, _Damaged) as error:
            return cls.in_memory(path, f"History can't be saved: {error}")

    @classmethod
    def in_memory(cls, path: Path, notice: str | None = None) -> HistoryStore:
        """A store that keeps this run's sessions in memory only (the file could not be used)."""
        connection = sqlite3.connect(":memory:", isolation_level=None)
        _migrate(connection)
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

    def import_rows(self, records: Iterable[SessionRecord]) -> int:
        """Add sessions (ids ignored) in one transaction, skipping known ones; count added.

        A session is known when one of the same routine started at the same second."""
        rows = [_row(record) for record in records]
        try:
            self._db.execute("BEGIN IMMEDIATE")
            known = set(self._db.execute("SELECT routine_id, started_utc FROM sessions"))
            new = []
            for row in rows:
                key = (row[0], row[3])
                if key not in known:
                    known.add(key)
                    new.append(row)
            self._db.executemany(_INSERT, new)
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise HistoryError(f"History can't be saved: {error}") from None
        return len(new)

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

    def recent(self, limit: int = stats.RECENT_SESSIONS) -> list[SessionRecord]:
        """The newest sessions, newest first."""
        rows = self._read(
            f"SELECT {_COLUMNS} FROM sessions ORDER BY started_utc DESC, id DESC LIMIT ?", (limit,)
        )
        return _records(rows)

    def overview(self, today: date) -> stats.Overview:
        """Streaks, totals, areas, tension, tags and recent sessions, added up by SQLite."""
        days = [
            stats.DayTotal(date.fromisoformat(day), count, completed, seconds / 60)
            for day, count, completed, seconds in self._read(
                "SELECT local_date, sessions, completed, duration_s FROM day_totals"
            )
        ]
        first, last = stats.area_window(today)
        area_rows = self._read(
            "SELECT areas, SUM(duration_s) FROM sessions"
            " WHERE local_date BETWEEN ? AND ? AND areas != '' GROUP BY areas",
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
        )

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
    parse, zone = datetime.fromisoformat, _zone
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
            parse(started_utc).astimezone(zone(offset_s)),
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
        started.astimezone(UTC).strftime(_UTC_FORMAT),
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


def _tension(value: int | None) -> int | None:
    if value is not None and value not in TENSION_RANGE:
        raise ValueError(f"tension must be 0-10, got {value}")
    return value


def _tags_json(tags: Iterable[str]) -> str | None:
    cleaned = normalize_tags(tags)
    return msgspec.json.encode(cleaned).decode() if cleaned else None


# --- the file -----------------------------------------------------------------------------


def _connect(path: Path, check: bool) -> sqlite3.Connection:
    """An open, migrated connection; HistoryError when the place is unusable, _Damaged when
    the file is not a history database."""
    header = _prepare_file(path)
    if header and header != _SQLITE_HEADER:
        raise _Damaged("not a SQLite database")
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as error:
        raise HistoryError(str(error)) from None
    try:
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        _use_wal(connection)
        connection.execute("PRAGMA synchronous = NORMAL")
        _migrate(connection)
        _check_file(connection, check)
    except (_Damaged, HistoryError):
        connection.close()
        raise
    except sqlite3.Error as error:
        connection.close()
        if getattr(error, "sqlite_errorcode", 0) & 0xFF in _DAMAGE_CODES:
            raise _Damaged(str(error)) from None
        raise HistoryError(str(error)) from None
    for suffix in ("-wal", "-shm"):
        _private(path.with_name(path.name + suffix))
    return connection


def _use_wal(connection: sqlite3.Connection) -> None:
    """Switch to WAL, waiting out another process that is creating the same new file:
    SQLite answers "locked" to a journal-mode change at once, without its busy handler."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _prepare_file(path: Path) -> bytes:
    """Create the folder and a 0600 file (whatever the umask); return the file's first bytes."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if path.exists():
            os.chmod(path, 0o600)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            header = os.read(descriptor, len(_SQLITE_HEADER))
        finally:
            os.close(descriptor)
        os.chmod(path, 0o600)
    except OSError as error:
        raise HistoryError(_os_reason(error)) from None
    return header


def _private(path: Path) -> None:
    """SQLite gives its -wal/-shm files the database's mode; make sure of it."""
    try:
        if path.exists():
            os.chmod(path, 0o600)
    except OSError:
        pass  # not ours to fix; the database itself is private


def _migrate(connection: sqlite3.Connection) -> None:
    """Bring the schema up to SCHEMA_VERSION; one transaction, safe with two processes."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have migrated while this one waited for the lock.
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"the history file is from a newer knotsession (schema {version}); please upgrade"
            )
        if version == 0 and _table_names(connection):
            raise _Damaged("it holds other tables, not a knotsession history")
        for step in _MIGRATIONS[version:]:
            for statement in step:
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _check_file(connection: sqlite3.Connection, pages: bool) -> None:
    """Check the table is ours and (with `pages`) SQLite's quick_check of every page."""
    columns = {row[1] for row in connection.execute("PRAGMA table_info(sessions)")}
    if "local_date" not in columns:
        raise _Damaged("the sessions table is missing")
    if not pages:
        return
    problems = [row[0] for row in connection.execute("PRAGMA quick_check(3)")]
    if problems != ["ok"]:
        raise _Damaged("; ".join(problems))


def _table_names(connection: sqlite3.Connection) -> list[str]:
    return [row[0] for row in connection.execute("SELECT name FROM sqlite_master")]


def _set_aside(path: Path) -> Path:
    """Move a damaged file (and its -wal/-shm) to `<name>.corrupt-<timestamp>`."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    path.rename(aside)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.rename(aside.with_name(aside.name + suffix))
    return aside


def _os_reason(error: OSError) -> str:
    """`Permission denied: /path` from an OSError, without the errno number."""
    where = f": {error.filename}" if error.filename else ""
    return f"{error.strerror or error}{where}"


# --- recording a running session ----------------------------------------------------------


def _local_now() -> datetime:
    return datetime.now().astimezone()


class SessionRecorder:
    """Writes a running session to the history: a row at its start, updated at every step,
    pause and end. A failed write never reaches the UI: it sets `notice` and stops writing."""

    def __init__(
        self,
        store: HistoryStore,
        session: Session,
        now: Callable[[], datetime] = _local_now,
        tension_before: int | None = None,
    ) -> None:
        self.store = store
        self.session = session
        self.session_id: int | None = None
        self.notice: str | None = None
        self._now = now
        self._tension_before = tension_before
        self._failed = False
        session.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        if self._failed or not isinstance(event, SegmentStarted | Paused | Finished | Abandoned):
            return
        if self.session_id is None and not isinstance(event, SegmentStarted):
            return  # abandoned before it began: nothing to keep
        try:
            if self.session_id is None:
                self.session_id = self.store.begin(
                    self.session.routine,
                    self._now(),
                    len(self.session.routine.steps),
                    self._tension_before,
                )
            self.store.update(
                self.session_id,
                duration_s=self.session.active_s(),
                steps_done=self.session.steps_done(),
                completed=isinstance(event, Finished) and event.summary.completed,
            )
        except HistoryError as error:
            self._failed = True
            self.notice = str(error)
