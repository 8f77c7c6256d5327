"""The in-app break reminder and the background break service never nudge for the same
break: while a real process holds the service's lock, the app stays quiet and its home
screen shows the service's next break; when that process ends, the app nudges again."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from textual.widgets import Static

from knotsession import paths
from knotsession.core.engine import FakeClock
from knotsession.core.settings import Settings
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.break_reminder import background_break_label

MakeApp = Callable[..., KnotsessionApp]
HOUR = 3600
NUDGE = "Time to stand up and move — b starts Tiny desk routine"
# What the service does on start: hold its lock, write its status; then it waits.
SERVICE = """\
from knotsession import paths
from knotsession.breaks.status_file import write_status
from knotsession.breaks.service import hold_lock
lock = hold_lock(paths.remind_lock_file())
write_status(paths.remind_status_file(), {"pid": 1, "next_break": "2026-03-02T14:05:00+00:00"})
print("ready", flush=True)
import sys
sys.stdin.read()
"""


@pytest.fixture
def service() -> Iterator[subprocess.Popen[str]]:
    """A real process holding the background service's lock (the environment's XDG folders)."""
    pytest.importorskip("fcntl")
    process = subprocess.Popen(
        [sys.executable, "-c", SERVICE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline() == "ready\n"
    yield process
    stop(process)


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        assert process.stdin is not None
        process.stdin.close()  # stdin ends: the process exits and its lock goes with it
        process.wait(timeout=30)


def next_break(app: KnotsessionApp) -> str:
    return str(app.screen.query_one("#next-break", Static).content)


def test_the_label_reads_the_services_status(service: subprocess.Popen[str]) -> None:
    now = datetime.fromisoformat("2026-03-02T09:00:00+00:00")
    assert background_break_label(now=now) == "Next break at 14:05 (background reminder)"
    tomorrow = datetime.fromisoformat("2026-03-01T20:00:00+00:00")
    assert background_break_label(now=tomorrow) == "Next break tomorrow 14:05 (background reminder)"


def test_a_status_file_left_by_a_service_that_stopped_is_not_read() -> None:
    status = paths.remind_status_file()
    status.parent.mkdir(parents=True, exist_ok=True)
    status.write_text('{"next_break": "2026-03-02T14:05:00+00:00"}')
    paths.remind_lock_file().write_text("4242\n")  # no process holds it
    assert background_break_label() is None


def test_a_damaged_status_still_says_the_service_runs(service: subprocess.Popen[str]) -> None:
    paths.remind_status_file().write_text('{"next_break": "at noon"')
    assert background_break_label() == "Breaks: background reminder"


async def test_while_the_service_runs_the_app_stays_quiet(
    make_app: MakeApp,
    clock: FakeClock,
    toasts: Any,
    service: subprocess.Popen[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rung: list[str] = []
    monkeypatch.setattr(KnotsessionApp, "bell", lambda self: rung.append("\a"))
    app = make_app(settings=Settings(remind_every=HOUR))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert next_break(app).startswith("Next break ")
        assert next_break(app).endswith("(background reminder)")
        clock.advance(HOUR)
        app.breaks.tick()
        await pilot.pause()
        assert toasts(app) == [] and rung == []  # the service nudges for this one
        stop(service)
        app.breaks.tick()
        assert next_break(app) == "Next break in 1 h"  # counted again from the quiet break
        clock.advance(HOUR)
        app.breaks.tick()
        await pilot.pause()
        assert toasts(app) == [NUDGE] and rung == ["\a"]


async def test_with_reminders_off_here_home_still_shows_the_services_break(
    make_app: MakeApp, service: subprocess.Popen[str]
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert next_break(app).endswith("(background reminder)")
