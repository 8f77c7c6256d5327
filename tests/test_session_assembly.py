"""One session, assembled once: its parts hear every event in one order, and the end is
told once, by the running session, to the recorder and then to the front ends."""

from __future__ import annotations

import io
from pathlib import Path

from tiny_routine import ROUTINE

from knotsession.core.engine import (
    Abandoned,
    Event,
    FakeClock,
    Finished,
    Listener,
    SegmentStarted,
)
from knotsession.core.history import HistoryStore
from knotsession.core.history_writer import HistoryWriter
from knotsession.plain import run_plain
from knotsession.session_assembly import assemble_session


def heard(log: list[str], name: str) -> Listener:
    def listen(event: Event) -> None:
        log.append(f"{name}:{type(event).__name__}")

    return listen


def test_every_event_goes_to_cues_voice_then_front_end_in_that_order() -> None:
    log: list[str] = []
    running = assemble_session(
        ROUTINE, clock=FakeClock(), cues=heard(log, "cues"), narrator=heard(log, "voice")
    )
    running.add_listener(heard(log, "screen"))
    running.session.start()
    assert log == ["cues:SegmentStarted", "voice:SegmentStarted", "screen:SegmentStarted"]


def test_a_narrator_attached_late_still_speaks_before_the_front_end() -> None:
    log: list[str] = []
    clock = FakeClock()
    running = assemble_session(ROUTINE, clock=clock, cues=heard(log, "cues"))
    running.add_listener(heard(log, "screen"))
    running.session.start()
    running.attach_narrator(heard(log, "voice"))
    log.clear()
    clock.advance(2)  # getting ready is over
    running.session.poll()
    assert log[:3] == ["cues:SegmentStarted", "voice:SegmentStarted", "screen:SegmentStarted"]


def test_the_end_is_told_once_after_everyone_heard_it() -> None:
    log: list[str] = []
    clock = FakeClock()
    running = assemble_session(ROUTINE, clock=clock, cues=heard(log, "cues"))
    running.add_listener(heard(log, "screen"))
    endings: list[Finished | Abandoned] = []
    running.on_end(endings.append)
    running.on_end(lambda _ending: log.append("told the end"))
    running.session.start()
    clock.advance(60)
    running.session.poll()
    running.session.abandon()  # too late: over already
    assert len(endings) == 1 and isinstance(endings[0], Finished)
    assert log[-3:] == ["cues:Finished", "screen:Finished", "told the end"]
    assert running.ending is endings[0]


def test_plain_keeps_the_session_through_the_assembly(tmp_path: Path) -> None:
    clock = FakeClock(start=0.0)
    path = tmp_path / "history.sqlite3"
    writer = HistoryWriter(lambda: HistoryStore.open(path))
    running = assemble_session(ROUTINE, clock=clock, writer=writer, tension_before=4)
    starts: list[int] = []
    running.add_listener(
        lambda event: (
            starts.append(running.ticket is not None) if isinstance(event, SegmentStarted) else None
        )
    )
    assert run_plain(running, clock=clock, sleep=clock.advance, out=io.StringIO()) == 0
    writer.close()
    assert starts[0] is True  # the row is begun before the front end hears of the first step
    store = HistoryStore.open(path)
    try:
        (row,) = store.recent(10)
    finally:
        store.close()
    assert row.completed and row.steps_done == 2 and row.tension_before == 4
