"""Audio cues: decoded once, played on their own thread, through the best backend there is.

    player = open_cue_player(mute=False, volume=80)   # returns at once
    session.subscribe(player.handle)                 # chime, switch, ticks, finish
    ...
    player.close()                                   # plays what is queued, then lets go

Importing this package is cheap: pydub and the audio libraries are imported on the
player's thread, when it starts.
"""

from __future__ import annotations

from knotsession.audio.cues import CUE_NAMES
from knotsession.audio.player import CuePlayer, open_cue_player, volume_gain_db

__all__ = ["CUE_NAMES", "CuePlayer", "open_cue_player", "volume_gain_db"]
