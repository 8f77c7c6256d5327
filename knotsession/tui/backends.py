"""The sound and history parts the app talks to, behind factories that tests replace.

Both open slowly (decoding sounds, opening SQLite), so the app opens them in thread
workers after the first paint and passes them in when they are ready. Until the cue
player is ready, `CueRelay` keeps the events of the last moment so the first cue of a
session that starts at once is still heard.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from knotsession.core.engine import Clock, Event
from knotsession.core.routine import Routine
from knotsession.core.settings import VoiceDetail

if TYPE_CHECKING:
    from knotsession.core.history import HistoryStore

# Events older than this when the cue player arrives are dropped: a late cue misleads.
_REPLAY_WITHIN_S = 1.0


class CuePlayer(Protocol):
    """What the app needs from `knotsession.audio`'s cue player."""

    @property
    def notice(self) -> str | None: ...

    @property
    def muted(self) -> bool: ...

    def handle(self, event: Event) -> None: ...

    def play_pcm(
        self,
        pcm: bytes,
        sample_rate: int,
        channels: int,
        sample_width: int = 2,
        *,
        stale_after_s: float | None = None,
    ) -> None: ...

    def set_muted(self, muted: bool) -> None: ...

    def set_volume(self, volume: int) -> None: ...

    def close(self) -> None: ...


class Narrator(Protocol):
    """What the app needs from `knotsession.audio.narrator`'s spoken guidance."""

    @property
    def enabled(self) -> bool: ...

    @property
    def notice(self) -> str | None: ...

    def handle(self, event: Event) -> None: ...

    def set_enabled(self, enabled: bool) -> bool: ...

    def set_detail(self, detail: VoiceDetail) -> None: ...

    def close(self, timeout: float = 1.0) -> None: ...


Bell = Callable[[], None]

CuePlayerFactory = Callable[[bool, int, Bell], CuePlayer]
"""Opens a cue player from (mute, volume, how to ring the bell); called in a worker thread."""

NarratorFactory = Callable[[CuePlayer, Routine, int], Narrator]
"""Makes the voice of one session from (the cue player that plays it, routine, lead-in)."""

HistoryStoreFactory = Callable[[], "HistoryStore"]
"""Opens the history store; called in a worker thread."""


def open_cue_player(mute: bool, volume: int, bell: Bell) -> CuePlayer:
    """The real cue player (imports the audio backends, so call it off the event loop)."""
    from knotsession.audio import open_cue_player as open_real
    from knotsession.core.settings import load_settings

    # The backend is not changed in the app, so config.toml is read here, off the event loop.
    return open_real(mute=mute, volume=volume, bell=bell, audio=load_settings().audio)


def open_narrator(player: CuePlayer, routine: Routine, lead_in_s: int) -> Narrator:
    """The real spoken guidance, speaking through the cue player (cheap: it renders in a
    thread of its own)."""
    from knotsession.audio.narrator import open_narrator as open_real

    return open_real(player, routine, default_lead_in_s=lead_in_s)


def open_history_store() -> HistoryStore:
    """The real history store at its usual place, checked page by page (call it off the
    event loop)."""
    from knotsession.core.history import HistoryStore

    return HistoryStore.open()


def open_checked_history_store() -> HistoryStore:
    """The real history store, once a checked open found it sound this run: SQLite's
    quick_check over every page need not run again."""
    from knotsession.core.history import HistoryStore

    return HistoryStore.open(check=False)


class CueRelay:
    """Hands engine events to the cue player once it is open, and remembers mute until then."""

    def __init__(self, clock: Clock, muted: bool = False) -> None:
        self.player: CuePlayer | None = None
        self._clock = clock
        self._muted = muted
        self._pending: list[tuple[float, Event]] = []

    @property
    def muted(self) -> bool:
        """Whether cues are silenced."""
        return self.player.muted if self.player is not None else self._muted

    @property
    def notice(self) -> str | None:
        """A line to show about sound (no device, and so on), if any."""
        return self.player.notice if self.player is not None else None

    def handle(self, event: Event) -> None:
        """Play the cue for an event, now or as soon as the player is open."""
        if self.player is not None:
            self.player.handle(event)
        else:
            self._pending.append((self._clock(), event))

    def attach(self, player: CuePlayer) -> None:
        """The player is open: apply mute and play what was just missed."""
        self.player = player
        if player.muted != self._muted:
            player.set_muted(self._muted)
        now = self._clock()
        recent = [event for at, event in self._pending if now - at <= _REPLAY_WITHIN_S]
        self._pending.clear()
        for event in recent:
            player.handle(event)

    def toggle_mute(self) -> bool:
        """Mute or unmute; returns whether cues are now muted."""
        self.set_muted(not self.muted)
        return self._muted

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute, now or once the player is open."""
        self._muted = muted
        if self.player is not None:
            self.player.set_muted(muted)

    def set_volume(self, volume: int) -> None:
        """Set the volume of the open player (one opened later takes it from the settings)."""
        if self.player is not None:
            self.player.set_volume(volume)

    def close(self) -> None:
        """Close the player, if it was opened."""
        if self.player is not None:
            self.player.close()
            self.player = None
