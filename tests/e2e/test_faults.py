"""Faults, with real processes: signals, two instances, an unwritable or damaged history,
a wall clock that jumps. The session runs on and the history keeps what it had."""

from __future__ import annotations

import os
import shlex
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from system_tools import require_tool

from knotsession.core.history import HistoryStore, SessionRecord

QUICK = """\
name = "Quick"
areas = ["neck"]
lead_in = 0

[[steps]]
name = "Tilt"
duration = 1

[[steps]]
name = "Roll"
duration = 1
"""

# Six seconds from a start 5 s before a clock jump: it starts before the jump even if the
# program takes up to 5 s to start on a busy machine, and it always ends after it.
ACROSS = """\
name = "Across"
areas = ["neck"]
lead_in = 0

[[steps]]
name = "Hold"
duration = 6
"""

LONG = """\
name = "Long"
areas = ["neck", "shoulders"]
lead_in = 0

[[steps]]
name = "Hold"
duration = 600
"""


@pytest.fixture
def routines(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "quick.toml").write_text(QUICK)
    (folder / "long.toml").write_text(LONG)
    (folder / "across.toml").write_text(ACROSS)
    return folder


@pytest.fixture
def history_file(isolated_dirs: Path) -> Path:
    return isolated_dirs / ".local" / "share" / "knotsession" / "history.sqlite3"


def plain(routines: Path, routine_id: str, *prefix: str) -> list[str]:
    return [*prefix, sys.executable, "-m", "knotsession", "--routines", str(routines),
            "start", routine_id, "--plain"]  # fmt: skip


