"""Sound in the app: the cue player, opened in a worker when a routine is first looked at,
and the voice of each session, which speaks through it.

Not at home: pydub and the audio library cost memory and time the home screen does not
need. Until the player is open, `CueRelay` keeps the events of the last moment, so the
first cue of a session that starts at once is still heard.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any

from textual.message import Message

from knotsession.tui.backends import CuePlayer, CuePlayerFactory, CueRelay, NarratorFactory

if TYPE_CHECKING:
    from textual.app import App

    from knotsession.core.engine import Clock
    from knotsession.core.routine import Routine
    from knotsession.core.settings import Settings
    from knotsession.tui.backends import Narrator


class Sound:
    """The app's one cue player (behind `relay`) and the narrators that use it."""

    class Opened(Message):
        """The cue player is ready (posted from its worker)."""

        def __init__(self, player: CuePlayer) -> None:
            super().__init__()
            self.player = player

    def __init__(
        self,
        app: App[Any],
        clock: Clock,
        muted: bool,
        player_factory: CuePlayerFactory,
        narrator_factory: NarratorFactory,
    ) -> None:
        """Cues start `muted` or not; the factories open the real parts (tests pass fakes)."""
        self._app = app
        self.relay = CueRelay(clock, muted=muted)
        self._player_factory = player_factory
        self._narrator_factory = narrator_factory
        self._opening = False  # the cue player's worker was started
        self._loop: asyncio.AbstractEventLoop | None = None  # the app's, once it was

    def want(self, settings: Settings) -> None:
        """Open the cue player, once, in a thread worker (decoding sounds takes a moment)."""
        if self._opening:
            return
        self._opening = True
        self._loop = asyncio.get_running_loop()  # where the player's bell rings
        mute, volume = settings.mute, settings.volume
        self._app.run_worker(
            lambda: self._open(mute, volume),
            thread=True,
            exit_on_error=False,
            group="cues",
            description="open the cue player",
        )

    def _open(self, mute: bool, volume: int) -> None:
        player = self._player_factory(mute, volume, self._ring_bell_from_thread)
        self._app.post_message(self.Opened(player))

    def _ring_bell_from_thread(self) -> None:
        """The bell of the cue player's thread, rung by the app on its event loop (a "\\a"
        written from another thread could land inside an escape sequence). Without waiting
        for the loop: the app closing the cue player waits for this thread, and a thread
        waiting for the app held the app's exit up to 5.5 s."""
        loop = self._loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the app has closed, and its loop
                loop.call_soon_threadsafe(self._app.bell)

    def attach(self, player: CuePlayer) -> None:
        """The player is open: cues go to it from now on."""
        self.relay.attach(player)

    def narrator(self, routine: Routine, lead_in_s: int) -> Narrator | None:
        """Spoken guidance for a session, once the cue player that plays it is open."""
        if self.relay.player is None:
            return None
        return self._narrator_factory(self.relay.player, routine, lead_in_s)

    def close(self) -> None:
        """Close the cue player, if it was opened."""
        self.relay.close()
