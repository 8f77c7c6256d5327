"""The daemon's loop on an injected clock, without a desktop bus: when it speaks and how."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

from knotsession.breaks.daemon import BreakDaemon, DaemonConfig
from knotsession.breaks.desktop import Idle, idle_from_ioreg
from knotsession.breaks.status_file import read_status
from knotsession.core.routine import Routine, Step

START = datetime(2026, 3, 9, 10, 0, tzinfo=timezone(timedelta(hours=1)))
WALK = Routine(
    "walk", "Walk <about>", ("legs",), (Step("Walk", 60, kind="walk"),), position="standing"
)


class FakeTime:
    def __init__(self) -> None:
        self.at = START

    def now(self) -> datetime:
        return self.at

    def sleep(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


def make(
    tmp_path: Path, notified: list[tuple[str, str]]
) -> tuple[BreakDaemon, io.StringIO, FakeTime]:
    clock, out = FakeTime(), io.StringIO()
    config = DaemonConfig(3600, tmp_path / "none.sqlite3", tmp_path / "status.json")
    daemon = BreakDaemon(
        config,
        None,
        out,
        lambda: [WALK],
        now=clock.now,
        sleep=clock.sleep,
        environ={},
        notify=lambda title, body: notified.append((title, body)) is None,
    )
    return daemon, out, clock


def test_a_break_an_hour_after_start_through_the_notifier(tmp_path: Path) -> None:
    notified: list[tuple[str, str]] = []
    daemon, out, clock = make(tmp_path, notified)
    daemon.run(turns=360)  # polls every 10 s for an hour
    assert notified == []
    assert clock.at == START + timedelta(hours=1)
    assert read_status(tmp_path / "status.json")["next_break_text"] == "11:00"  # type: ignore[index]
    daemon.run(turns=1)
    assert clock.at == START + timedelta(hours=1, seconds=10)
    assert notified == [
        (
            "Time to stand up and move",
            "Walk <about> (1 min): short and on your feet, to get you moving.",
        )
    ]
    assert out.getvalue().splitlines() == [
        "11:00 Time to stand up and move: Walk <about> (1 min): short and on your feet, to get you moving."
    ]
    status = read_status(tmp_path / "status.json")
    assert status is not None
    assert (status["next_break_text"], status["why"]) == (
        "12:00",
        "1 h after the last break at 11:00",
    )


def test_ioreg_idle_time_is_read_in_nanoseconds() -> None:
    text = '    | |   "HIDIdleTime" = 125000000000\n    | |   "HIDOther" = 1\n'
    assert idle_from_ioreg(text) == Idle(125.0)
    assert idle_from_ioreg("nothing here") == Idle()
