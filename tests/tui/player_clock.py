"""Moving a player on the fake clock, as the tests of the player screen do; waiting for the
app's workers and what their messages start."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TypeVar

from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from knotsession.core.engine import FakeClock
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.made_ahead import Droppable
from knotsession.tui.screens.player import PlayerScreen


async def until(pilot: Pilot, condition: Callable[[], bool], what: str) -> None:
    """Let the app work until `condition()` holds: bounded by a number of paints, not by time,
    so a busy machine makes it slower, never wrong."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"{what} did not happen; the screen is {pilot.app.screen!r}")


Made = TypeVar("Made", bound=Droppable)


async def made_ahead(pilot: Pilot, held: Callable[[], Made | None], what: str) -> Made:
    """Wait until `held()` gives a screen made ahead and mounted whole; that screen."""

    def made() -> bool:
        ready = held()
        return ready is not None and ready.made

    await until(pilot, made, f"{what} made ahead")
    ready = held()
    assert ready is not None
    return ready


async def workers_done(pilot: Pilot) -> None:
    """Wait until the app's workers have finished and their messages have landed, including
    workers those messages start (the history screen's figures, then its spots): a single
    wait for the workers of the moment misses the later ones.

    Each worker's own wait: a worker replaced by a newer one of its group (exclusive) is
    cancelled, and that is not a failure here; WorkerManager.wait_for_complete would raise."""
    app = pilot.app
    for _ in range(200):
        running = [worker for worker in app.workers if not worker.is_finished]
        if not running:
            await pilot.pause()
            if all(worker.is_finished for worker in app.workers):
                return
            continue
        for worker in running:
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()
    raise AssertionError(f"the workers did not finish; the screen is {app.screen!r}")


async def play_started(app: KnotsessionApp, pilot: Pilot) -> PlayerScreen:
    """Wait until the player is on screen and its session's clock runs.

    The player starts the clock after its first paint, so a key that opens it can return
    before then on a busy machine, and a fake clock moved at that moment would be moved
    before the start."""

    def started() -> bool:
        screen = app.screen
        return isinstance(screen, PlayerScreen) and screen.session.state != "ready"

    await until(pilot, started, "the player's start")
    assert isinstance(app.screen, PlayerScreen)
    return app.screen


async def tick(app: KnotsessionApp, pilot: Pilot, clock: FakeClock, seconds: float) -> None:
    """Let `seconds` pass on the fake clock, then let the player look at it; a session that
    ended has made way for the next screen (the player tells the app, and the app switches:
    two hops, which a loaded machine can split across pauses)."""
    screen = await play_started(app, pilot)
    clock.advance(seconds)
    screen.tick()
    await pilot.pause()
    if screen.session.is_over:
        await until(pilot, lambda: app.screen is not screen, "the screen after the player")
