"""Each case of issue 15, ten times, with real processes on real history files.

(a) A process holds the history open through its writer thread, as the app's completion
    screen does, while other processes run `history`, `history import` and `start --plain`
    on the same file; then it saves a rating, tags and a note: all of them are on disk.
(b) A healthy file under readers and writers starting at once, each checking every page,
    is never set aside.
(c) Four `start --plain` copies starting at once on a damaged file set it aside once, and
    every copy's session lands.
(d) A `--plain` session run while another process holds the write lock (as a large import
    did, in one transaction) lands, and its clock goes on: the step after the first is
    printed while the lock is still held, and the printed clock never goes back.

Every repetition has its own folders (so a failure names one repetition); repetitions run a
few at a time to keep the module short on two cores. No timed assertions: the processes
are ordered by what they print.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

REPEATS = 10
AT_ONCE = 5  # repetitions running at the same time
WAIT_S = 60  # the longest any one process may take on a loaded machine

# 2 s in all: two steps of 1 s, nothing to get ready (so --plain prints three clock lines).
ROUTINE = """\
name = "Three seconds"
areas = ["feet", "legs"]
lead_in = 0

[[steps]]
name = "Toe spread"
kind = "mobility"
duration = 1
instructions = "Spread your toes wide, then relax them."

[[steps]]
name = "Ankle circles"
kind = "mobility"
duration = 1
instructions = "Draw slow circles with one ankle."
"""

# The app's completion screen in a process of its own: a HistoryWriter (the one thread that
# writes) holds the file open from the session's start to its last note.
HOLDER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timezone
    from knotsession.core.history import HistoryStore
    from knotsession.core.history_writer import HistoryWriter
    from knotsession.core.routine import Routine, Step

    routine = Routine(id="held", name="Held open", areas=("neck",), steps=(Step("Tilt", 10),))
    writer = HistoryWriter(HistoryStore.open)
    ticket, begun = writer.begin(routine, datetime(2026, 3, 2, 9, tzinfo=timezone.utc), 1)
    begun.result()
    writer.progress(ticket, duration_s=10.0, steps_done=1, completed=True).result()
    print("ready", flush=True)
    sys.stdin.readline()
    for saved in (
        writer.set_tension_after(ticket, 10),
        writer.set_tags(ticket, ["long call", "laptop on sofa"]),
        writer.set_note(ticket, sys.argv[1]),
    ):
        saved.result()  # acknowledged: committed
    print("saved", flush=True)
    sys.stdin.readline()
    writer.close()
    """
)

# Holds the write lock the way a large import in one transaction did, until told to let go.
LOCK_HOLDER = textwrap.dedent(
    """
    import sqlite3, sys
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    db.execute("UPDATE sessions SET note = 'import in progress' WHERE routine_id = 'seed'")
    print("locked", flush=True)
    sys.stdin.readline()
    db.execute("COMMIT")
    print("released", flush=True)
    """
)

# An open that checks every page, as a copy starting for the first time today does.
CHECKED_OPEN = textwrap.dedent(
    """
    from knotsession.core.history import HistoryStore
    store = HistoryStore.open()
    print(store.notice or "sound", flush=True)
    print(len(store.sessions()), flush=True)
    store.close()
    """
)

_CLOCK = re.compile(r"^\[(\d+):(\d\d)\] ")


class Home:
    """One repetition's HOME and XDG folders, the routine, and a way to run knotsession."""

    def __init__(self, root: Path, routines: Path) -> None:
        self.root = root
        self.routines = routines
        self.env = {
            **os.environ,
            "HOME": str(root),
            "XDG_CONFIG_HOME": str(root / "config"),
            "XDG_DATA_HOME": str(root / "data"),
            "XDG_CACHE_HOME": str(root / "cache"),
            "LANG": "C.UTF-8",
        }
        self.data = root / "data" / "knotsession"
        self.data.mkdir(parents=True)
        (self.data / "safety-note-seen").touch()
        self.db = self.data / "history.sqlite3"

    def knotsession(self, *arguments: str) -> subprocess.Popen[str]:
        """`knotsession ARGUMENTS` as a process of its own, its output in pipes."""
        return self.python("-m", "knotsession", *arguments)

    def plain(self) -> subprocess.Popen[str]:
        """A 2-second `start --plain` session, muted (no sound device on a test machine)."""
        return self.knotsession(
            "--routines", str(self.routines), "start", "desk-5", "--plain", "--mute"
        )

    def python(
        self, *arguments: str, stdin: int | None = subprocess.DEVNULL
    ) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, *arguments],
            env=self.env,
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def rows(self, sql: str) -> list[tuple]:
        """Rows read by a fresh connection, as a later run would read them."""
        with sqlite3.connect(self.db) as check:
            return check.execute(sql).fetchall()

    def assert_sound(self) -> None:
        """Nothing set aside, and SQLite finds the file intact."""
        assert sorted(p.name for p in self.data.iterdir() if ".corrupt" in p.name) == []
        assert self.rows("PRAGMA integrity_check") == [("ok",)]


