"""`knotsession spots --import FILE` and `--csv`: the knot map's marks in and out of a CSV
file, with the history import's rules (FILE:LINE: reason, unsafe text refused, nothing
imported twice, a round trip that keeps every mark)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from knotsession.cli import main
from knotsession.core.history import HistoryStore


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def marks_in_history() -> list[tuple[str, str, str, int]]:
    store = HistoryStore.open_to_read()
    try:
        return [
            (mark.at.isoformat(), mark.day.isoformat(), mark.spot, mark.intensity)
            for mark in store.spot_marks()
        ]
    finally:
        store.close()


GOOD = (
    "marked_at,spot,intensity\n"
    "2026-11-26T08:00:00+01:00,left-rhomboid,8\n"
    "2026-11-26T08:00:00+01:00,neck,5\n"
    "2026-11-27T23:30:00-05:00,left-rhomboid,6\n"
)


def test_import_adds_each_mark_with_its_local_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "marks.csv"
    source.write_text(GOOD)
    code, out, err = run(capsys, "spots", "--import", str(source))
    assert (code, err) == (0, "")
    assert out == f"Imported 3 marked spots from {source}.\n"
    assert marks_in_history() == [
        ("2026-11-26T07:00:00+00:00", "2026-11-26", "left-rhomboid", 8),
        ("2026-11-26T07:00:00+00:00", "2026-11-26", "neck", 5),
        # 23:30 at -05:00 is the next day in UTC; the day is the one where it was marked.
        ("2026-11-28T04:30:00+00:00", "2026-11-27", "left-rhomboid", 6),
    ]


def test_importing_twice_adds_nothing_new(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "marks.csv"
    source.write_text(GOOD)
    run(capsys, "spots", "--import", str(source))
    code, out, _ = run(capsys, "spots", "--import", str(source))
    assert code == 0
    assert out == f"Imported 0 marked spots from {source} (3 were already in the history).\n"
    assert len(marks_in_history()) == 3


def test_export_then_import_elsewhere_keeps_every_mark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "marks.csv"
    source.write_text(GOOD)
    run(capsys, "spots", "--import", str(source))
    code, exported, _ = run(capsys, "spots", "--csv")
    assert code == 0
    assert exported.splitlines()[0] == "marked_at,day,spot,intensity"
    before = marks_in_history()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "elsewhere"))
    again = tmp_path / "exported.csv"
    again.write_text(exported)
    code, out, _ = run(capsys, "spots", "--import", str(again))
    assert (code, out) == (0, f"Imported 3 marked spots from {again}.\n")
    assert marks_in_history() == before


BAD = [
    (
        "2026-11-26T08:00:00+01:00,neckk,3",
        "spot 'neckk' is not a spot on the map (did you mean 'neck'?)",
    ),
    ("2026-11-26T08:00:00+01:00,neck,11", "intensity must be a whole number 0-10, got '11'"),
    ("2026-11-26T08:00:00+01:00,neck,-1", "intensity must be a whole number 0-10, got '-1'"),
    (
        "2026-11-26T08:00:00,neck,3",
        "marked_at '2026-11-26T08:00:00' is not a date and time with a UTC offset,"
        " e.g. 2026-03-08T09:15:00-05:00",
    ),
    (
        "2999-01-01T08:00:00+00:00,neck,3",
        "marked_at '2999-01-01T08:00:00+00:00' is out of range: marks are from 1970-01-01 to",
    ),
    (
        "2026-11-26T08:00:00+01:00,\x1b[31mneck,3",
        "spot holds control or invisible characters (\\x1b)",
    ),
    (
        "2026-11-26T08:00:00+01:00,neck\u202e,3",
        "spot holds control or invisible characters (\\u202e)",
    ),
    ("2026-11-26T08:00:00+01:00,neck,3,extra", "4 cells, but only 3 columns"),
    ("2026-11-26T08:00:00+01:00,neck", "2 cells: no intensity"),
]


@pytest.mark.parametrize(("row", "reason"), BAD, ids=[reason[:30] for _, reason in BAD])
def test_a_bad_row_is_named_by_file_and_line_and_the_rest_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], row: str, reason: str
) -> None:
    source = tmp_path / "marks.csv"
    source.write_text(f"marked_at,spot,intensity\n2026-11-26T08:00:00+01:00,jaw,4\n{row}\n")
    code, out, err = run(capsys, "spots", "--import", str(source))
    assert code == 1
    assert err.startswith(f"{source}:3: {reason}")
    assert err.count("\n") == 1
    assert "\x1b" not in err and "\u202e" not in err
    assert out == f"Imported 1 marked spot from {source}; 1 bad row was left out.\n"
    assert [spot for _, _, spot, _ in marks_in_history()] == ["jaw"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "1: the file is empty; the first line must name the columns"),
        (
            "when,spot,intensity\n",
            "1: unknown column 'when'; known columns: marked_at,day,spot,intensity",
        ),
        (
            "marked_at,intensity\n",
            "1: missing column 'spot'; the first line must name at least marked_at,spot,intensity",
        ),
    ],
)
def test_a_bad_header_stops_the_import_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, reason: str
) -> None:
    source = tmp_path / "marks.csv"
    source.write_text(text)
    code, _, err = run(capsys, "spots", "--import", str(source))
    assert code == 1
    assert err == f"{source}:{reason}\n"


def test_a_day_far_from_the_moment_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "marks.csv"
    source.write_text("marked_at,day,spot,intensity\n2026-11-26T08:00:00+01:00,2026-11-20,neck,3\n")
    code, _, err = run(capsys, "spots", "--import", str(source))
    assert code == 1
    assert err == (
        f"{source}:2: day 2026-11-20 is more than a day away from marked_at"
        " 2026-11-26T08:00:00+01:00\n"
    )


def test_a_missing_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "spots", "--import", str(tmp_path / "nope.csv"))
    assert (code, err) == (1, f"knotsession: {tmp_path / 'nope.csv'}: no such file\n")


def test_imported_marks_feed_the_map(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    today = date.today()
    source = tmp_path / "marks.csv"
    source.write_text(f"marked_at,spot,intensity\n{today.isoformat()}T08:00:00+00:00,jaw,6\n")
    run(capsys, "spots", "--import", str(source))
    code, out, _ = run(capsys, "spots")
    jaw = next(line for line in out.splitlines() if line.startswith("jaw "))
    assert code == 0
    assert jaw.split()[1] == "6"
