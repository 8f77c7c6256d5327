"""`knotsession history`: streaks and recent sessions, JSON or CSV export, and CSV import.

The CSV itself (columns, escaping, the checks on each imported row) is the core's:
knotsession/core/history_csv.py. This module handles the arguments, prints, and shows
progress.

`--since` narrows the list of sessions; streaks and totals always cover the whole history.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from knotsession.commands.listing import format_minutes
from knotsession.core import stats
from knotsession.core.history import HistoryError, HistoryStore, SessionRecord
from knotsession.core.history_csv import read_rows, write_csv
from knotsession.core.text import shown, shown_json
from knotsession.core.triggers import TagTension, tension_words
from knotsession.core.wording import minutes_label, plural, sessions_and_minutes, streak_brief

if TYPE_CHECKING:
    import msgspec

RECENT_IN_SUMMARY = 10
SHOWN_IN_LINE = 5  # routines on the tension line
MAX_PROBLEMS_SHOWN = 20
IMPORT_BATCH = 5_000
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


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
    with store.snapshot():  # the figures and the sessions listed from one moment of the file
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
    lines = [
        streak_brief(overview.current_streak, overview.longest_streak),
        f"This week: {sessions_and_minutes(overview.week_sessions, overview.week_minutes)}",
        f"All time: {sessions_and_minutes(overview.total_sessions, overview.total_minutes)}",
    ]
    if overview.area_minutes:
        areas = ", ".join(
            f"{area} {minutes_label(minutes)}"
            for area, minutes in overview.area_minutes[: stats.AREAS_SHOWN]
        )
        lines.append(f"Last 30 days by area: {areas}")
    if overview.tension_changes:
        changes = ", ".join(
            f"{c.routine_id} {c.average_change:+.1f} ({plural(c.sessions, 'session')})"
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
    return f"{entry.tag}: {plural(entry.sessions, 'session')}{', ' + words if words else ''}"


def _session_line(record: SessionRecord) -> str:
    when = record.started_at.strftime("%Y-%m-%d %H:%M")
    # Stopped or skipped through: the record cannot tell which, only that it does not count.
    steps = f"{record.steps_done}/{record.steps_total}"
    state = "completed" if record.completed else f"not counted {steps}"
    line = f"{when}  {record.routine_id:<20} {format_minutes(record.duration_s):>6}  {state}"
    if record.tension_before is not None or record.tension_after is not None:
        before = "-" if record.tension_before is None else record.tension_before
        after = "-" if record.tension_after is None else record.tension_after
        line += f"  tension {before} -> {after}"
    return line


# --- CSV import ---------------------------------------------------------------------------


def import_file(
    store: HistoryStore,
    file: Path,
    progress: TextIO | None = None,
    *,
    read: Callable[[TextIO, str], Iterator[Any]] = read_rows,
    add: Callable[[list[Any]], int] | None = None,
    noun: str = "session",
) -> int:
    """Import the good rows of a CSV file; tell `FILE:LINE: reason` for each bad one.

    The file is read as a stream and written in batches of IMPORT_BATCH rows, each its own
    short transaction: memory stays flat for a million rows, and a session recorded by
    another process meanwhile waits for one batch, not for the whole import. `read` and
    `add` are the sessions' unless given (the knot map's marks use them too, with `noun`)."""
    if not store.available:
        return 1
    add = add or store.import_rows
    if progress is None and sys.stderr.isatty():
        progress = sys.stderr
    added = known = 0
    problems: list[str] = []
    try:
        with file.open(newline="", encoding="utf-8-sig") as handle:
            batch: list[Any] = []
            for item in read(handle, str(file)):
                if isinstance(item, str):
                    _tell_problem(item, len(problems))
                    problems.append(item)
                    continue
                batch.append(item)
                if len(batch) == IMPORT_BATCH:
                    new = add(batch)
                    added, known = added + new, known + len(batch) - new
                    batch.clear()
                    if progress is not None:
                        print(f"\rImporting: {added + known:,} rows read", end="", file=progress)
            if batch:
                new = add(batch)
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
    already = (
        f" ({known} {'was' if known == 1 else 'were'} already in the history)" if known else ""
    )
    were = "was" if len(problems) == 1 else "were"
    skipped = f"; {plural(len(problems), 'bad row')} {were} left out" if problems else ""
    print(shown(f"Imported {plural(added, noun)} from {file}{already}{skipped}."))
    return 1 if problems else 0


def _tell_problem(problem: str, told: int) -> None:
    if told < MAX_PROBLEMS_SHOWN:
        print(shown(problem), file=sys.stderr)