def finish(process: subprocess.Popen[str]) -> tuple[str, str]:
    """Its stdout and stderr once it ended by itself with exit code 0."""
    out, err = process.communicate(timeout=WAIT_S)
    assert process.returncode == 0, (process.args, out, err)
    return out, err


def assert_did_well(process: subprocess.Popen[str]) -> list[str]:
    """A --plain session that ran to its end, said so and told no trouble; its lines."""
    out, err = finish(process)
    assert "Well done." in out
    assert err == ""
    return out.splitlines()


def repeat(case: Callable[[int], None]) -> None:
    """Run `case(0)` .. `case(9)`, a few at a time; every repetition must pass."""
    with ThreadPoolExecutor(AT_ONCE) as pool:
        outcomes = list(pool.map(_outcome(case), range(REPEATS)))
    failed = [f"repetition {n}: {outcome!r}" for n, outcome in enumerate(outcomes) if outcome]
    assert failed == []


def _outcome(case: Callable[[int], None]) -> Callable[[int], BaseException | None]:
    def run(number: int) -> BaseException | None:
        try:
            case(number)
        except BaseException as error:  # reported with its repetition's number
            return error
        return None

    return run


@pytest.fixture
def homes(tmp_path: Path) -> Callable[[int], Home]:
    """`homes(n)`: repetition n's own folders, with the 2-second desk-5 routine."""
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "desk-5.toml").write_text(ROUTINE, encoding="utf-8")
    return lambda number: Home(tmp_path / f"home{number}", routines)


def import_csv(folder: Path, rows: int, first_day: int = 1) -> Path:
    """A CSV of `rows` completed neck sessions, one an hour from 2025-01-`first_day`."""
    lines = ["started_at,routine_id,duration_s,completed,areas"]
    for number in range(rows):
        day, hour = divmod(number, 24)
        lines.append(f"2025-01-{first_day + day:02d}T{hour:02d}:00:00+00:00,imported,60,true,neck")
    path = folder / "import.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- (a) the lost rating ------------------------------------------------------------------


def test_a_rating_tags_and_note_survive_other_commands_ten_times(homes) -> None:
    def case(number: int) -> None:
        home = homes(number)
        csv_file = import_csv(home.root, 48)
        note = f"kept {number}"
        holder = home.python("-c", HOLDER, note, stdin=subprocess.PIPE)
        assert holder.stdin is not None and holder.stdout is not None
        try:
            assert holder.stdout.readline() == "ready\n"
            # The other terminal: read, import and record, all while the holder has it open.
            others = [
                home.knotsession("history"),
                home.knotsession("history", "import", str(csv_file)),
                home.plain(),
            ]
            shown, imported, _ = (finish(process)[0] for process in others)
            assert "  held  " in shown  # its row was there to read
            assert imported.startswith("Imported 48 sessions from ")
            holder.stdin.write("\n")
            holder.stdin.flush()
            assert holder.stdout.readline() == "saved\n"
            # Acknowledged, the holder still running: on disk for any other reader now.
            expected = [(10, '["long call","laptop on sofa"]', note)]
            query = "SELECT tension_after, tags, note FROM sessions WHERE routine_id = 'held'"
            assert home.rows(query) == expected
        finally:
            holder.stdin.close()
            holder.wait(timeout=WAIT_S)
        assert holder.returncode == 0
        assert home.rows(query) == expected  # and after it closed
        assert home.rows("SELECT COUNT(*) FROM sessions WHERE routine_id = 'imported'") == [(48,)]
        assert home.rows(
            "SELECT completed, steps_done FROM sessions WHERE routine_id = 'desk-5'"
        ) == [(1, 2)]
        home.assert_sound()

    repeat(case)


# --- (b) a healthy file is never set aside ------------------------------------------------


