"""`knotsession history`: streaks and recent sessions, JSON or CSV export, and CSV import.

The CSV is meant for spreadsheets and round trips: `history --csv > s.csv` then
`history import s.csv` reads it back. Cells starting with = + - @ (or a tab, a
carriage return or a quote) get a leading `'` so a spreadsheet shows them as text
instead of running them; import takes that quote off again.

`--since` narrows the list of sessions; streaks and totals always cover the whole history.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from knotsession.commands.listing import format_minutes
from knotsession.core import stats
from knotsession.core.history import HistoryError, HistoryStore, SessionRecord, normalize_tags
from knotsession.core.routine import BODY_AREAS, ID_PATTERN, did_you_mean
from knotsession.core.text import shown, shown_json, shown_lines, unsafe_characters
from knotsession.core.triggers import TagTension, tension_words

if TYPE_CHECKING:
    import msgspec

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
RECENT_IN_SUMMARY = 10
SHOWN_IN_LINE = 5  # areas or routines on one summary line
MAX_DURATION_S = 24 * 3600
MAX_STEPS = 10_000
MAX_PROBLEMS_SHOWN = 20
IMPORT_BATCH = 5_000
MAX_CELL_CHARS = 10_000  # a note longer than a few pages is not a note
EARLIEST_START = datetime(1970, 1, 1, tzinfo=UTC)
LATEST_AHEAD = timedelta(days=1)  # a clock a little ahead, or a time zone east of here
_RISKY_FIRST = ("=", "+", "-", "@", "\t", "\r", "'")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_WHOLE = re.compile(r"[0-9]{1,6}")


def run(args: argparse.Namespace, today: date | None = None) -> int:
    """Show, export or import the history."""
    since = None
    if args.since is not None:
        since = parse_since(args.since)
        if since is None:
            print(
                f"knotsession: --since '{shown(args.since)}' is not a date; write it as YYYY-MM-DD",
                file=sys.stderr,
            )
            return 2
    if args.action == "import" and args.file is None:
        print("knotsession: history import needs a CSV file to read", file=sys.stderr)
        return 2
    store = HistoryStore.open() if args.action == "import" else HistoryStore.open_to_read()
    if store.notice:
        print(shown(f"knotsession: {store.notice}"), file=sys.stderr)
    try:
        if args.action == "import":
            return import_file(store, args.file)
        if not store.readable:
            return 1
        return show(store, args, since, today or date.today())
    except HistoryError as error:
        print(shown(f"knotsession: {error}"), file=sys.stderr)
        return 1
    finally:
        store.close()


def parse_since(text: str) -> date | None:
    """A YYYY-MM-DD date, or None."""
    if not _DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def show(store: HistoryStore, args: argparse.Namespace, since: date | None, today: date) -> int:
    """Print the summary, the JSON or the CSV."""
    if args.csv:
        write_csv(store.stream_sessions(since), sys.stdout)
        return 0
    overview = store.overview(today)
    if args.json:
        write_json(overview, store.stream_sessions(since), sys.stdout)
        return 0
    recent = store.sessions(since)[-RECENT_IN_SUMMARY:][::-1] if since else overview.recent
    # Sessions recorded before import refused unsafe text may still hold some.
    lines = summary_lines(overview, list(recent[:RECENT_IN_SUMMARY]))
    print("\n".join(shown(line) for line in lines))
    return 0


# --- the summary and JSON -----------------------------------------------------------------


def json_document(overview: stats.Overview, sessions: list[SessionRecord]) -> dict[str, object]:
    """`{"sessions": [...], "streak": {...}, ...}`; sessions oldest first."""
    return {
        "sessions": sessions,
        "streak": {"current": overview.current_streak, "longest": overview.longest_streak},
        "this_week": {
            "sessions": overview.week_sessions,
            "minutes": round(overview.week_minutes, 1),
        },
        "total": {"sessions": overview.total_sessions, "minutes": round(overview.total_minutes, 1)},
        "minutes_by_area_30d": {area: round(m, 1) for area, m in overview.area_minutes},
        "tension_change_by_routine": [
            {
                "routine_id": change.routine_id,
                "routine_name": change.routine_name,
                "average_change": round(change.average_change, 2),
                "sessions": change.sessions,
            }
            for change in overview.tension_changes
        ],
        "common_tags": [{"tag": tag, "sessions": count} for tag, count in overview.common_tags],
        "triggers": [
            {
                "tag": entry.tag,
                "sessions": entry.sessions,
                "average_tension_with": _rounded(entry.average_with),
                "average_tension_without": _rounded(entry.average_without),
            }
            for entry in overview.tag_tensions
        ],
    }


def write_json(
    overview: stats.Overview, sessions: Iterable[SessionRecord], out: TextIO, chunk: int = 1_000
) -> None:
    """`json_document`, written as the sessions stream in: memory stays flat however many.

    The same bytes as encoding the whole document at once (sessions first, then the rest)."""
    import msgspec

    encoder = msgspec.json.Encoder()
    out.write('{"sessions":[')
    batch: list[SessionRecord] = []
    written = False
    for record in sessions:
        batch.append(record)
        if len(batch) == chunk:
            written = _write_batch(encoder, batch, out, written)
    _write_batch(encoder, batch, out, written)
    rest = encoder.encode(json_document(overview, [])).decode()
    out.write("]," + shown_json(rest.removeprefix('{"sessions":[],')) + "\n")


def _write_batch(
    encoder: msgspec.json.Encoder, batch: list[SessionRecord], out: TextIO, written: bool
) -> bool:
    """Write `batch`'s records without brackets, after a comma when some came before; empty it."""
    if not batch:
        return written
    items = encoder.encode(batch).decode()[1:-1]
    out.write(("," if written else "") + shown_json(items))
    batch.clear()
    return True


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def summary_lines(overview: stats.Overview, recent: list[SessionRecord]) -> list[str]:
    """A few lines a person reads at a glance."""
    if not overview.days:
        return ["No sessions yet. Start one with: knotsession start desk-5"]
    days = "day" if overview.current_streak == 1 else "days"
    lines = [
        f"Streak: {overview.current_streak} {days} (longest {overview.longest_streak})",
        f"This week: {_sessions(overview.week_sessions)}, {overview.week_minutes:.0f} min",
        f"All time: {_sessions(overview.total_sessions)}, {overview.total_minutes:.0f} min",
    ]
    if overview.area_minutes:
        areas = ", ".join(
            f"{area} {minutes:.0f} min" for area, minutes in overview.area_minutes[:SHOWN_IN_LINE]
        )
        lines.append(f"Last 30 days by area: {areas}")
    if overview.tension_changes:
        changes = ", ".join(
            f"{c.routine_id} {c.average_change:+.1f} ({_sessions(c.sessions)})"
            for c in overview.tension_changes[:SHOWN_IN_LINE]
        )
        lines.append(f"Tension change: {changes}")
    if overview.tag_tensions:
        lines.append("Triggers (tension after a session, with the tag and without):")
        lines += [f"  {_trigger_line(entry)}" for entry in overview.tag_tensions]
    lines += ["", "Recent sessions:"]
    lines += [f"  {_session_line(record)}" for record in recent]
    return lines


