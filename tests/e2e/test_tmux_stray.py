"""No process outlives its terminal, even with a thread worker stuck for good.

The stuck worker here is real: the history file is damaged, and another process holds the
turn to set it aside, so the app's history reads wait for that turn. Before the fix, the
app's end waited for them (asyncio.run joins its executor's threads) with its signal
handlers still on: the process stayed after its terminal closed and SIGTERM did nothing.
Closing a terminal (`Terminal.close`) fails the test if anything it ran is still alive.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def set_aside_turn_held(env: dict[str, str]) -> Iterator[None]:
    """A damaged history whose set-aside turn another process holds all along."""
    folder = Path(env["XDG_DATA_HOME"]) / "knotsession"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "history.sqlite3").write_bytes(b"not a database, " * 512)
    descriptor = os.open(folder / "history.sqlite3.lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    yield
    os.close(descriptor)


@pytest.mark.parametrize(
    ("arguments", "shown", "after_s"),
    [
        ("", "Start the 5-minute desk routine", 0.2),  # the warm-up is running
        ("", "Start the 5-minute desk routine", 1.5),
        ("start desk-5", "Toe spread", 0.5),  # the history writer waits for the turn too
    ],
)
def test_the_app_ends_when_its_terminal_closes_with_a_worker_stuck(
    terminal_factory, env: dict[str, str], set_aside_turn_held: None,
    arguments: str, shown: str, after_s: float,
) -> None:  # fmt: skip
    terminal = terminal_factory(arguments, env)
    terminal.wait_for(shown)
    time.sleep(after_s)
    terminal.close()  # fails if the app (or anything the terminal ran) is still alive
