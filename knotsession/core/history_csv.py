"""The history's CSV: one session per row, for spreadsheets and round trips.

`write_csv` writes the sessions a stream at a time; `read_rows` reads a file as it goes,
yielding each row's record or a `FILE:LINE: reason` for a bad one (bounded memory for a
million rows). Cells starting with = + - @ (or a tab, a carriage return or a quote) get a
leading `'` so a spreadsheet shows them as text instead of running them; reading takes that
quote off again. Text no one means (control, bidi or invisible characters) is refused.

Pure: no printing; `knotsession history` (commands/history.py) tells the person.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import TextIO, TypeVar

from knotsession.core.history import SessionRecord, normalize_tags
from knotsession.core.routine import BODY_AREAS, ID_PATTERN, did_you_mean
from knotsession.core.text import shown, shown_lines, unsafe_characters

CSV_COLUMNS = (
    "started_at",
    "routine_id",
    "duration_s",
    "completed",
    "areas",
    "routine_name",
    "steps_done",
    "steps_total",
    "tension_before",
    "tension_after",
    "note",
    "tags",
)
REQUIRED_COLUMNS = CSV_COLUMNS[:5]
MAX_DURATION_S = 24 * 3600
MAX_STEPS = 10_000
MAX_CELL_CHARS = 10_000  # a note longer than a few pages is not a note
EARLIEST_START = datetime(1970, 1, 1, tzinfo=UTC)
LATEST_AHEAD = timedelta(days=1)  # a clock a little ahead, or a time zone east of here
_RISKY_FIRST = ("=", "+", "-", "@", "\t", "\r", "'")
_WHOLE = re.compile(r"[0-9]{1,6}")
T = TypeVar("T")


# --- CSV out ------------------------------------------------------------------------------


def escape_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: a leading `'` before = + - @ tab CR or '."""
    return f"'{text}" if text.startswith(_RISKY_FIRST) else text


def unescape_cell(text: str) -> str:
    """The text `escape_cell` was given."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_RISKY_FIRST) else text


def csv_row(record: SessionRecord) -> list[str]:
    """One session as CSV cells, in CSV_COLUMNS order; text cells escaped."""
    return [
        record.started_at.isoformat(),
        escape_cell(record.routine_id),
        _seconds(record.duration_s),
        "true" if record.completed else "false",
        ";".join(record.areas),
        escape_cell(shown(record.routine_name)),
        str(record.steps_done),
        str(record.steps_total),
        "" if record.tension_before is None else str(record.tension_before),
        "" if record.tension_after is None else str(record.tension_after),
        escape_cell(shown_lines(record.note or "")),
        escape_cell(shown(";".join(record.tags))),
    ]


def write_csv(records: Iterable[SessionRecord], out: TextIO) -> None:
    """The header and one row per session."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_row(record) for record in records)