def _trigger_line(entry: TagTension) -> str:
    """`stress: 4 sessions, tension 6.2 with, 3.1 without`."""
    words = tension_words(entry)
    return f"{entry.tag}: {_sessions(entry.sessions)}{', ' + words if words else ''}"


def _sessions(count: int) -> str:
    return f"{count} session{'' if count == 1 else 's'}"


def _session_line(record: SessionRecord) -> str:
    when = record.started_at.strftime("%Y-%m-%d %H:%M")
    state = "completed" if record.completed else f"stopped {record.steps_done}/{record.steps_total}"
    line = f"{when}  {record.routine_id:<20} {format_minutes(record.duration_s):>6}  {state}"
    if record.tension_before is not None or record.tension_after is not None:
        before = "-" if record.tension_before is None else record.tension_before
        after = "-" if record.tension_after is None else record.tension_after
        line += f"  tension {before} -> {after}"
    return line


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


def import_file(store: HistoryStore, file: Path, progress: TextIO | None = None) -> int:
    """Import the good rows of a CSV file; tell `FILE:LINE: reason` for each bad one.

    The file is read as a stream and written in batches of IMPORT_BATCH rows, each its own
    short transaction: memory stays flat for a million rows, and a session recorded by
    another process meanwhile waits for one batch, not for the whole import."""
    if not store.available:
        return 1
    if progress is None and sys.stderr.isatty():
        progress = sys.stderr
    added = known = 0
    problems: list[str] = []
    try:
        with file.open(newline="", encoding="utf-8-sig") as handle:
            batch: list[SessionRecord] = []
            for item in read_rows(handle, str(file)):
                if isinstance(item, str):
                    _tell_problem(item, len(problems))
                    problems.append(item)
                    continue
                batch.append(item)
                if len(batch) == IMPORT_BATCH:
                    new = store.import_rows(batch)
                    added, known = added + new, known + len(batch) - new
                    batch.clear()
                    if progress is not None:
                        print(f"\rImporting: {added + known:,} rows read", end="", file=progress)
            if batch:
                new = store.import_rows(batch)
                added, known = added + new, known + len(batch) - new
    except FileNotFoundError:
        print(f"knotsession: {shown(str(file))}: no such file", file=sys.stderr)
        return 1
    except UnicodeDecodeError as error:
        print(
            f"knotsession: {shown(str(file))}: not UTF-8 text (byte {error.start})", file=sys.stderr
        )
        return 1
    except OSError as error:
        print(
            f"knotsession: {shown(str(file))}: cannot be read ({error.strerror})", file=sys.stderr
        )
        return 1
    finally:
        if progress is not None and added + known >= IMPORT_BATCH:
            print(file=progress)
    if len(problems) > MAX_PROBLEMS_SHOWN:
        print(f"... and {len(problems) - MAX_PROBLEMS_SHOWN} more problems", file=sys.stderr)
    already = f" ({known} were already in the history)" if known else ""
    skipped = f"; {len(problems)} bad rows were left out" if problems else ""
    print(shown(f"Imported {_sessions(added)} from {file}{already}{skipped}."))
    return 1 if problems else 0


