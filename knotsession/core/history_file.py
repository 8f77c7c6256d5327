"""The history's SQLite file: created private (0600), opened in WAL mode with a busy
timeout, its schema versioned with `PRAGMA user_version` and migrated forward, checked, and
set aside when it is damaged. `knotsession.core.history` reads and writes the sessions in it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 4
BUSY_TIMEOUT_S = 10.0
_DAMAGE_CODES = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB

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
    (  # 2 -> 3: the knot map: a spot's intensity (0-10) as marked at a time
        """CREATE TABLE spot_marks (
            id INTEGER PRIMARY KEY,
            marked_utc TEXT NOT NULL,
            local_date TEXT NOT NULL,
            spot TEXT NOT NULL,
            intensity INTEGER NOT NULL CHECK (intensity BETWEEN 0 AND 10)
        )""",
        "CREATE INDEX spot_marks_by_day ON spot_marks(local_date, spot)",
    ),
    (  # 3 -> 4: the history screen's overview reads no session rows: how tension goes with
        # each tag comes from an index (it grouped the whole table: 270 ms at 100,000
        # sessions), and the minutes of completed sessions from the per-day totals
        "CREATE INDEX sessions_by_tags ON sessions(tags, tension_after)",
        "ALTER TABLE day_totals ADD COLUMN completed_s REAL NOT NULL DEFAULT 0",
        """UPDATE day_totals SET completed_s = (
            SELECT COALESCE(SUM(duration_s * completed), 0) FROM sessions
            WHERE sessions.local_date = day_totals.local_date)""",
        "DROP TRIGGER day_totals_insert",
        "DROP TRIGGER day_totals_update",
        "DROP TRIGGER day_totals_delete",
        """CREATE TRIGGER day_totals_insert AFTER INSERT ON sessions BEGIN
            INSERT INTO day_totals VALUES (NEW.local_date, 1, NEW.completed, NEW.duration_s,
                                           NEW.duration_s * NEW.completed)
            ON CONFLICT (local_date) DO UPDATE SET
                sessions = sessions + 1,
                completed = completed + excluded.completed,
                duration_s = duration_s + excluded.duration_s,
                completed_s = completed_s + excluded.completed_s;
        END""",
        """CREATE TRIGGER day_totals_update AFTER UPDATE OF duration_s, completed ON sessions
        BEGIN
            UPDATE day_totals SET
                completed = completed - OLD.completed + NEW.completed,
                duration_s = duration_s - OLD.duration_s + NEW.duration_s,
                completed_s = completed_s - OLD.duration_s * OLD.completed
                              + NEW.duration_s * NEW.completed
            WHERE local_date = NEW.local_date;
        END""",
        """CREATE TRIGGER day_totals_delete AFTER DELETE ON sessions BEGIN
            UPDATE day_totals SET
                sessions = sessions - 1,
                completed = completed - OLD.completed,
                duration_s = duration_s - OLD.duration_s,
                completed_s = completed_s - OLD.duration_s * OLD.completed
            WHERE local_date = OLD.local_date;
            DELETE FROM day_totals WHERE local_date = OLD.local_date AND sessions = 0;
        END""",
    ),
)


class HistoryError(Exception):
    """History could not be read or written; str() is one line for the person."""


class DamagedFile(Exception):
    """The file is not a readable history database (the message says why)."""


def connect(path: Path, check: bool) -> sqlite3.Connection:
    """An open, migrated connection; HistoryError when the place is unusable, DamagedFile when
    the file is not a history database."""
    _prepare_file(path)
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as error:
        raise HistoryError(str(error)) from None
    try:
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        _use_wal(connection)
        connection.execute("PRAGMA synchronous = NORMAL")
        migrate(connection)
        _check_file(connection, path if check and not checked_today(path) else None)
        if check:
            remember_check(path)
    except (DamagedFile, HistoryError):
        connection.close()
        raise
    except sqlite3.Error as error:
        connection.close()
        if getattr(error, "sqlite_errorcode", 0) & 0xFF in _DAMAGE_CODES:
            raise DamagedFile(str(error)) from None
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


def _prepare_file(path: Path) -> None:
    """Create the folder and, when there is none, a 0600 file (whatever the umask).

    The file is never opened here once it exists: this process may already hold a SQLite
    connection to it, and on POSIX closing *any* descriptor of a file drops all of the
    process's locks on it, so another process would checkpoint and delete the WAL this one
    still writes. Whether an existing file is a database is SQLite's to say (SQLITE_NOTADB).
    """
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        for attempt in range(3):
            with contextlib.suppress(FileExistsError):
                # A new inode: no connection in this process can hold a lock on it yet.
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            try:
                os.chmod(path, 0o600)
                return
            except FileNotFoundError:
                # Another copy moved a damaged file aside between the two: make the new one.
                if attempt == 2:
                    raise
    except OSError as error:
        raise HistoryError(os_reason(error)) from None


def _private(path: Path) -> None:
    """SQLite gives its -wal/-shm files the database's mode; make sure of it."""
    try:
        if path.exists():
            os.chmod(path, 0o600)
    except OSError:
        pass  # not ours to fix; the database itself is private


