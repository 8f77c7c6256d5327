"""Moving a player on the fake clock, as the tests of the player screen do."""

from __future__ import annotations

from textual.pilot import Pilot

from knotsession.core.engine import FakeClock
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.player import PlayerScreen


async def tick(app: KnotsessionApp, pilot: Pilot, clock: FakeClock, seconds: float) -> None:
    """Let `seconds` pass on the fake clock, then let the player look at it."""
    clock.advance(seconds)
    screen = app.screen
    assert isinstance(screen, PlayerScreen)
    screen.tick()
    await pilot.pause()