def _tell_problem(problem: str, told: int) -> None:
    if told < MAX_PROBLEMS_SHOWN:
        print(shown(problem), file=sys.stderr)


def read_rows(
    handle: TextIO, file: str, now: datetime | None = None
) -> Iterator[SessionRecord | str]:
    """Each row's record, or `FILE:LINE: message` for a bad one, as the file is read."""
    latest = (now or datetime.now(UTC)) + LATEST_AHEAD
    rows = _numbered_rows(handle)
    first = next(rows, None)
    if first is None:
        yield f"{file}:1: the file is empty; the first line must name the columns"
        return
    header_line, header = first
    if isinstance(header, str):
        yield f"{file}:{header_line}: {header}"
        return
    columns = [unescape_cell(name.strip()) for name in header]
    problem = _header_problem(columns)
    if problem:
        yield f"{file}:{header_line}: {problem}"
        return
    for line, cells in rows:
        try:
            yield _record(_values(columns, cells), latest)
        except CsvProblem as error:
            yield f"{file}:{line}: {error}"


def _values(columns: list[str], cells: list[str] | str) -> dict[str, str]:
    """A row's cells by column name; CsvProblem for a row too short, too long or too big."""
    if isinstance(cells, str):
        raise CsvProblem(cells)
    if len(cells) > len(columns):
        raise CsvProblem(f"{len(cells)} cells, but only {len(columns)} columns")
    values = dict(zip(columns, [unescape_cell(c) for c in cells], strict=False))
    missing = [name for name in REQUIRED_COLUMNS if name not in values]
    if missing:
        raise CsvProblem(f"{len(cells)} cells: no {', '.join(missing)}")
    for name, text in values.items():
        if len(text) > MAX_CELL_CHARS:
            raise CsvProblem(f"{name} is {len(text):,} characters; at most {MAX_CELL_CHARS:,}")
    return values


def _numbered_rows(handle: TextIO) -> Iterator[tuple[int, list[str] | str]]:
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


def _header_problem(columns: list[str]) -> str:
    for name in columns:
        if name not in CSV_COLUMNS:
            hint = did_you_mean(name, CSV_COLUMNS) or f"known columns: {','.join(CSV_COLUMNS)}"
            return f"unknown column '{name}'; {hint}"
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            needed = ",".join(REQUIRED_COLUMNS)
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
    text = text.strip()
    try:
        started = datetime.fromisoformat(text)
    except ValueError:
        started = None
    if started is None or started.utcoffset() is None:
        raise CsvProblem(
            f"started_at '{text}' is not a date and time with a UTC offset,"
            " e.g. 2026-03-08T09:15:00-05:00"
        )
    try:
        in_range = EARLIEST_START <= started <= latest
    except OverflowError:
        in_range = False
    if not in_range:
        raise CsvProblem(
            f"started_at '{text}' is out of range: sessions start between"
            f" {EARLIEST_START:%Y-%m-%d} and {latest:%Y-%m-%d}"
        )
    return started


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
