"""The knot map's CSV: one marked spot per row, for spreadsheets and round trips.

Columns: `marked_at` (a date and time with a UTC offset), `spot` (an id from the map),
`intensity` (0-10), and `day` (the local date it was marked; optional on import, where it
defaults to the date of `marked_at` in its own offset). The rules are the history CSV's
(core/history_csv.py): read as a stream, `FILE:LINE: reason` for a bad row, cells quoted
against spreadsheet formulas, text no one means refused.

Pure: no printing; `knotsession spots` (commands/spots.py) tells the person.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import TextIO

from knotsession.core.history_csv import (
    LATEST_AHEAD,
    CsvProblem,
    aware_moment,
    escape_cell,
    read_table,
)
from knotsession.core.routine import did_you_mean
from knotsession.core.spots import MAX_INTENSITY, SPOT_IDS, SpotMark
from knotsession.core.text import unsafe_characters

MARK_COLUMNS = ("marked_at", "day", "spot", "intensity")
REQUIRED_MARK_COLUMNS = ("marked_at", "spot", "intensity")
_DAY_SLACK = timedelta(days=1)  # a local date is within a day of the moment in UTC


def write_marks_csv(marks: Iterable[SpotMark], out: TextIO) -> None:
    """The header and one row per marked spot, oldest first as given."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MARK_COLUMNS)
    writer.writerows(
        [mark.at.isoformat(), mark.day.isoformat(), escape_cell(mark.spot), str(mark.intensity)]
        for mark in marks
    )


def read_mark_rows(
    handle: TextIO, file: str, now: datetime | None = None
) -> Iterator[SpotMark | str]:
    """Each row's mark, or `FILE:LINE: message` for a bad one, as the file is read."""
    latest = (now or datetime.now(UTC)) + LATEST_AHEAD
    return read_table(
        handle, file, MARK_COLUMNS, REQUIRED_MARK_COLUMNS, lambda values: _mark(values, latest)
    )


def _mark(values: dict[str, str], latest: datetime) -> SpotMark:
    for name, text in values.items():
        found = unsafe_characters(text)
        if found:
            raise CsvProblem(
                f"{name} holds control or invisible characters ({', '.join(found[:3])})"
            )
    spot = values["spot"].strip()
    if spot not in SPOT_IDS:
        hint = did_you_mean(spot, SPOT_IDS) or "see `knotsession spots` for the names"
        raise CsvProblem(f"spot '{spot}' is not a spot on the map ({hint})")
    at = _marked_at(values["marked_at"], latest)
    return SpotMark(at, _day(values.get("day", ""), at), spot, _intensity(values["intensity"]))


def _marked_at(text: str, latest: datetime) -> datetime:
    moment = aware_moment("marked_at", text, latest, "marks are from {} to {}")
    return moment.replace(microsecond=0)


def _day(text: str, at: datetime) -> date:
    """The local date given, if it is within a day of `at`; else `at`'s own date."""
    text = text.strip()
    if not text:
        return at.date()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise CsvProblem(f"day '{text}' is not a date like 2026-03-08") from None
    if abs(day - at.astimezone(UTC).date()) > _DAY_SLACK:
        raise CsvProblem(f"day {text} is more than a day away from marked_at {at.isoformat()}")
    return day


def _intensity(text: str) -> int:
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_INTENSITY:
        raise CsvProblem(f"intensity must be a whole number 0-{MAX_INTENSITY}, got '{text}'")
    return int(text)