def migrate(connection: sqlite3.Connection) -> None:
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
            raise DamagedFile("it holds other tables, not a knotsession history")
        for step in _MIGRATIONS[version:]:
            for statement in step:
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _check_file(connection: sqlite3.Connection, pages_of: Path | None) -> None:
    """Check the table is ours and (given the file's path) SQLite's quick_check of every
    page."""
    columns = {row[1] for row in connection.execute("PRAGMA table_info(sessions)")}
    if "local_date" not in columns:
        raise DamagedFile("the sessions table is missing")
    if pages_of is None:
        return
    problems = quick_check_aside(pages_of)
    if problems != ["ok"]:
        raise DamagedFile(_problems_text(problems))


# SQLite's check of every page, stopping after three problems (they name the file's damage).
_PAGE_CHECK = "PRAGMA quick_check(3)"
# A file this small is checked on the opener's thread: about 10 ms of a core (the check reads
# some 400 MB a second here), less than starting another Python.
CHECK_HERE_BYTES = 4 * 1024 * 1024
# The page check, run by a Python of its own at the lowest CPU priority (see
# `quick_check_aside`), given the file, the busy timeout and the check; it prints one JSON
# line: the check's rows, or SQLite's error.
_CHECK_PROGRAM = """
import json, os, sqlite3, sys
try:
    os.nice(19)
except (AttributeError, OSError):
    pass
answer = {"pid": os.getpid(), "nice": os.nice(0) if hasattr(os, "nice") else None}
try:
    connection = sqlite3.connect(sys.argv[1], timeout=float(sys.argv[2]), isolation_level=None)
    try:
        answer["rows"] = [row[0] for row in connection.execute(sys.argv[3])]
    finally:
        connection.close()
except sqlite3.Error as error:
    answer["error"] = [type(error).__name__, str(error), getattr(error, "sqlite_errorcode", 0)]
print(json.dumps(answer))
"""


def quick_check_aside(path: Path) -> list[str]:
    """SQLite's quick_check of every page, run by another process at the lowest CPU
    priority: it reads every page (0.4 s of a core at 1,000,000 sessions) once a day, and
    must not take a core from the screen being drawn meanwhile (a day's first `start ID`
    painted 1.55x later with it at full priority). The caller waits for it, so nothing is
    written before the file is known to be sound.

    Not a thread of this process: a thread at the lowest priority holds the interpreter's
    lock whenever it runs Python, and on a busy machine it then waits long for a core with
    the lock held, so the event loop waited with it (a second and more, measured with the
    check's thread alone). A small file (most: a year of daily sessions is a few hundred
    kilobytes), or where no separate Python can be started, is checked here."""
    if _bytes_to_check(path) <= CHECK_HERE_BYTES:
        return _quick_check(path)
    answer = run_page_check(path)
    if answer is None:
        return _quick_check(path)
    if "error" in answer:
        kind, text, code = answer["error"]
        error = getattr(sqlite3, str(kind), None)  # as SQLite raised it there
        if not (isinstance(error, type) and issubclass(error, sqlite3.Error)):
            error = sqlite3.DatabaseError
        raised = error(text)
        raised.sqlite_errorcode = int(code)
        raise raised
    return [str(row) for row in answer["rows"]]


def run_page_check(path: Path) -> dict[str, Any] | None:
    """The page check's answer from a Python of its own (its rows or SQLite's error, its
    process id and priority); None when no such Python can run it (a frozen build)."""
    import json
    import subprocess

    if not sys.executable or getattr(sys, "frozen", False):
        return None
    program = [sys.executable, "-I", "-S", "-c", _CHECK_PROGRAM]
    command = [*program, str(path), str(BUSY_TIMEOUT_S), _PAGE_CHECK]
    flags = getattr(subprocess, "IDLE_PRIORITY_CLASS", 0)  # Windows; elsewhere os.nice
    try:
        done = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
            creationflags=flags,
        )
        answer = json.loads(done.stdout)
    except (OSError, ValueError):  # no Python there, or it said nothing usable
        return None
    return answer if isinstance(answer, dict) and ("rows" in answer or "error" in answer) else None


def _bytes_to_check(path: Path) -> int:
    """The size of the file and its write-ahead log."""
    total = 0
    for part in (path, path.with_name(path.name + "-wal")):
        with contextlib.suppress(OSError):
            total += part.stat().st_size
    return total


