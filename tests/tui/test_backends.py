"""CueRelay: events wait for a cue player that is still opening; mute is remembered."""

from __future__ import annotations

from typing import Any

from knotsession.core.engine import FakeClock, Paused, Resumed
from knotsession.tui.backends import CueRelay


def test_events_of_the_last_second_are_played_when_the_player_arrives(make_cues: Any) -> None:
    clock = FakeClock()
    relay = CueRelay(clock)
    relay.handle(Paused())
    clock.advance(0.6)
    relay.handle(Resumed())
    clock.advance(0.6)
    player = make_cues()
    relay.attach(player)
    assert player.events == [Resumed()]  # the pause is too old to be worth a sound
    relay.handle(Paused())
    assert player.events == [Resumed(), Paused()]


def test_mute_before_the_player_opens_is_applied_to_it(make_cues: Any) -> None:
    relay = CueRelay(FakeClock())
    assert relay.toggle_mute() is True
    player = make_cues()
    relay.attach(player)
    assert player.muted is True
    assert relay.toggle_mute() is False
    assert player.muted is False


def test_muted_from_the_settings(make_cues: Any) -> None:
    relay = CueRelay(FakeClock(), muted=True)
    assert relay.muted is True
    player = make_cues()
    relay.attach(player)
    assert player.muted is True


def test_close_closes_the_player_once(make_cues: Any) -> None:
    relay = CueRelay(FakeClock())
    player = make_cues()
    relay.attach(player)
    relay.close()
    relay.close()
    assert player.closed is True
    assert relay.notice is None