def seed(home: Home, sessions: int = 72) -> None:
    """A sound history of `sessions` completed sessions, written by this process."""
    from datetime import UTC, datetime, timedelta

    from knotsession.core.history import HistoryStore
    from knotsession.core.records import SessionRecord

    first = datetime(2024, 6, 1, 8, tzinfo=UTC)
    records = [
        SessionRecord(0, "seed", "Seed", ("neck",), first + timedelta(days=n), 300.0, True, 4, 4)
        for n in range(sessions)
    ]
    with HistoryStore.open(home.db) as store:
        store.import_rows(records)


def test_a_healthy_file_under_readers_and_writers_is_never_set_aside_ten_times(homes) -> None:
    def case(number: int) -> None:
        home = homes(number)
        seed(home)
        csv_file = import_csv(home.root, 24, first_day=number + 1)
        home.db.with_name("history.sqlite3.checked").unlink()  # every open checks every page
        processes = [
            home.python("-c", CHECKED_OPEN),
            home.plain(),
            home.knotsession("history", "--json"),
            home.knotsession("history", "import", str(csv_file)),
        ]
        outputs = [finish(process) for process in processes]
        assert [err for _, err in outputs] == [""] * len(processes)  # no notice from anyone
        assert outputs[0][0].split("\n")[0] == "sound"
        assert "Well done." in outputs[1][0]
        assert outputs[2][0].startswith('{"sessions":[')
        assert outputs[3][0].startswith("Imported 24 sessions from ")
        home.assert_sound()
        assert home.rows("SELECT routine_id, COUNT(*) FROM sessions GROUP BY 1 ORDER BY 1") == [
            ("desk-5", 1),
            ("imported", 24),
            ("seed", 72),
        ]

    repeat(case)


# --- (c) copies starting at once on a damaged file ----------------------------------------

DAMAGED = b"this is not a database\n" * 100


def test_four_copies_on_a_damaged_file_set_it_aside_once_and_all_land_ten_times(homes) -> None:
    def case(number: int) -> None:
        home = homes(number)
        home.db.write_bytes(DAMAGED)
        copies = [home.plain() for _ in range(4)]
        outputs = [finish(copy) for copy in copies]
        assert all("Well done." in out for out, _ in outputs)
        told = sorted(err for _, err in outputs)
        assert told[:3] == ["", "", ""]  # the others found the new file sound
        assert told[3].startswith("knotsession: The history file was damaged")
        (aside,) = home.data.glob("history.sqlite3.corrupt-*")  # one file set aside, no more
        assert str(aside) in told[3]
        assert aside.read_bytes() == DAMAGED
        assert home.rows("SELECT completed, steps_done FROM sessions") == [(1, 2)] * 4
        assert home.rows("PRAGMA integrity_check") == [("ok",)]

    repeat(case)


# --- (d) a session while another process holds the write lock -----------------------------


def clocks(lines: list[str]) -> list[int]:
    """The seconds of each `[m:ss]` line --plain printed, in order."""
    found = (_CLOCK.match(line) for line in lines)
    return [int(m.group(1)) * 60 + int(m.group(2)) for m in found if m]


def test_a_session_lands_and_its_clock_goes_on_while_the_lock_is_held_ten_times(homes) -> None:
    def case(number: int) -> None:
        home = homes(number)
        seed(home, sessions=1)
        holder = home.python("-c", LOCK_HOLDER, str(home.db), stdin=subprocess.PIPE)
        assert holder.stdin is not None and holder.stdout is not None
        try:
            assert holder.stdout.readline() == "locked\n"
            plain = home.plain()
            assert plain.stdout is not None
            seen: list[str] = []
            while not any("Step 2/2" in line for line in seen):  # the clock went on
                line = plain.stdout.readline()
                assert line, seen  # it ended before its second step
                seen.append(line.rstrip("\n"))
            holder.stdin.write("\n")
            holder.stdin.flush()
            assert holder.stdout.readline() == "released\n"
            lines = seen + assert_did_well(plain)
        finally:
            holder.stdin.close()
            holder.wait(timeout=WAIT_S)
        assert lines[-1].endswith("Done: Three seconds, 2 of 2 steps. Well done.")
        seconds = clocks(lines)
        assert len(seconds) == 3 and seconds == sorted(seconds)  # it never went back
        assert home.rows(
            "SELECT completed, steps_done FROM sessions WHERE routine_id = 'desk-5'"
        ) == [(1, 2)]
        assert home.rows("SELECT note FROM sessions WHERE routine_id = 'seed'") == [
            ("import in progress",)
        ]
        home.assert_sound()

    repeat(case)
