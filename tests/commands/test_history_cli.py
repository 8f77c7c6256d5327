"""`knotsession history`: the summary, JSON and CSV export, CSV import, and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from knotsession import paths
from knotsession.cli import build_parser
from knotsession.commands import history as command
from knotsession.core.history import HistoryStore, SessionRecord

TODAY = date(2026, 3, 11)  # a Wednesday
EST = timezone(timedelta(hours=-5))
TOKYO = timezone(timedelta(hours=9))


def run(argv: list[str], today: date = TODAY) -> int:
    return command.run(build_parser().parse_args(["history", *argv]), today=today)


def record(started_at: datetime, routine_id: str = "desk-5", **fields: object) -> SessionRecord:
    values: dict[str, object] = {
        "id": 0,
        "routine_id": routine_id,
        "routine_name": "Desk reset",
        "areas": ("neck", "shoulders"),
        "started_at": started_at,
        "duration_s": 300.0,
        "completed": True,
        "steps_done": 5,
        "steps_total": 5,
    }
    values.update(fields)
    return SessionRecord(**values)  # type: ignore[arg-type]


@pytest.fixture
def seeded() -> list[SessionRecord]:
    records = [
        record(datetime(2026, 3, 10, 8, 15, tzinfo=EST), tension_before=7, tension_after=3),
        record(
            datetime(2026, 3, 10, 23, 50, tzinfo=TOKYO),
            "neck-release",
            routine_name="Neck release",
            areas=("neck",),
            duration_s=95.5,
            completed=False,
            steps_done=2,
            steps_total=6,
            tags=("long call",),
        ),
        record(datetime(2026, 3, 11, 7, 0, tzinfo=UTC), duration_s=330.25, note="left side"),
    ]
    with HistoryStore.open() as store:
        store.import_rows(records)
    return records


def test_summary_shows_streaks_week_areas_and_recent_sessions(
    seeded: list[SessionRecord], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "Streak: 2 days (longest 2)",
        "This week: 2 sessions, 11 min",
        "All time: 2 sessions, 11 min",
        "Last 30 days by area: neck 5 min, shoulders 5 min",
        "Tension change: desk-5 -4.0 (1 session)",
        "Triggers (tension after a session, with the tag and without):",
        "  long call: 1 session",
        "",
        "Recent sessions:",
        "  2026-03-11 07:00  desk-5                 5:30  completed",
        "  2026-03-10 23:50  neck-release           1:36  not counted 2/6",
        "  2026-03-10 08:15  desk-5                 5:00  completed  tension 7 -> 3",
    ]


def test_summary_with_no_sessions(capsys: pytest.CaptureFixture[str]) -> None:
    assert run([]) == 0
    assert capsys.readouterr().out == "No sessions yet. Start one with: knotsession start desk-5\n"


def test_json_has_sessions_streak_and_totals(
    seeded: list[SessionRecord], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["sessions"][1] == {
        "id": 2,
        "routine_id": "neck-release",
        "routine_name": "Neck release",
        "areas": ["neck"],
        "started_at": "2026-03-10T23:50:00+09:00",
        "duration_s": 95.5,
        "completed": False,
        "steps_done": 2,
        "steps_total": 6,
        "tension_before": None,
        "tension_after": None,
        "note": None,
        "tags": ["long call"],
    }
    assert [s["started_at"] for s in document["sessions"]] == [
        "2026-03-10T08:15:00-05:00",
        "2026-03-10T23:50:00+09:00",
        "2026-03-11T07:00:00Z",
    ]
    del document["sessions"]
    assert document == {
        "streak": {"current": 2, "longest": 2},
        "this_week": {"sessions": 2, "minutes": 10.5},
        "total": {"sessions": 2, "minutes": 10.5},
        "minutes_by_area_30d": {"neck": 5.3, "shoulders": 5.3},
        "tension_change_by_routine": [
            {
                "routine_id": "desk-5",
                "routine_name": "Desk reset",
                "average_change": -4.0,
                "sessions": 1,
            }
        ],
        "common_tags": [{"tag": "long call", "sessions": 1}],
        "triggers": [
            {
                "tag": "long call",
                "sessions": 1,
                "average_tension_with": None,  # its one session was not rated after
                "average_tension_without": 3.0,
            }
        ],
    }


def test_since_keeps_sessions_from_that_local_date(
    seeded: list[SessionRecord], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--json", "--since", "2026-03-11"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in document["sessions"]] == [3]
    assert document["streak"] == {"current": 2, "longest": 2}


@pytest.mark.parametrize("since", ["2026-13-01", "yesterday", "20260301", "2026-03-01\n"])
def test_a_bad_since_is_one_line_and_exit_2(since: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--since", since]) == 2
    captured = capsys.readouterr()
    escaped = since.replace("\n", "\\x0a")  # one line: a line break is shown escaped
    assert captured.err == (
        f"knotsession: --since '{escaped}' is not a date; write it as YYYY-MM-DD\n"
    )
    assert captured.out == ""


def test_csv_has_the_documented_columns_first(
    seeded: list[SessionRecord], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--csv"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "started_at,routine_id,duration_s,completed,areas,routine_name,steps_done,steps_total,"
        "tension_before,tension_after,note,tags",
        "2026-03-10T08:15:00-05:00,desk-5,300,true,neck;shoulders,Desk reset,5,5,7,3,,",
        "2026-03-10T23:50:00+09:00,neck-release,95.5,false,neck,Neck release,2,6,,,,long call",
        "2026-03-11T07:00:00+00:00,desk-5,330.25,true,neck;shoulders,Desk reset,5,5,,,left side,",
    ]


def test_csv_cells_that_a_spreadsheet_would_run_are_escaped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    risky = record(
        datetime(2026, 3, 9, 8, 15, tzinfo=UTC),
        "-odd-one",
        routine_name='=HYPERLINK("http://x","click")',
        note="+1 call; @boss",
        tags=("@home",),
    )
    quoted = record(datetime(2026, 3, 9, 9, tzinfo=UTC), routine_name="'twas fine", note="-")
    with HistoryStore.open() as store:
        store.import_rows([risky, quoted])
    assert run(["--csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "2026-03-09T08:15:00+00:00,'-odd-one,300,true,neck;shoulders,"
        '"\'=HYPERLINK(""http://x"",""click"")",5,5,,,\'+1 call; @boss,\'@home',
        "2026-03-09T09:00:00+00:00,desk-5,300,true,neck;shoulders,''twas fine,5,5,,,'-,",
    ]


def move_data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return folder


def test_import_reads_what_export_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [
        record(
            datetime(2026, 3, 8, 1, 30, tzinfo=timezone(timedelta(hours=-5))),
            "-odd-one",
            routine_name="=SUM(A1:A9)",
            note='line one\nline "two", +3',
            tags=("@home", "long call"),
            tension_before=8,
            tension_after=2,
            duration_s=61.125,
        ),
        record(datetime(2026, 3, 8, 3, 30, tzinfo=timezone(timedelta(hours=-4))), note="'quoted"),
        record(datetime(2026, 5, 1, 8, tzinfo=TOKYO), completed=False, steps_done=0, areas=()),
    ]
    with HistoryStore.open() as store:
        store.import_rows(records)
        exported = store.sessions()
    assert run(["--csv"]) == 0
    csv_file = tmp_path / "sessions.csv"
    csv_file.write_text(capsys.readouterr().out)

    move_data_home(tmp_path, monkeypatch, "elsewhere")
    assert run(["import", str(csv_file)]) == 0
    assert capsys.readouterr().out == f"Imported 3 sessions from {csv_file}.\n"
    with HistoryStore.open() as store:
        assert store.sessions() == exported

    assert run(["import", str(csv_file)]) == 0
    assert capsys.readouterr().out == (
        f"Imported 0 sessions from {csv_file} (3 were already in the history).\n"
    )


HEADER = "started_at,routine_id,duration_s,completed,areas,routine_name,note\n"


def test_bad_csv_rows_name_file_and_line_and_the_rest_is_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = tmp_path / "in.csv"
    csv_file.write_text(
        HEADER
        + "2026-03-01T09:00:00+01:00,desk-5,300,true,neck,Desk,fine\n"
        + '2026-03-02T09:00:00+01:00,desk-5,300,true,neck,Desk,"two\nlines"\n'
        + "2026-03-03 09:00,desk-5,300,true,neck,Desk,\n"
        + "\n"
        + "2026-03-04T09:00:00+01:00,Desk 5,300,true,neck,Desk,\n"
        + "2026-03-05T09:00:00+01:00,desk-5,-3,true,neck,Desk,\n"
        + "2026-03-06T09:00:00+01:00,desk-5,abc,true,neck,Desk,\n"
        + "2026-03-07T09:00:00+01:00,desk-5,300,yes,neck,Desk,\n"
        + "2026-03-08T09:00:00+01:00,desk-5,300,true,nek;hips,Desk,\n"
        + "2026-03-09T09:00:00+01:00,desk-5,300,true,neck,Desk,note,extra\n"
        + "0999-06-01T09:00:00+00:00,desk-5,300,true,neck,Desk,\n"
        + "2099-06-01T09:00:00+00:00,desk-5,300,true,neck,Desk,\n"
        + "0001-01-01T00:00:00+05:00,desk-5,300,true,neck,Desk,\n"
        + "9999-12-31T23:00:00-05:00,desk-5,300,true,neck,Desk,\n"
        + "2026-03-10T09:00:00+01:00,desk-5\n"
        + '2026-03-11T09:00:00+01:00,desk-5,300,true,neck,Desk,"'
        + "x" * 200_000
        + '"\n'
        + "2026-03-12T09:00:00+01:00,desk-5,300,true,neck,Desk,"
        + "y" * 10_001
        + "\n"
        + "2026-03-13T09:00:00+01:00,desk-5,300,true,neck,Desk,last\n"
    )
    assert run(["import", str(csv_file)]) == 1
    captured = capsys.readouterr()
    assert captured.out == (f"Imported 3 sessions from {csv_file}; 14 bad rows were left out.\n")
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%d")
    out_of_range = "is out of range: sessions start between 1970-01-01 and"
    assert captured.err.splitlines() == [
        f"{csv_file}:5: started_at '2026-03-03 09:00' is not a date and time with a UTC offset,"
        " e.g. 2026-03-08T09:15:00-05:00",
        f"{csv_file}:7: routine_id 'Desk 5' is not a routine id (a-z, 0-9 and -)",
        f"{csv_file}:8: duration_s must be 0..86400 seconds, got -3",
        f"{csv_file}:9: duration_s 'abc' is not a number of seconds",
        f"{csv_file}:10: completed must be true or false, got 'yes'",
        f"{csv_file}:11: areas: unknown body area 'nek'; did you mean 'neck'?",
        f"{csv_file}:12: 8 cells, but only 7 columns",
        *(
            f"{csv_file}:{line}: started_at '{text}' {out_of_range} {tomorrow}"
            for line, text in [
                (13, "0999-06-01T09:00:00+00:00"),
                (14, "2099-06-01T09:00:00+00:00"),
                (15, "0001-01-01T00:00:00+05:00"),
                (16, "9999-12-31T23:00:00-05:00"),
            ]
        ),
        f"{csv_file}:17: 2 cells: no duration_s, completed, areas",
        f"{csv_file}:18: cannot be read as CSV (field larger than field limit (131072))",
        f"{csv_file}:19: note is 10,001 characters; at most 10,000",
    ]
    with HistoryStore.open() as store:
        notes = [record.note for record in store.sessions()]
    assert notes == ["fine", "two\nlines", "last"]


def test_tension_and_steps_are_checked_on_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = tmp_path / "in.csv"
    csv_file.write_text(
        "started_at,routine_id,duration_s,completed,areas,steps_done,steps_total,tension_before\n"
        "2026-03-01T09:00:00Z,desk-5,300,true,neck,4,3,\n"
        "2026-03-01T10:00:00Z,desk-5,300,true,neck,1,3,11\n"
    )
    assert run(["import", str(csv_file)]) == 1
    assert capsys.readouterr().err.splitlines()[:2] == [
        f"{csv_file}:2: steps_done (4) is more than steps_total (3)",
        f"{csv_file}:3: tension_before must be empty or a whole number 0-10, got '11'",
    ]


@pytest.mark.parametrize(
    ("first_line", "message"),
    [
        (
            "started_at,routine_id,duration_s,completed",
            "missing column 'areas'; the first line must name at least"
            " started_at,routine_id,duration_s,completed,areas",
        ),
        (
            "started_at,routine,duration_s,completed,areas",
            "unknown column 'routine'; did you mean 'routine_id'?",
        ),
    ],
)
def test_a_bad_header_is_reported_on_line_1(
    first_line: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = tmp_path / "in.csv"
    csv_file.write_text(first_line + "\n")
    assert run(["import", str(csv_file)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == f"{csv_file}:1: {message}"


def test_import_of_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["import", str(tmp_path / "nope.csv")]) == 1
    assert capsys.readouterr().err == f"knotsession: {tmp_path / 'nope.csv'}: no such file\n"


def test_import_without_a_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["import"]) == 2
    assert capsys.readouterr().err == "knotsession: history import needs a CSV file to read\n"


def test_a_damaged_history_is_reported_once_and_a_new_one_started(
    capsys: pytest.CaptureFixture[str],
) -> None:
    paths.history_file().parent.mkdir(parents=True)
    paths.history_file().write_text("garbage")
    assert run([]) == 0
    captured = capsys.readouterr()
    (aside,) = paths.data_dir().glob("history.sqlite3.corrupt-*")
    assert captured.err == (
        f"knotsession: The history file was damaged (file is not a database); it was moved to"
        f" {aside} and a new one was started. To go back to it, quit knotsession and rename"
        " it to history.sqlite3.\n"
    )
    assert captured.out == "No sessions yet. Start one with: knotsession start desk-5\n"


def test_history_json_as_a_real_process(seeded: list[SessionRecord]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "knotsession", "history", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    document = json.loads(done.stdout)
    assert [s["routine_id"] for s in document["sessions"]] == ["desk-5", "neck-release", "desk-5"]
    assert document["streak"]["longest"] == 2


@pytest.mark.parametrize("count", [0, 1, 3, 7])
def test_streamed_json_is_the_whole_document_written_at_once(count: int) -> None:
    import io

    import msgspec

    from knotsession.core import stats

    start = datetime(2026, 3, 1, 8, tzinfo=UTC)
    sessions = [
        record(start + timedelta(hours=n), tags=("long call",), note="a\u202eb" if n == 1 else None)
        for n in range(count)
    ]
    overview = stats.overview(sessions, TODAY)
    whole = command.shown_json(
        msgspec.json.encode(command.json_document(overview, sessions)).decode()
    )
    out = io.StringIO()
    command.write_json(overview, iter(sessions), out, chunk=2)
    assert out.getvalue() == whole + "\n"
    assert len(json.loads(out.getvalue())["sessions"]) == count