def _seconds(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


# --- CSV in -------------------------------------------------------------------------------


class CsvProblem(Exception):
    """A cell or row that cannot be imported; the message names the column."""


def read_rows(
    handle: TextIO, file: str, now: datetime | None = None
) -> Iterator[SessionRecord | str]:
    """Each row's record, or `FILE:LINE: message` for a bad one, as the file is read."""
    latest = (now or datetime.now(UTC)) + LATEST_AHEAD
    return read_table(
        handle, file, CSV_COLUMNS, REQUIRED_COLUMNS, lambda values: _record(values, latest)
    )


def read_table(
    handle: TextIO,
    file: str,
    known: tuple[str, ...],
    required: tuple[str, ...],
    make: Callable[[dict[str, str]], T],
) -> Iterator[T | str]:
    """Each row made into an item by `make` (from its cells by column name; CsvProblem for
    a bad one), or `FILE:LINE: message`, as the file is read. The header names the columns,
    from `known`, with every one of `required`."""
    rows = numbered_rows(handle)
    first = next(rows, None)
    if first is None:
        yield f"{file}:1: the file is empty; the first line must name the columns"
        return
    header_line, header = first
    if isinstance(header, str):
        yield f"{file}:{header_line}: {header}"
        return
    columns = [unescape_cell(name.strip()) for name in header]
    problem = _header_problem(columns, known, required)
    if problem:
        yield f"{file}:{header_line}: {problem}"
        return
    for line, cells in rows:
        try:
            yield make(_values(columns, cells, required))
        except CsvProblem as error:
            yield f"{file}:{line}: {error}"


def _values(
    columns: list[str], cells: list[str] | str, required: tuple[str, ...]
) -> dict[str, str]:
    """A row's cells by column name; CsvProblem for a row too short, too long or too big."""
    if isinstance(cells, str):
        raise CsvProblem(cells)
    if len(cells) > len(columns):
        raise CsvProblem(f"{len(cells)} cells, but only {len(columns)} columns")
    values = dict(zip(columns, [unescape_cell(c) for c in cells], strict=False))
    missing = [name for name in required if name not in values]
    if missing:
        raise CsvProblem(f"{len(cells)} cells: no {', '.join(missing)}")
    for name, text in values.items():
        if len(text) > MAX_CELL_CHARS:
            raise CsvProblem(f"{name} is {len(text):,} characters; at most {MAX_CELL_CHARS:,}")
    return values


def numbered_rows(handle: TextIO) -> Iterator[tuple[int, list[str] | str]]:
    """(line where the row starts, cells or what is wrong with it), skipping blank lines; a
    quoted cell may span lines. A cell over the csv module's limit is told, and reading goes
    on with the next line."""
    reader = csv.reader(handle)
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield line, f"cannot be read as CSV ({error})"
            line = reader.line_num + 1
            continue
        if any(cell.strip() for cell in cells):
            yield line, cells
        line = reader.line_num + 1


def _header_problem(columns: list[str], known: tuple[str, ...], required: tuple[str, ...]) -> str:
    for name in columns:
        if name not in known:
            hint = did_you_mean(name, known) or f"known columns: {','.join(known)}"
            return f"unknown column '{name}'; {hint}"
    for name in required:
        if name not in columns:
            needed = ",".join(required)
            return f"missing column '{name}'; the first line must name at least {needed}"
    if len(set(columns)) < len(columns):
        return "a column is named twice"
    return ""


def _refuse_unsafe_text(values: dict[str, str]) -> None:
    """Text no one means (control, bidi or invisible characters; line breaks outside the
    note) is refused, so it never reaches a terminal from the history."""
    # One look at the whole row first: almost every row is clean, and twelve scans of
    # short cells cost more than the rest of reading it (import of 100,000 rows).
    note = values.get("note", "")
    cells = " ".join(text for column, text in values.items() if column != "note")
    if not unsafe_characters(cells) and not unsafe_characters(note, newlines=True):
        return
    for column, text in values.items():
        found = unsafe_characters(text.replace("\t", " "), newlines=column == "note")
        if found:
            raise CsvProblem(
                f"{column} holds control or invisible characters ({', '.join(found[:3])})"
            )


def _record(values: dict[str, str], latest: datetime) -> SessionRecord:
    _refuse_unsafe_text(values)
    routine_id = values["routine_id"].strip()
    if not ID_PATTERN.match(routine_id):
        raise CsvProblem(f"routine_id '{routine_id}' is not a routine id (a-z, 0-9 and -)")
    steps_total = _whole(values, "steps_total", 0, MAX_STEPS)
    steps_done = _whole(values, "steps_done", 0, MAX_STEPS)
    if steps_done is not None and steps_total is not None and steps_done > steps_total:
        raise CsvProblem(f"steps_done ({steps_done}) is more than steps_total ({steps_total})")
    return SessionRecord(
        id=0,
        routine_id=routine_id,
        routine_name=values.get("routine_name", "").strip() or routine_id,
        areas=_areas(values["areas"]),
        started_at=_started_at(values["started_at"], latest),
        duration_s=_duration(values["duration_s"]),
        completed=_completed(values["completed"]),
        steps_done=steps_done or 0,
        steps_total=steps_total or 0,
        tension_before=_whole(values, "tension_before", 0, 10),
        tension_after=_whole(values, "tension_after", 0, 10),
        note=values.get("note") or None,
        tags=normalize_tags([values.get("tags", "")]),
    )


def _started_at(text: str, latest: datetime) -> datetime:
    return aware_moment("started_at", text, latest, "sessions start between {} and {}")


def aware_moment(column: str, text: str, latest: datetime, in_range_words: str) -> datetime:
    """A cell's date and time with a UTC offset from 1970 to `latest`; CsvProblem naming
    `column` otherwise (`in_range_words` has {} for the first and the last date)."""
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise CsvProblem(
            f"{column} '{text}' is not a date and time with a UTC offset,"
            " e.g. 2026-03-08T09:15:00-05:00"
        )
    try:
        in_range = EARLIEST_START <= moment <= latest
    except OverflowError:
        in_range = False
    if not in_range:
        words = in_range_words.format(f"{EARLIEST_START:%Y-%m-%d}", f"{latest:%Y-%m-%d}")
        raise CsvProblem(f"{column} '{text}' is out of range: {words}")
    return moment


def _duration(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise CsvProblem(f"duration_s '{text}' is not a number of seconds") from None
    if not (math.isfinite(seconds) and 0 <= seconds <= MAX_DURATION_S):
        raise CsvProblem(f"duration_s must be 0..{MAX_DURATION_S} seconds, got {text.strip()}")
    return seconds


def _completed(text: str) -> bool:
    word = text.strip().lower()
    if word not in ("true", "false"):
        raise CsvProblem(f"completed must be true or false, got '{text}'")
    return word == "true"


def _areas(text: str) -> tuple[str, ...]:
    areas = tuple(area.strip() for area in text.split(";") if area.strip())
    for area in areas:
        if area not in BODY_AREAS:
            hint = did_you_mean(area, BODY_AREAS) or f"choose from: {', '.join(BODY_AREAS)}"
            raise CsvProblem(f"areas: unknown body area '{area}'; {hint}")
    return areas


def _whole(values: dict[str, str], column: str, low: int, high: int) -> int | None:
    text = values.get(column, "").strip()
    if not text:
        return None
    if not _WHOLE.fullmatch(text) or not low <= int(text) <= high:
        raise CsvProblem(f"{column} must be empty or a whole number {low}-{high}, got '{text}'")
    return int(text)
