"""Many processes on one history file: a write acknowledged by one process survives
another process opening, reading and closing the same file (real processes, real SQLite)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

from knotsession.core import history_file
from knotsession.core.history import HistoryStore

# A process that keeps a write connection open, opens and closes a second store on the same
# file (as the app's history screen does), waits while another process reads the file, then
# writes a rating. Before the fix, the second open's os.open/os.close dropped the first
# connection's POSIX locks: the other process checkpointed and deleted the WAL, and the
# rating went into a deleted file.
WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timezone
    from pathlib import Path
    from knotsession.core.history import HistoryStore
    from knotsession.core.routine import Routine, Step

    path = Path(sys.argv[1])
    routine = Routine(id="desk-5", name="Desk reset", areas=("neck",), steps=(Step("Tilt", 10),))
    store = HistoryStore.open(path)
    session_id = store.begin(routine, datetime(2026, 3, 2, 9, tzinfo=timezone.utc), 1)
    HistoryStore.open(path).close()
    print("ready", flush=True)
    sys.stdin.readline()
    store.set_tension_after(session_id, 5)
    store.set_note(session_id, "kept")
    print("saved", flush=True)
    sys.stdin.readline()
    """
)


def test_a_rating_survives_another_process_reading_the_history(db_path: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None and writer.stdin is not None
    try:
        assert writer.stdout.readline() == "ready\n"
        reader = "from knotsession.core.history import HistoryStore; import sys;"
        reader += "s = HistoryStore.open(__import__('pathlib').Path(sys.argv[1])); s.sessions(); s.close()"
        subprocess.run([sys.executable, "-c", reader, str(db_path)], check=True)
        writer.stdin.write("\n")
        writer.stdin.flush()
        assert writer.stdout.readline() == "saved\n"
        # The writer still runs, its connection open: what it wrote must be readable now.
        with sqlite3.connect(db_path) as check:
            row = check.execute("SELECT tension_after, note FROM sessions").fetchall()
        assert row == [(5, "kept")]
    finally:
        writer.stdin.close()
        writer.wait(timeout=30)
    with sqlite3.connect(db_path) as check:
        assert check.execute("SELECT tension_after, note FROM sessions").fetchall() == [(5, "kept")]
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)


OPEN_AND_WRITE = textwrap.dedent(
    """
    import sys, time
    from datetime import datetime, timezone
    from pathlib import Path
    from knotsession.core.history import HistoryStore
    from knotsession.core.routine import Routine, Step

    path, number, start_at = Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    routine = Routine(id="desk-5", name="Desk reset", areas=("neck",), steps=(Step("Tilt", 10),))
    time.sleep(max(0.0, start_at - time.time()))  # all at once
    store = HistoryStore.open(path)
    store.begin(routine, datetime(2026, 3, 2, 9, number, tzinfo=timezone.utc), 1)
    print(store.notice or "", flush=True)
    store.close()
    """
)


def test_copies_starting_at_once_on_a_damaged_file_set_aside_only_that_file(
    db_path: Path,
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is not a database\n" * 100)
    start_at = time.time() + 2.0
    copies = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_AND_WRITE, str(db_path), str(n), str(start_at)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    notices = [copy.communicate(timeout=60)[0].strip() for copy in copies]
    (aside,) = db_path.parent.glob("history.sqlite3.corrupt-*")  # one file set aside, no more
    assert aside.read_bytes() == b"this is not a database\n" * 100
    assert sorted(notices)[:3] == ["", "", ""]  # the others found the new file sound
    assert sorted(notices)[3].startswith("The history file was damaged")
    with sqlite3.connect(db_path) as check:
        assert check.execute("SELECT COUNT(*) FROM sessions").fetchone() == (4,)
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_sound_file_is_not_set_aside_when_a_first_look_saw_damage(db_path: Path) -> None:
    from knotsession.core.history import HistoryStore
    from knotsession.core.history_file import confirm_damage, identity

    HistoryStore.open(db_path).close()
    # A first look may fail for a passing reason; the check under the lock finds it sound.
    assert confirm_damage(db_path, identity(db_path)) is None
    # And a file other than the one seen damaged (another process replaced it) is left alone.
    assert confirm_damage(db_path, (0, 0, 0, 0)) is None


def test_a_file_moved_aside_just_after_it_was_found_is_made_again(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """Another copy sets a damaged file aside between this one finding the file there and
    making it private: this one makes the new file instead of giving up on the history."""
    path = tmp_path / "data" / "history.sqlite3"
    path.parent.mkdir()
    path.write_bytes(b"this is not a database\n")
    real_chmod = os.chmod
    moved: list[Path] = []

    def chmod_after_a_move(target: Any, mode: int) -> None:
        if not moved:  # the other copy's rename lands just before this chmod
            moved.append(path.rename(path.with_name("history.sqlite3.corrupt-1")))
        real_chmod(target, mode)

    monkeypatch.setattr(history_file.os, "chmod", chmod_after_a_move)
    with HistoryStore.open(path) as store:
        assert store.available and store.notice is None
    assert moved and path.is_file() and path.stat().st_mode & 0o777 == 0o600
