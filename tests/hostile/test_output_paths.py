"""Property: any text, through any output path a person sees, yields no control byte.

Routine parsing refuses such text at the door; these paths are tested with structs made
directly, as text recorded before the rule (or a future parser bug) would give them."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import msgspec
from corpus import control_bytes
from hypothesis import given, settings
from hypothesis import strategies as st

from knotsession.commands.history import json_document
from knotsession.core.engine import Session
from knotsession.core.errors import RoutineError
from knotsession.core.history import SessionRecord
from knotsession.core.history_csv import csv_row, write_csv
from knotsession.core.routine import Routine, Step
from knotsession.core.stats import overview as build_overview
from knotsession.core.text import shown_json
from knotsession.notify import notification_command
from knotsession.plain import run_plain
from knotsession.tui.screens.history import insights_text, table_row

any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), min_size=1)
# SQLite and JSON hold UTF-8: no lone surrogates in what the history gives back.
utf8_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=()), min_size=1)


def record(name: str, note: str, tag: str) -> SessionRecord:
    return SessionRecord(
        id=1,
        routine_id="desk-5",
        routine_name=name,
        areas=("neck",),
        started_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        duration_s=60,
        completed=True,
        steps_done=1,
        steps_total=1,
        note=note,
        tags=(tag,),
    )


@given(any_text, any_text, any_text, any_text)
def test_error_messages(file: str, message: str, place: str, hint: str) -> None:
    assert control_bytes(str(RoutineError(file, message, place, hint))) == []


@given(any_text, any_text)
def test_notifications(title: str, body: str) -> None:
    for platform in ("linux", "darwin"):
        command = notification_command(title, body, platform, lambda name: f"/bin/{name}")
        assert command is not None
        assert all(control_bytes(argument) == [] for argument in command)


@settings(max_examples=50)
@given(utf8_text, utf8_text, utf8_text)
def test_history_csv_json_and_screen(name: str, note: str, tag: str) -> None:
    records = [record(name, note, tag)]
    overview = build_overview(records, datetime(2026, 3, 2).date())
    out = io.StringIO()
    write_csv(records, out)
    assert control_bytes(out.getvalue()) == []
    document = shown_json(msgspec.json.encode(json_document(overview, records)).decode())
    assert control_bytes(document) == []
    assert json.loads(document)["sessions"][0]["routine_name"] == name
    assert all(control_bytes(str(cell)) == [] for cell in table_row(records[0]))
    assert control_bytes(insights_text(overview)) == []
    assert control_bytes(",".join(csv_row(records[0]))) == []


@settings(max_examples=30, deadline=None)
@given(any_text, any_text)
def test_plain_lines(routine_name: str, step_name: str) -> None:
    routine = Routine(
        id="x", name=routine_name, areas=("neck",), steps=(Step(step_name, 1),), lead_in_s=0
    )
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    out = io.StringIO()
    run_plain(Session(routine, clock=lambda: now[0]), clock=lambda: now[0], sleep=sleep, out=out)
    assert control_bytes(out.getvalue()) == []
    assert len(out.getvalue().splitlines()) == 3  # the header, the step, Done: no forged line
