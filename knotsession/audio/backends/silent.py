"""The backend of last resort: sounds go nowhere, and the session runs on."""

from __future__ import annotations


class SilentBackend:
    """Plays nothing."""

    name = "silent"
    is_device = False

    def play(self, pcm: bytes, cue: str | None) -> None:
        """Drop the sound."""

    def stop(self) -> None:
        """Nothing is playing."""

    def close(self) -> None:
        """Nothing to let go of."""
