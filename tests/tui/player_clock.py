"""Moving a player on the fake clock, as the tests of the player screen do."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from knotsession.core.engine import FakeClock
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.player import PlayerScreen


async def until(pilot: Pilot, condition: Callable[[], bool], what: str) -> None:
    """Let the app work until `condition()` holds: bounded by a number of paints, not by time,
    so a busy machine makes it slower, never wrong."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"{what} did not happen; the screen is {pilot.app.screen!r}")


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