def _quick_check(path: Path) -> list[str]:
    """The page check on the calling thread, at its own priority."""
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        return [row[0] for row in connection.execute(_PAGE_CHECK)]
    finally:
        connection.close()


def _problems_text(problems: list[str]) -> str:
    """The page check's findings on one line (a row can hold several of SQLite's lines)."""
    return "; ".join(line for row in problems for line in row.splitlines())


def _check_stamp(path: Path) -> Path:
    return path.with_name(path.name + ".checked")


def _stamp_text(path: Path) -> str | None:
    """Today's date and which file this is (a file set aside and replaced is checked anew)."""
    try:
        found = path.stat()
    except OSError:
        return None
    return f"{date.today().isoformat()} {found.st_dev} {found.st_ino}\n"


def checked_today(path: Path) -> bool:
    """Whether quick_check already found this very file sound today: the check reads every
    page (a second at 1,000,000 sessions), so it runs at most once a day, not on every start."""
    expected = _stamp_text(path)
    try:
        return expected is not None and _check_stamp(path).read_text() == expected
    except (OSError, UnicodeDecodeError):
        return False


def remember_check(path: Path) -> None:
    """Note that the file passed today's check (best effort: without it, tomorrow's start
    only checks again)."""
    text = _stamp_text(path)
    if text is None:
        return
    with contextlib.suppress(OSError):
        temporary = _check_stamp(path).with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(text)
        os.replace(temporary, _check_stamp(path))


def _table_names(connection: sqlite3.Connection) -> list[str]:
    return [row[0] for row in connection.execute("SELECT name FROM sqlite_master")]


FileIdentity = tuple[int, int, int, int]


def identity(path: Path) -> FileIdentity | None:
    """Which file is at `path` (device, inode, size, modified time), without opening it."""
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)


def confirm_damage(path: Path, seen: FileIdentity | None) -> str | None:
    """Why the file at `path` is damaged, checked again by SQLite under an exclusive lock;
    None when it is not (or it is no longer the file `seen` damaged: another process set
    that one aside and started this one). Busy, locked and I/O errors are never damage:
    they raise HistoryError."""
    if seen is None or identity(path) != seen:
        return None
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as error:
        raise HistoryError(str(error)) from None
    try:
        connection.execute("BEGIN EXCLUSIVE")  # no writer can change it while we look
        reason = _damage_under_lock(connection)
        connection.execute("ROLLBACK")
    except sqlite3.Error as error:
        if getattr(error, "sqlite_errorcode", 0) & 0xFF not in _DAMAGE_CODES:
            raise HistoryError(str(error)) from None
        reason = str(error)
    finally:
        connection.close()
    if reason is None or identity(path) != seen:
        return None
    return reason


def set_aside_if_damaged(path: Path, seen: FileIdentity | None) -> tuple[Path, str] | None:
    """Confirm the damage (`confirm_damage`) and move the file aside, one process at a time:
    a copy that waited here while another set the file aside finds a new file and keeps it.
    Returns (where it went, why), or None when it was not set aside."""
    with _set_aside_turn(path):
        reason = confirm_damage(path, seen)
        if reason is None:
            return None
        try:
            return set_aside(path), reason
        except FileNotFoundError:
            return None  # gone already: nothing of ours to move


@contextlib.contextmanager
def _set_aside_turn(path: Path) -> Iterator[None]:
    """An exclusive lock on a file beside the history (never the database file itself)."""
    try:
        import fcntl
    except ImportError:  # Windows: a file in use cannot be renamed there anyway
        yield
        return
    try:
        descriptor = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        raise HistoryError(os_reason(error)) from None
    try:
        # Bounded like SQLite's busy wait: a copy stuck holding the turn must not hold this
        # one (and its exit) for good.
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise HistoryError(
                        f"another copy of knotsession kept the history busy for "
                        f"{BUSY_TIMEOUT_S:.0f} s while checking it for damage; try again later"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(descriptor)


def _damage_under_lock(connection: sqlite3.Connection) -> str | None:
    problems = [row[0] for row in connection.execute(_PAGE_CHECK)]
    if problems != ["ok"]:
        return _problems_text(problems)
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = _table_names(connection)
    if version == 0:
        return "it holds other tables, not a knotsession history" if tables else None
    columns = {row[1] for row in connection.execute("PRAGMA table_info(sessions)")}
    return (
        None
        if "local_date" in columns or version < SCHEMA_VERSION
        else ("the sessions table is missing")
    )


def set_aside(path: Path) -> Path:
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


def os_reason(error: OSError) -> str:
    """`Permission denied: /path` from an OSError, without the errno number."""
    where = f": {error.filename}" if error.filename else ""
    return f"{error.strerror or error}{where}"
