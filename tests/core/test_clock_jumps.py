"""The wall clock jumping during a step: timers follow the monotonic clock, the record keeps
the day the session started on."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from knotsession.core.engine import FakeClock, Session
from knotsession.core.history import HistoryStore
from knotsession.core.history_writer import HistoryWriter
from knotsession.core.recorder import SessionRecorder
from knotsession.core.routine import Routine, Step

ROUTINE = Routine(
    id="r", name="R", areas=("neck",), steps=(Step("A", 30), Step("B", 30)), lead_in_s=0
)
TOKYO = timezone(timedelta(hours=9))


@pytest.mark.parametrize("jump", [timedelta(hours=5), timedelta(hours=-5), timedelta(days=-3)])
def test_a_wall_clock_jump_changes_neither_the_timing_nor_the_day(
    tmp_path: Path, jump: timedelta
) -> None:
    monotonic = FakeClock()
    wall = {"now": datetime(2026, 11, 24, 23, 50, tzinfo=TOKYO)}
    path = tmp_path / "history.sqlite3"
    writer = HistoryWriter(lambda: HistoryStore.open(path))
    session = Session(ROUTINE, clock=monotonic)
    SessionRecorder(writer, session, now=lambda: wall["now"])
    session.start()
    monotonic.advance(20)
    wall["now"] += jump  # NTP, a laptop waking in another zone, a person fixing their clock
    session.poll()
    assert session.remaining_s() == 10
    monotonic.advance(40)
    session.poll()
    assert writer.close()
    store = HistoryStore.open(path)
    [record] = store.sessions()
    assert record.completed is True
    assert record.duration_s == 60
    assert record.started_at == datetime(2026, 11, 24, 23, 50, tzinfo=TOKYO)
    assert record.started_at.date().isoformat() == "2026-11-24"
    store.close()
