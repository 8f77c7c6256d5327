"""A playback backend that records what it is given, and a cue player around it."""

from __future__ import annotations

import threading

from knotsession.audio.backends import PlaybackFailed
from knotsession.audio.player import GAP_MS, CuePlayer

GAP_BYTES = 44_100 * GAP_MS // 1000 * 2


class RecordingBackend:
    """Records each sound; with a gate, each play waits until the gate opens."""

    name = "recording"
    is_device = True

    def __init__(self, gate: threading.Event | None = None, fail: bool = False) -> None:
        self.played: list[tuple[str | None, bytes]] = []
        self.gate = gate
        self.fail = fail
        self.started = threading.Event()
        self.stops = 0
        self.stopped = False
        self.closed = False

    def play(self, pcm: bytes, cue: str | None) -> None:
        self.stopped = False
        self.started.set()
        if self.gate is not None:
            self.gate.wait(10)
        if self.fail:
            raise PlaybackFailed("gone")
        if not self.stopped:
            self.played.append((cue, pcm))

    def stop(self) -> None:
        self.stops += 1
        self.stopped = True

    def close(self) -> None:
        self.closed = True

    @property
    def cues(self) -> list[str | None]:
        return [cue for cue, _ in self.played]


def make_player(backend: RecordingBackend, **options) -> CuePlayer:
    opened: list[int] = []

    def open_backend(bell):
        opened.append(1)
        return backend, {}

    player = CuePlayer(open_backend=open_backend, **options)
    player.opened = opened  # type: ignore[attr-defined]
    assert player.wait_ready(10)
    return player
