"""Fixtures for the break reminder: a private session bus, the fake desktop, the daemon."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fake_desktop import FakeDesktop, PrivateBus
from system_tools import require_tool


@pytest.fixture
def bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[PrivateBus]:
    """A private `dbus-daemon --session`; DBUS_SESSION_BUS_ADDRESS points at it."""
    private = PrivateBus(require_tool("dbus-daemon"))
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", private.address)
    yield private
    private.close()


@pytest.fixture
def desktop(bus: PrivateBus) -> Iterator[FakeDesktop]:
    """The fake notification server and idle service on the private bus."""
    fake = FakeDesktop(bus.address)
    fake.start()
    yield fake
    fake.stop()


Daemon = Callable[..., subprocess.Popen[str]]


@pytest.fixture
def start_daemon(isolated_dirs: Path) -> Iterator[Daemon]:
    """Start `knotsession remind --daemon ARGS` as a real process; all are stopped at the end."""
    started: list[subprocess.Popen[str]] = []

    def start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-m", "knotsession", "remind", "--daemon", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env or dict(os.environ),
        )
        started.append(process)
        return process

    yield start
    for process in started:
        process.terminate()
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


@pytest.fixture
def data_home(isolated_dirs: Path) -> Path:
    return Path(os.environ["XDG_DATA_HOME"])


@pytest.fixture(autouse=True)
def safety_note_seen(isolated_dirs: Path) -> Path:
    """The first-run safety note was seen already, so a break's Start opens the routine at once
    (the note has tests of its own)."""
    marker = Path(os.environ["XDG_DATA_HOME"]) / "knotsession" / "safety-note-seen"
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()
    return marker