def read_rows(path: Path) -> list[tuple]:
    """(routine_id, completed, duration_s) straight from the file, as another program would."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return connection.execute(
            "SELECT routine_id, completed, duration_s FROM sessions ORDER BY id"
        ).fetchall()


def wait_for_row(path: Path, timeout_s: float = 20.0, routine_id: str | None = None) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if path.exists():
            try:
                if any(routine_id in (None, row[0]) for row in read_rows(path)):
                    return
            except sqlite3.OperationalError:
                pass  # the schema is still being written
        time.sleep(0.05)
    raise AssertionError("the session row never appeared")


def start_long(routines: Path, history_file: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        plain(routines, "long"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    wait_for_row(history_file, routine_id="long")  # not an earlier session's row
    time.sleep(1.2)  # let a second of the step pass
    return process


def test_kill_9_leaves_a_not_completed_row_and_an_intact_file(
    routines: Path, history_file: Path
) -> None:
    subprocess.run(plain(routines, "quick"), check=True, capture_output=True)
    process = start_long(routines, history_file)
    process.kill()
    process.wait()
    assert [(r[0], r[1]) for r in read_rows(history_file)] == [("quick", 1), ("long", 0)]


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 143)])
def test_sigterm_and_sighup_stop_and_record_the_time_spent(
    routines: Path, history_file: Path, sig: signal.Signals, code: int
) -> None:
    process = start_long(routines, history_file)
    process.send_signal(sig)
    out, err = process.communicate(timeout=20)
    assert process.returncode == code
    assert out.splitlines()[-1].endswith(
        "Stopped: 0 of 1 steps done (kept in your history as not completed)."
    )
    assert "Traceback" not in err
    [(routine_id, completed, duration_s)] = read_rows(history_file)
    assert (routine_id, completed) == ("long", 0)
    assert duration_s >= 1.0


def test_two_instances_at_once_both_land(routines: Path, history_file: Path) -> None:
    first = subprocess.Popen(plain(routines, "quick"), stdout=subprocess.DEVNULL)
    second = subprocess.Popen(plain(routines, "quick"), stdout=subprocess.DEVNULL)
    assert (first.wait(timeout=30), second.wait(timeout=30)) == (0, 0)
    assert [(r[0], r[1]) for r in read_rows(history_file)] == [("quick", 1), ("quick", 1)]


def test_a_damaged_history_is_set_aside_and_the_session_lands(
    routines: Path, history_file: Path
) -> None:
    history_file.parent.mkdir(parents=True, exist_ok=True)
    history_file.write_bytes(b"this is not a database" * 100)
    result = subprocess.run(plain(routines, "quick"), capture_output=True, text=True)
    assert result.returncode == 0
    aside = list(history_file.parent.glob("history.sqlite3.corrupt-*"))
    assert len(aside) == 1
    assert aside[0].read_bytes().startswith(b"this is not a database")
    assert f"moved to {aside[0]} and a new one was started" in result.stderr
    assert [(r[0], r[1]) for r in read_rows(history_file)] == [("quick", 1)]


def test_a_read_only_data_folder_still_runs_the_session_and_says_so(
    routines: Path, history_file: Path, tmp_path: Path
) -> None:
    """A read-only bind mount (root ignores file modes, so a mount is the honest test)."""
    require_tool("unshare")
    history_file.parent.mkdir(parents=True, exist_ok=True)
    folder = history_file.parent
    before = sorted(folder.iterdir())  # the first-run note's marker, from the fixture
    script = f"mount --bind -o ro {folder} {folder} && exec " + " ".join(plain(routines, "quick"))
    result = subprocess.run(
        ["unshare", "--mount", "sh", "-c", script], capture_output=True, text=True
    )
    if "mount" in result.stderr and result.returncode != 0 and "Done" not in result.stdout:
        pytest.skip(f"no mount namespace here: {result.stderr.strip()}")
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1].endswith("Done: Quick, 2 of 2 steps. Well done.")
    assert "History can't be saved" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(folder.iterdir()) == before  # nothing written


def test_the_start_date_comes_from_the_wall_clock_and_the_time_from_the_monotonic_one(
    routines: Path, history_file: Path
) -> None:
    """Started just before New York's 2026 DST jump and ended after it: the record keeps
    the local start, and the length is the session's, not the wall clock's extra hour."""
    require_tool("faketime")
    env = {**os.environ, "TZ": "America/New_York"}
    result = subprocess.run(
        plain(routines, "across", "faketime", "-f", "@2026-03-08 01:59:55"),
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    with HistoryStore.open(history_file) as store:
        [record] = store.sessions()
    assert record.started_at.isoformat(timespec="minutes") == "2026-03-08T01:59-05:00"
    assert record.completed is True
    assert 5.9 <= record.duration_s <= 6.5


def test_no_network_is_needed(routines: Path, history_file: Path) -> None:
    """In a network namespace with no interfaces up, a session runs and lands as usual."""
    require_tool("unshare")
    result = subprocess.run(
        ["unshare", "--net", *plain(routines, "quick")], capture_output=True, text=True
    )
    if result.returncode != 0 and "unshare" in result.stderr:
        pytest.skip(f"no network namespace here: {result.stderr.strip()}")
    assert result.returncode == 0, result.stderr
    assert [(r[0], r[1]) for r in read_rows(history_file)] == [("quick", 1)]


def test_a_read_only_history_still_shows_and_exports(history_file: Path) -> None:
    """The sessions on a read-only mount are shown and exported; the person is told why
    nothing new can be saved."""
    require_tool("unshare")
    with HistoryStore.open(history_file) as store:
        store.import_rows(
            [
                SessionRecord(
                    0, "desk-5", "Desk", ("neck",),
                    datetime(2026, 3, 1, 9, tzinfo=UTC), 300, True, 4, 4,
                )
            ]
        )  # fmt: skip
    folder = history_file.parent
    knotsession = f"{shlex.quote(sys.executable)} -m knotsession"
    script = (
        f"mount --bind -o ro {folder} {folder} && {knotsession} history --csv"
        f" && {knotsession} history --json"
    )
    result = subprocess.run(
        ["unshare", "--mount", "sh", "-c", script], capture_output=True, text=True
    )
    if "mount" in result.stderr and result.returncode != 0 and "desk-5" not in result.stdout:
        pytest.skip(f"no mount namespace here: {result.stderr.strip()}")
    assert result.returncode == 0, result.stderr
    csv_text, json_text = result.stdout.split("\n{", 1)
    assert csv_text.splitlines()[1].startswith("2026-03-01T09:00:00+00:00,desk-5,300,true,neck")
    assert '"routine_id":"desk-5"' in json_text
    assert "showing the sessions already there" in result.stderr
