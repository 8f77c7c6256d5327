"""Moving a player on the fake clock, as the tests of the player screen do."""

from __future__ import annotations

from textual.pilot import Pilot

from knotsession.core.engine import FakeClock
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.player import PlayerScreen


async def play_started(app: KnotsessionApp, pilot: Pilot) -> PlayerScreen:
    """Wait until the player is on screen and its session's clock runs.

    The player starts the clock after its first paint, so a key that opens it can return
    before then on a busy machine, and a fake clock moved at that moment would be moved
    before the start. Bounded by a number of paints, not by time."""
    for _ in range(200):
        screen = app.screen
        if isinstance(screen, PlayerScreen) and screen.session.state != "ready":
            return screen
        await pilot.pause()
    raise AssertionError(f"the player did not start its session; the screen is {app.screen!r}")


async def tick(app: KnotsessionApp, pilot: Pilot, clock: FakeClock, seconds: float) -> None:
    """Let `seconds` pass on the fake clock, then let the player look at it."""
    screen = await play_started(app, pilot)
    clock.advance(seconds)
    screen.tick()
    await pilot.pause()
