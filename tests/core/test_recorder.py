"""The session recorder: a row when a session starts, updated as it goes, never raising.
Its writes go through a real HistoryWriter thread to a real file; `flush` waits for them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from knotsession.core.engine import FakeClock, Session
from knotsession.core.history import HistoryStore, SessionRecord
from knotsession.core.history_writer import HistoryWriter
from knotsession.core.recorder import SessionRecorder
from knotsession.core.routine import Routine

NEW_YORK = ZoneInfo("America/New_York")


class Clocks:
    """The engine's monotonic clock and the wall clock the recorder stamps starts with."""

    def __init__(self) -> None:
        self.monotonic = FakeClock(0.0)
        self.wall = datetime(2026, 3, 8, 1, 59, 50, tzinfo=NEW_YORK)

    def now(self) -> datetime:
        return self.wall

    def advance(self, seconds: float) -> None:
        self.monotonic.advance(seconds)
        self.wall = (self.wall.astimezone(UTC) + timedelta(seconds=seconds)).astimezone(NEW_YORK)


@pytest.fixture
def clocks() -> Clocks:
    return Clocks()


@pytest.fixture
def notices() -> list[str]:
    return []


@pytest.fixture
def writer(db_path: Path, notices: list[str]) -> Iterator[HistoryWriter]:
    opened = HistoryWriter(lambda: HistoryStore.open(db_path), on_notice=notices.append)
    yield opened
    opened.close()


def record_of(store: HistoryStore, writer: HistoryWriter) -> SessionRecord:
    assert writer.flush(timeout=30)
    (record,) = store.sessions()
    return record


def test_recorder_writes_the_row_when_the_session_starts(
    store: HistoryStore, writer: HistoryWriter, routine: Routine, clocks: Clocks
) -> None:
    session = Session(routine, clock=clocks.monotonic)
    recorder = SessionRecorder(writer, session, now=clocks.now, tension_before=6)
    assert store.sessions() == []
    session.start()
    assert writer.flush(timeout=30)
    assert recorder.ticket is not None and recorder.ticket.row_id == 1
    record = record_of(store, writer)
    assert record.started_at == datetime(2026, 3, 8, 1, 59, 50, tzinfo=NEW_YORK)
    assert record.started_at.utcoffset() == timedelta(hours=-5)
    assert (record.completed, record.steps_done, record.steps_total) == (False, 0, 3)
    assert record.tension_before == 6


def test_recorder_updates_at_each_step_and_leaves_pauses_out(
    store: HistoryStore, writer: HistoryWriter, routine: Routine, clocks: Clocks, notices: list[str]
) -> None:
    session = Session(routine, clock=clocks.monotonic)
    SessionRecorder(writer, session, now=clocks.now)
    session.start()
    clocks.advance(10)
    session.poll()  # second step starts
    assert (record_of(store, writer).duration_s, record_of(store, writer).steps_done) == (10.0, 1)
    clocks.advance(4)
    session.pause()
    assert record_of(store, writer).duration_s == 14.0
    clocks.advance(600)  # a long pause, across the DST change
    session.resume()
    clocks.advance(6)
    session.poll()
    clocks.advance(10)
    session.poll()
    record = record_of(store, writer)
    assert (record.duration_s, record.steps_done, record.completed) == (30.0, 3, True)
    # Started before the clocks went forward: still 8 March, still EST.
    assert record.started_at.isoformat() == "2026-03-08T01:59:50-05:00"
    assert notices == []


def test_recorder_keeps_an_abandoned_session_as_not_completed(
    store: HistoryStore, writer: HistoryWriter, routine: Routine, clocks: Clocks
) -> None:
    session = Session(routine, clock=clocks.monotonic)
    SessionRecorder(writer, session, now=clocks.now)
    session.start()
    clocks.advance(13)
    session.poll()
    session.abandon()
    record = record_of(store, writer)
    assert (record.duration_s, record.steps_done, record.completed) == (13.0, 1, False)


def test_recorder_writes_nothing_for_a_session_never_started(
    store: HistoryStore, writer: HistoryWriter, routine: Routine
) -> None:
    session = Session(routine, clock=FakeClock())
    recorder = SessionRecorder(writer, session)
    session.abandon()
    assert writer.flush(timeout=30)
    assert recorder.ticket is None
    assert store.sessions() == []


def test_a_failing_write_is_told_once_and_never_raises(
    writer: HistoryWriter, notices: list[str], db_path: Path, routine: Routine, clocks: Clocks
) -> None:
    session = Session(routine, clock=clocks.monotonic)
    SessionRecorder(writer, session, now=clocks.now)
    session.start()
    assert writer.flush(timeout=30)
    other = sqlite3.connect(db_path)
    other.execute(
        "CREATE TRIGGER refuse BEFORE UPDATE ON sessions"
        " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    other.commit()
    other.close()
    clocks.advance(10)
    session.poll()
    clocks.advance(20)
    session.poll()
    assert session.state == "finished"
    assert writer.flush(timeout=30)
    assert notices == ["History can't be saved: database or disk is full"]
