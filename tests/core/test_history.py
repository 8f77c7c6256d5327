"""The history store on real SQLite files: rows, migrations, damage, faults, two writers."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from knotsession import paths
from knotsession.core import history_file, stats
from knotsession.core.history import HistoryStore, SessionRecord
from knotsession.core.history_file import SCHEMA_VERSION, checked_today
from knotsession.core.routine import Routine

NEW_YORK = ZoneInfo("America/New_York")

# The schema knotsession 0.1 wrote (user_version 1), kept here as a file on disk would be.
V1_SCHEMA = """
CREATE TABLE sessions (
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
);
CREATE INDEX sessions_by_start ON sessions(started_utc);
PRAGMA user_version = 1;
"""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- the file -----------------------------------------------------------------------------


def test_opens_at_the_history_file_by_default() -> None:
    with HistoryStore.open() as store:
        assert store.path == paths.history_file()
        assert store.available
        assert store.notice is None
    assert paths.history_file().is_file()


def test_new_file_and_its_wal_are_private_whatever_the_umask(
    db_path: Path, routine: Routine
) -> None:
    old = os.umask(0)
    try:
        with HistoryStore.open(db_path) as store:
            store.begin(routine, datetime(2026, 3, 1, 9, tzinfo=UTC), 3)
            wal = db_path.with_name("history.sqlite3-wal")
            assert wal.exists()
            assert oct(mode(wal)) == oct(0o600)
    finally:
        os.umask(old)
    assert oct(mode(db_path)) == oct(0o600)
    assert oct(mode(db_path.parent)) == oct(0o700)


def test_an_existing_readable_file_is_made_private(db_path: Path) -> None:
    HistoryStore.open(db_path).close()
    os.chmod(db_path, 0o644)
    HistoryStore.open(db_path).close()
    assert oct(mode(db_path)) == oct(0o600)


def test_file_is_in_wal_mode_with_the_current_schema(store: HistoryStore, db_path: Path) -> None:
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert raw.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    raw.close()


# --- rows ---------------------------------------------------------------------------------


def test_a_session_row_keeps_everything_with_its_local_offset(
    store: HistoryStore, routine: Routine
) -> None:
    started = datetime(2026, 3, 8, 1, 30, 12, 987654, tzinfo=NEW_YORK)
    session_id = store.begin(routine, started, 3, tension_before=7)
    store.update(session_id, duration_s=312.4567, steps_done=3, completed=True)
    store.set_tension_after(session_id, 3)
    store.set_note(session_id, "  left side tighter  ")
    store.set_tags(session_id, ["Long  call", "laptop on sofa; long call", " "])
    assert store.sessions() == [
        SessionRecord(
            id=session_id,
            routine_id="desk-5",
            routine_name="Desk reset",
            areas=("neck", "shoulders"),
            started_at=datetime(2026, 3, 8, 1, 30, 12, tzinfo=timezone(timedelta(hours=-5))),
            duration_s=312.457,
            completed=True,
            steps_done=3,
            steps_total=3,
            tension_before=7,
            tension_after=3,
            note="left side tighter",
            tags=("long call", "laptop on sofa"),
        )
    ]


def test_started_at_is_stored_as_utc_plus_the_offset(
    store: HistoryStore, db_path: Path, routine: Routine
) -> None:
    store.begin(routine, datetime(2026, 3, 8, 3, 30, tzinfo=NEW_YORK), 3)
    raw = sqlite3.connect(db_path)
    row = raw.execute("SELECT started_utc, utc_offset_s, local_date FROM sessions").fetchone()
    raw.close()
    assert row == ("2026-03-08T07:30:00Z", -4 * 3600, "2026-03-08")


def test_a_start_without_an_offset_is_refused(store: HistoryStore, routine: Routine) -> None:
    with pytest.raises(ValueError, match="aware datetime"):
        store.begin(routine, datetime(2026, 3, 8, 9, 0), 3)


def test_tension_outside_0_to_10_is_refused(store: HistoryStore, routine: Routine) -> None:
    session_id = store.begin(routine, datetime(2026, 3, 8, 9, tzinfo=UTC), 3)
    with pytest.raises(ValueError, match="tension must be 0-10, got 11"):
        store.set_tension_after(session_id, 11)


def test_sessions_since_a_local_date(store: HistoryStore, routine: Routine) -> None:
    tokyo = timezone(timedelta(hours=9))
    store.begin(routine, datetime(2026, 3, 1, 23, tzinfo=UTC), 3)  # 1 March: left out
    store.begin(routine, datetime(2026, 3, 2, 7, tzinfo=tokyo), 3)  # 1 March in UTC: in
    store.begin(routine, datetime(2026, 3, 3, 9, tzinfo=UTC), 3)
    found = [s.started_at.isoformat() for s in store.sessions(since=date(2026, 3, 2))]
    assert found == ["2026-03-02T07:00:00+09:00", "2026-03-03T09:00:00+00:00"]


def test_import_adds_in_one_go_and_skips_sessions_already_there(
    store: HistoryStore, routine: Routine
) -> None:
    started = datetime(2026, 3, 1, 9, tzinfo=UTC)
    store.begin(routine, started, 3)
    record = SessionRecord(0, "desk-5", "Desk reset", ("neck",), started, 60.0, True, 3, 3)
    other = SessionRecord(0, "neck", "Neck", ("neck",), started, 30.0, False, 1, 2)
    assert store.import_rows([record, other, other]) == 1
    assert [(s.routine_id, s.completed) for s in store.sessions()] == [
        ("desk-5", False),
        ("neck", False),
    ]


def test_reads_in_a_snapshot_see_one_moment_while_another_connection_writes(
    store: HistoryStore, routine: Routine, db_path: Path
) -> None:
    started = datetime(2026, 3, 1, 9, tzinfo=UTC)
    store.begin(routine, started, 3)
    other = HistoryStore.open(db_path)
    try:
        with store.snapshot():
            assert len(store.sessions()) == 1
            other.begin(routine, started + timedelta(hours=1), 3)  # a writer is not blocked
            assert len(store.sessions()) == 1  # the same moment, to the end of the snapshot
            assert store.overview(date(2026, 3, 1)).days[0].sessions == 1  # nested: same
        assert len(store.sessions()) == 2
    finally:
        other.close()


def test_overview_from_sql_matches_the_pure_overview(store: HistoryStore, db_path: Path) -> None:
    import random

    rng = random.Random(4)
    offsets = [-5, -4, 0, 5.5, 9, 13]
    tags = ["long call", "laptop on sofa", "driving", "stress"]
    records = []
    start = datetime(2025, 9, 1, tzinfo=UTC)
    for n in range(600):
        zone = timezone(timedelta(hours=rng.choice(offsets)))
        before = rng.randint(2, 9) if rng.random() < 0.5 else None
        records.append(
            SessionRecord(
                id=0,
                routine_id=f"routine-{rng.randint(0, 4)}",
                routine_name=f"Routine {n}",
                areas=tuple(rng.sample(["neck", "hips", "jaw", "legs"], rng.randint(1, 3))),
                started_at=(start + timedelta(hours=n * 7.3)).astimezone(zone),
                duration_s=round(rng.uniform(30, 900), 3),
                completed=rng.random() < 0.7,
                steps_done=1,
                steps_total=2,
                tension_before=before,
                tension_after=None if before is None else rng.randint(0, before),
                tags=tuple(rng.sample(tags, rng.randint(0, 2))),
            )
        )
    assert store.import_rows(records) == 600
    # Sessions change as they run, and may be deleted by hand: the per-day totals follow.
    for session_id in range(1, 600, 7):
        store.update(session_id, duration_s=session_id * 1.5, steps_done=1, completed=True)
    raw = sqlite3.connect(db_path)
    raw.execute("DELETE FROM sessions WHERE id % 50 = 0")
    raw.commit()
    raw.close()
    today = date(2026, 1, 20)
    from_sql = store.overview(today)
    by_hand = stats.overview(store.sessions(), today)
    assert from_sql.current_streak == by_hand.current_streak
    assert from_sql.longest_streak == by_hand.longest_streak
    assert [(d.day, d.sessions, d.completed) for d in from_sql.days] == [
        (d.day, d.sessions, d.completed) for d in by_hand.days
    ]
    assert [d.minutes for d in from_sql.days] == pytest.approx([d.minutes for d in by_hand.days])
    assert (from_sql.week_sessions, from_sql.total_sessions) == (
        by_hand.week_sessions,
        by_hand.total_sessions,
    )
    streaks = store.streaks(today)
    assert (streaks.current_streak, streaks.longest_streak) == (
        by_hand.current_streak,
        by_hand.longest_streak,
    )
    assert (streaks.week_sessions, streaks.total_sessions, streaks.completed_today()) == (
        by_hand.week_sessions,
        by_hand.total_sessions,
        by_hand.completed_today(),
    )
    assert len(from_sql.tag_tensions) == len(tags)

    def rounded(overview: stats.Overview) -> list[tuple[object, ...]]:
        return [
            (t.tag, t.sessions, round(t.average_with or -1, 6), round(t.average_without or -1, 6))
            for t in overview.tag_tensions
        ]

    assert rounded(from_sql) == rounded(by_hand)
    assert from_sql.total_minutes == pytest.approx(by_hand.total_minutes)
    assert [a for a, _ in from_sql.area_minutes] == [a for a, _ in by_hand.area_minutes]
    assert [m for _, m in from_sql.area_minutes] == pytest.approx(
        [m for _, m in by_hand.area_minutes]
    )
    assert from_sql.tension_changes == by_hand.tension_changes
    assert from_sql.common_tags == by_hand.common_tags
    assert from_sql.recent == by_hand.recent
    assert by_hand.longest_streak > 1 and by_hand.tension_changes and by_hand.common_tags


def test_the_overview_reads_indexes_not_every_session_row(
    store: HistoryStore, routine: Routine, db_path: Path
) -> None:
    """The history screen's overview must not grow with the table's rows: every query it
    runs is answered from an index (SQLite's own plan says so), never a scan of `sessions`."""
    store.begin(routine, datetime(2026, 3, 1, 9, tzinfo=UTC), 3)
    queries: list[str] = []
    store._db.set_trace_callback(queries.append)  # our own connection: what the store runs
    store.overview(date(2026, 3, 2))
    store._db.set_trace_callback(None)
    selects = [q for q in queries if q.lstrip().upper().startswith("SELECT")]
    assert len(selects) >= 5  # days, areas, tension, tags, tags with tension (and recent)
    raw = sqlite3.connect(db_path)
    for query in selects:
        plan = " / ".join(row[3] for row in raw.execute(f"EXPLAIN QUERY PLAN {query}"))
        assert "SCAN sessions" not in plan or "INDEX" in plan, (query, plan)
    raw.close()


# --- migrations ---------------------------------------------------------------------------


def test_a_version_1_file_is_migrated_forward(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    old = sqlite3.connect(db_path)
    old.executescript(V1_SCHEMA)
    old.execute(
        "INSERT INTO sessions (routine_id, routine_name, areas, started_utc, utc_offset_s,"
        " duration_s, completed, steps_done, steps_total, tension_before, tension_after)"
        " VALUES ('desk-5', 'Desk reset', 'neck;shoulders', '2026-03-08T04:30:00Z', -18000,"
        " 300.5, 1, 3, 3, 6, 2)"
    )
    old.commit()
    old.close()
    with HistoryStore.open(db_path) as store:
        assert store.notice is None
        assert store.sessions() == [
            SessionRecord(
                id=1,
                routine_id="desk-5",
                routine_name="Desk reset",
                areas=("neck", "shoulders"),
                started_at=datetime(2026, 3, 7, 23, 30, tzinfo=timezone(timedelta(hours=-5))),
                duration_s=300.5,
                completed=True,
                steps_done=3,
                steps_total=3,
                tension_before=6,
                tension_after=2,
            )
        ]
        store.set_tags(1, ["stress"])
        # The local date came from the stored offset: 7 March in New York, 8 March in UTC.
        assert [d.day for d in store.overview(date(2026, 3, 8)).days] == [date(2026, 3, 7)]
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert raw.execute("SELECT local_date, tags FROM sessions").fetchone() == (
        "2026-03-07",
        '["stress"]',
    )
    raw.close()


def test_a_version_3_file_gets_completed_minutes_per_day(db_path: Path) -> None:
    """Schema 4 keeps the minutes of completed sessions per day (for the history screen):
    a file from before has them added up on the way, and the triggers keep them after."""
    db_path.parent.mkdir(parents=True)
    old = sqlite3.connect(db_path, isolation_level=None)
    for step in history_file._MIGRATIONS[:3]:
        for statement in step:
            old.execute(statement)
    old.execute("PRAGMA user_version = 3")
    for n, (day, completed, seconds) in enumerate(
        [("2026-03-01", 1, 120.0), ("2026-03-01", 0, 45.0), ("2026-03-02", 1, 600.0)]
    ):
        old.execute(
            "INSERT INTO sessions (routine_id, routine_name, areas, started_utc, utc_offset_s,"
            " duration_s, completed, steps_done, steps_total, local_date)"
            " VALUES ('desk-5', 'Desk reset', 'neck', ?, 0, ?, ?, 1, 1, ?)",
            (f"{day}T0{n}:00:00Z", seconds, completed, day),
        )
    old.close()
    with HistoryStore.open(db_path) as store:
        days = store.overview(date(2026, 3, 2)).days
        assert [(d.day.day, d.sessions, d.completed, d.minutes) for d in days] == [
            (1, 2, 1, 2.0),
            (2, 1, 1, 10.0),
        ]
        store.update(2, duration_s=60.0, steps_done=1, completed=True)  # kept by the triggers
        days = store.overview(date(2026, 3, 2)).days
        assert [(d.day.day, d.completed, d.minutes) for d in days] == [(1, 2, 3.0), (2, 1, 10.0)]
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    raw.close()


def test_a_file_from_a_newer_version_is_left_untouched(db_path: Path, routine: Routine) -> None:
    HistoryStore.open(db_path).close()
    raw = sqlite3.connect(db_path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    before = db_path.read_bytes()
    with HistoryStore.open(db_path) as store:
        assert not store.available
        assert store.notice == (
            "History can't be saved: the history file is from a newer knotsession"
            f" (schema {SCHEMA_VERSION + 1}); please upgrade"
        )
        store.begin(routine, datetime(2026, 3, 1, tzinfo=UTC), 3)  # kept in memory
        assert len(store.sessions()) == 1
    assert db_path.read_bytes() == before
    assert list(db_path.parent.glob("*.corrupt-*")) == []


# --- damage and faults --------------------------------------------------------------------


def test_a_file_that_is_not_a_database_is_set_aside(db_path: Path, routine: Routine) -> None:
    db_path.parent.mkdir(parents=True)
    garbage = b"this is not a database\n" * 100
    db_path.write_bytes(garbage)
    with HistoryStore.open(db_path) as store:
        (aside,) = db_path.parent.glob("history.sqlite3.corrupt-*")
        assert store.notice == (
            f"The history file was damaged (file is not a database); it was moved to {aside}"
            " and a new one was started. To go back to it, quit knotsession and rename it"
            " to history.sqlite3."
        )
        assert store.available
        assert store.sessions() == []
        store.begin(routine, datetime(2026, 3, 1, tzinfo=UTC), 3)
    assert aside.read_bytes() == garbage
    with HistoryStore.open(db_path) as again:
        assert again.notice is None
        assert len(again.sessions()) == 1


@pytest.mark.parametrize("checked_here_up_to", [history_file.CHECK_HERE_BYTES, 0])
def test_a_file_damaged_inside_is_set_aside(
    db_path: Path, routine: Routine, monkeypatch: pytest.MonkeyPatch, checked_here_up_to: int
) -> None:
    # Checked on the opener's thread, and (0: as a large file is) by another process.
    monkeypatch.setattr(history_file, "CHECK_HERE_BYTES", checked_here_up_to)
    with HistoryStore.open(db_path) as store:
        started = datetime(2026, 1, 1, tzinfo=UTC)
        records = [
            SessionRecord(
                0, "desk-5", "x" * 200, ("neck",), started + timedelta(hours=n), 60, True, 1, 1
            )
            for n in range(300)
        ]
        store.import_rows(records)
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    data[page * 3 : page * 5] = b"\xa5" * (page * 2)
    db_path.write_bytes(bytes(data))
    # The page check runs at most once a day: this is the next day's first open.
    db_path.with_name("history.sqlite3.checked").unlink()
    with HistoryStore.open(db_path) as store:
        assert store.notice is not None
        assert store.notice.startswith("The history file was damaged (*** in database main ***; ")
        assert "\n" not in store.notice  # SQLite's lines, one after another
        (aside,) = db_path.parent.glob("history.sqlite3.corrupt-*")
        assert f"it was moved to {aside} and a new one was started." in store.notice
        assert store.sessions() == []


def test_a_folder_that_cannot_be_made_keeps_history_in_memory(
    tmp_path: Path, routine: Routine
) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    path = blocker / "knotsession" / "history.sqlite3"
    with HistoryStore.open(path) as store:
        assert not store.available
        assert store.notice == f"History can't be saved: Not a directory: {blocker / 'knotsession'}"
        session_id = store.begin(routine, datetime(2026, 3, 1, tzinfo=UTC), 3)
        store.update(session_id, duration_s=5, steps_done=1, completed=False)
        assert [s.duration_s for s in store.sessions()] == [5.0]


READ_ONLY = """
import sys
from datetime import datetime, timezone
from pathlib import Path
from knotsession.core.history import HistoryStore
from knotsession.core.routine import Routine, Step

store = HistoryStore.open(Path(sys.argv[1]))
routine = Routine(id="desk-5", name="Desk", areas=("neck",), steps=(Step("Tilt", 1),))
store.begin(routine, datetime(2026, 3, 1, tzinfo=timezone.utc), 1)
print(store.available)
print(store.notice)
"""


def test_a_read_only_folder_keeps_history_in_memory(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o555)
    script = tmp_path / "read_only.py"
    script.write_text(READ_ONLY)
    command = [sys.executable, str(script), str(folder / "history.sqlite3")]
    if os.geteuid() == 0:  # root writes anywhere unless it gives up that power
        setpriv = shutil.which("setpriv")  # util-linux: on every Debian/Ubuntu
        if setpriv is None:
            pytest.skip("setpriv is not installed")
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search", *command]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    finally:
        folder.chmod(0o700)
    assert done.stderr == ""
    assert done.stdout.splitlines() == [
        "False",
        f"History can't be saved: Permission denied: {folder / 'history.sqlite3'}",
    ]
    assert list(folder.iterdir()) == []


FULL_DISK = """
import resource, signal, sys
from datetime import datetime, timezone
from pathlib import Path
from knotsession.core.engine import Session
from knotsession.core.history import HistoryStore
from knotsession.core.history_writer import HistoryWriter
from knotsession.core.recorder import SessionRecorder
from knotsession.core.routine import Routine, Step

path = Path(sys.argv[1])
routine = Routine(id="desk-5", name="Desk", areas=("neck",), steps=(Step("Tilt", 1),), lead_in_s=0)
writer = HistoryWriter(lambda: HistoryStore.open(path), retry_wait_s=0)
assert writer.available
# From here on no file may grow, as on a full disk.
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
# (1 byte: the WAL, emptied by the checkpoint, is written first and cannot take a page; a
# limit of the database's size let the WAL take a session's pages once the schema grew.)
resource.setrlimit(resource.RLIMIT_FSIZE, (1, resource.RLIM_INFINITY))
clock = [0.0]
session = Session(routine, clock=lambda: clock[0])
SessionRecorder(writer, session)
session.start()
clock[0] = 2.0
session.poll()
print(session.state)
writer.close()
print(*writer.notices, sep="|")
"""


def test_a_file_that_cannot_grow_never_stops_the_session(db_path: Path, tmp_path: Path) -> None:
    HistoryStore.open(db_path).close()
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    script = tmp_path / "full_disk.py"
    script.write_text(FULL_DISK)
    done = subprocess.run(
        [sys.executable, str(script), str(db_path)], capture_output=True, text=True, timeout=60
    )
    assert done.stderr == ""
    state, notice = done.stdout.splitlines()
    assert state == "finished"
    # SQLite reports a file-size limit as an I/O error (a full disk reads "database or disk
    # is full"); either way the session finishes and the person is told once.
    assert notice == "History can't be saved: disk I/O error"


KILLED = """
import sys, time
from pathlib import Path
from knotsession.core.engine import Session
from knotsession.core.history import HistoryStore
from knotsession.core.history_writer import HistoryWriter
from knotsession.core.recorder import SessionRecorder
from knotsession.core.routine import Routine, Step

steps = tuple(Step(f"Step {n}", 1) for n in range(600))
routine = Routine(id="long-one", name="Long one", areas=("neck",), steps=steps, lead_in_s=0)
path = Path(sys.argv[1])
session = Session(routine)
SessionRecorder(HistoryWriter(lambda: HistoryStore.open(path)), session)
session.start()
while True:
    session.poll()
    time.sleep(0.01)
"""


def wait_for(condition, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("gave up waiting")
        time.sleep(0.05)


def test_kill_9_mid_session_leaves_an_unfinished_row_and_an_intact_file(
    db_path: Path, tmp_path: Path, routine: Routine
) -> None:
    with HistoryStore.open(db_path) as store:
        earlier = store.begin(routine, datetime(2026, 3, 1, 9, tzinfo=UTC), 3)
        store.update(earlier, duration_s=30, steps_done=3, completed=True)
    script = tmp_path / "killed.py"
    script.write_text(KILLED)
    process = subprocess.Popen([sys.executable, str(script), str(db_path)])
    try:

        def two_steps_done() -> bool:
            raw = sqlite3.connect(db_path)
            row = raw.execute("SELECT steps_done FROM sessions WHERE id = 2").fetchone()
            raw.close()
            return row is not None and row[0] >= 2

        wait_for(two_steps_done)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL
    with HistoryStore.open(db_path) as store:
        assert store.notice is None
        assert store.integrity() == "ok"
        first, killed = store.sessions()
        assert (first.id, first.completed, first.duration_s) == (1, True, 30.0)
        assert (killed.routine_id, killed.completed, killed.steps_total) == ("long-one", False, 600)
        assert killed.steps_done >= 2
        assert killed.duration_s >= 2.0


WRITER = """
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from knotsession.core.history import HistoryStore
from knotsession.core.routine import Routine, Step

path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
routine = Routine(id=name, name=name, areas=("neck",), steps=(Step("Tilt", 10),))
store = HistoryStore.open(path)
assert store.available, store.notice
start = datetime(2026, 3, 1, tzinfo=timezone.utc)
for n in range(count):
    session_id = store.begin(routine, start + timedelta(minutes=n), 1)
    store.update(session_id, duration_s=10, steps_done=1, completed=True)
store.close()
"""


def test_two_processes_writing_at_once_both_land_every_row(db_path: Path, tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    count = 150
    writers = [
        subprocess.Popen(
            [sys.executable, str(script), str(db_path), name, str(count)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("writer-a", "writer-b")
    ]
    errors = [writer.communicate(timeout=120)[1] for writer in writers]
    assert errors == ["", ""]
    assert [writer.returncode for writer in writers] == [0, 0]
    with HistoryStore.open(db_path) as store:
        sessions = store.sessions()
        assert store.integrity() == "ok"
    for name in ("writer-a", "writer-b"):
        mine = [s for s in sessions if s.routine_id == name]
        assert len(mine) == count
        assert all(s.completed and s.duration_s == 10.0 for s in mine)
    assert len({s.id for s in sessions}) == 2 * count


def test_an_open_waits_for_another_process_creating_the_file(tmp_path: Path) -> None:
    """SQLite refuses a journal-mode change at once while another connection holds a write
    lock on a new file; the open must wait for it rather than fall back to memory."""
    import sqlite3

    path = tmp_path / "history.sqlite3"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(0.3, other.commit).start()
    store = HistoryStore.open(path)
    other.close()
    assert store.notice is None
    assert store.available is True
    store.close()


# --- dates that cannot break reading ------------------------------------------------------


def test_a_start_is_stored_with_a_four_digit_year(
    store: HistoryStore, db_path: Path, routine: Routine
) -> None:
    store.begin(routine, datetime(999, 6, 1, 9, tzinfo=UTC), 3)
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("SELECT started_utc FROM sessions").fetchone() == (
            "0999-06-01T09:00:00Z",
        )
    (record,) = store.sessions()
    assert record.started_at == datetime(999, 6, 1, 9, tzinfo=UTC)


def test_rows_an_older_version_wrote_at_the_calendars_edges_still_read(
    store: HistoryStore, db_path: Path, routine: Routine
) -> None:
    store.begin(routine, datetime(2026, 3, 1, 9, tzinfo=UTC), 3)
    rows = [
        ("999-06-01T00:00:00Z", 0, "999-06-01"),  # strftime's %Y on Linux
        ("0001-01-01T00:00:00Z", -5 * 3600, "0000-12-31"),  # the offset pushes it to year 0
        ("9999-12-31T23:00:00Z", 5 * 3600, "10000-01-01"),
        ("not a date", 0, ""),
    ]
    with sqlite3.connect(db_path) as raw:
        raw.executemany(
            "INSERT INTO sessions (routine_id, routine_name, areas, started_utc, utc_offset_s,"
            " local_date) VALUES ('desk-5', 'Desk', 'neck', ?, ?, ?)",
            rows,
        )
    starts = [record.started_at for record in store.sessions()]
    assert starts == [  # in the order of the stored text
        datetime(1, 1, 1, tzinfo=UTC),  # kept in UTC: the offset would leave the calendar
        datetime(2026, 3, 1, 9, tzinfo=UTC),
        datetime(999, 6, 1, tzinfo=UTC),
        datetime(9999, 12, 31, 23, tzinfo=UTC),
        datetime(1970, 1, 1, tzinfo=UTC),  # no date at all
    ]
    assert len(store.overview(date(2026, 3, 1)).recent) == 5


def test_streamed_sessions_are_the_same_as_the_list(store: HistoryStore, routine: Routine) -> None:
    for hour in range(12):
        store.begin(routine, datetime(2026, 3, 1, hour, tzinfo=UTC), 3)
    assert list(store.stream_sessions(chunk=5)) == store.sessions()
    since = date(2026, 3, 2)
    assert list(store.stream_sessions(since, chunk=5)) == store.sessions(since) == []


def test_the_page_check_runs_at_most_once_a_day(db_path: Path, routine: Routine) -> None:
    with HistoryStore.open(db_path):
        pass
    stamp = db_path.with_name("history.sqlite3.checked")
    assert checked_today(db_path)
    day, _device, inode = stamp.read_text().split()
    assert day == date.today().isoformat()
    assert int(inode) == db_path.stat().st_ino
    stamp.write_text(stamp.read_text().replace(day, "2001-01-01"))
    assert not checked_today(db_path)
    with HistoryStore.open(db_path):
        pass
    assert checked_today(db_path)


@pytest.mark.skipif(not hasattr(os, "nice"), reason="a process's priority is os.nice's")
def test_the_page_check_yields_the_cpu_in_a_process_of_its_own(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A thread of this process at the lowest priority held the interpreter's lock while it
    # waited for a core, and the event loop waited with it.
    answers: list[dict[str, object]] = []
    run = history_file.run_page_check

    def run_and_note(path: Path) -> dict[str, object] | None:
        answer = run(path)
        assert answer is not None
        answers.append(answer)
        return answer

    monkeypatch.setattr(history_file, "run_page_check", run_and_note)
    monkeypatch.setattr(history_file, "CHECK_HERE_BYTES", 0)  # as for a large history
    with HistoryStore.open(db_path):
        pass
    assert len(answers) == 1
    assert answers[0]["rows"] == ["ok"]
    assert answers[0]["pid"] != os.getpid()
    assert answers[0]["nice"] == 19
    assert os.nice(0) < 19  # this process keeps its own
    with HistoryStore.open(db_path):  # the same day: no second check
        pass
    assert len(answers) == 1


def test_a_small_file_is_checked_without_another_process(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with HistoryStore.open(db_path):
        pass
    monkeypatch.setattr(history_file, "run_page_check", lambda path: pytest.fail("started"))
    assert history_file.quick_check_aside(db_path) == ["ok"]
    monkeypatch.setattr(history_file, "CHECK_HERE_BYTES", db_path.stat().st_size - 1)
    with pytest.raises(pytest.fail.Exception, match="started"):
        history_file.quick_check_aside(db_path)


def test_the_page_check_tells_sqlites_error_as_sqlite_raised_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_file, "CHECK_HERE_BYTES", 0)  # in another process too
    path = tmp_path / "not-a-database.sqlite3"
    path.write_bytes(b"these are not the pages of a database" * 200)
    with pytest.raises(sqlite3.DatabaseError, match="not a database") as raised:
        history_file.quick_check_aside(path)
    assert raised.value.sqlite_errorcode & 0xFF == 26  # SQLITE_NOTADB: the file is set aside


def test_the_page_check_runs_here_where_no_other_python_can(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with HistoryStore.open(db_path):
        pass
    monkeypatch.setattr(sys, "executable", "")
    monkeypatch.setattr(history_file, "CHECK_HERE_BYTES", 0)
    assert history_file.run_page_check(db_path) is None
    assert history_file.quick_check_aside(db_path) == ["ok"]
