"""The cue player's bell (no sound device) is rung by the app on its event loop, and the
cue player's thread never waits for that loop: the app closing the cue player waits for
that thread, and a thread waiting for the app held the app's exit (5.5 s)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from knotsession.tui.app import KnotsessionApp

MakeApp = Callable[..., KnotsessionApp]


async def test_the_bell_from_the_cue_thread_rings_on_the_loop_without_waiting_for_it(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    rung: list[threading.Thread] = []
    async with app.run_test() as pilot:
        app.sound.want(app.settings)
        monkeypatch.setattr(app, "bell", lambda: rung.append(threading.current_thread()))
        ringer = threading.Thread(target=app.sound._ring_bell_from_thread, daemon=True)
        ringer.start()
        # The loop's thread waits for the cue thread here, as closing the cue player does.
        ringer.join(timeout=10)
        assert not ringer.is_alive()
        assert rung == []  # not rung from the cue thread
        await pilot.pause()
        assert rung == [threading.current_thread()]  # rung on the loop's thread


async def test_a_bell_after_the_app_closed_is_let_go(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test():
        app.sound.want(app.settings)
    ring = app.sound._ring_bell_from_thread
    ringer = threading.Thread(target=ring, daemon=True)
    ringer.start()
    ringer.join(timeout=10)
    assert not ringer.is_alive()
