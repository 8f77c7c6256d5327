"""What the history says for the next break: when the last session ended, what was done
today, and which routines lowered tension. Read-only, so the reminder never writes or
migrates a file another process (the app, `start --plain`) is writing.
"""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from knotsession.core.stats import TensionChange, order_tension_changes

_BUSY_MS = 2000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # marks are in time order already; only days count


@dataclass(frozen=True)
class BreakFacts:
    """A summary of the history for the break reminder."""

    last_session_end: datetime | None = None
    done_today: frozenset[str] = frozenset()
    tension_changes: tuple[TensionChange, ...] = ()
    spots: tuple[tuple[str, int], ...] = ()
    """The spots marked lately, worst first (core/plan_offer.py): today's plan is for them."""


def read_break_facts(path: Path, today: date) -> BreakFacts:
    """The facts from the history file at `path`; empty when there is none or it cannot be read."""
    if not path.is_file():
        return BreakFacts()
    try:
        connection = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    except sqlite3.Error:
        return BreakFacts()
    try:
        connection.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
        facts = BreakFacts(_last_end(connection), _done_on(connection, today), _changes(connection))
    except sqlite3.Error:
        return BreakFacts()
    try:
        return replace(facts, spots=_recent_spots(connection, today))
    except sqlite3.Error:  # a history older than the knot map (schema 3) has no marks
        return facts
    finally:
        connection.close()


def _last_end(connection: sqlite3.Connection) -> datetime | None:
    rows = connection.execute(
        "SELECT started_utc, duration_s FROM sessions ORDER BY started_utc DESC LIMIT 5"
    ).fetchall()
    ends = [
        datetime.fromisoformat(started).replace(tzinfo=UTC) + timedelta(seconds=duration or 0)
        for started, duration in rows
    ]
    return max(ends, default=None)


def _done_on(connection: sqlite3.Connection, day: date) -> frozenset[str]:
    rows = connection.execute(
        "SELECT DISTINCT routine_id FROM sessions WHERE local_date = ?", (day.isoformat(),)
    ).fetchall()
    return frozenset(routine_id for (routine_id,) in rows)


def _recent_spots(connection: sqlite3.Connection, today: date) -> tuple[tuple[str, int], ...]:
    from knotsession.core.plan_offer import recent_since, recent_spots
    from knotsession.core.spots import SpotMark

    rows = connection.execute(
        "SELECT local_date, spot, intensity FROM spot_marks WHERE local_date >= ?"
        " ORDER BY marked_utc, id",
        (recent_since(today).isoformat(),),
    ).fetchall()
    marks = []
    for day, spot, intensity in rows:
        with suppress(ValueError, TypeError):
            marks.append(SpotMark(_EPOCH, date.fromisoformat(day), str(spot), int(intensity)))
    return tuple(recent_spots(marks, today).items())


def _changes(connection: sqlite3.Connection) -> tuple[TensionChange, ...]:
    rows = connection.execute(
        "SELECT routine_id, MAX(routine_name), AVG(tension_after - tension_before), COUNT(*)"
        " FROM sessions WHERE tension_before IS NOT NULL AND tension_after IS NOT NULL"
        " GROUP BY routine_id"
    ).fetchall()
    return order_tension_changes(TensionChange(*row) for row in rows)
