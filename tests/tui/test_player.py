"""The player on the fake clock: the whole path from home to completion, pause, skip, mute, quit."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from player_clock import play_started, tick, until
from textual.widgets import Static

from knotsession.core.engine import FakeClock, Finished, SegmentStarted
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens import player as player_module
from knotsession.tui.screens.completion import CompletionScreen
from knotsession.tui.screens.confirm import QuitConfirm
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.screens.player import EARLY_S, PlayerScreen
from knotsession.tui.screens.preview import PreviewScreen
from knotsession.tui.widgets.countdown import Countdown

MakeApp = Callable[..., KnotsessionApp]


def text(app: KnotsessionApp, selector: str) -> str:
    """What a Static on the current screen says."""
    return str(app.screen.query_one(selector, Static).content)


def countdown(app: KnotsessionApp) -> str:
    return app.screen.query_one(Countdown).value


async def test_home_to_completion_with_pause_resume_and_skip(
    make_app: MakeApp, clock: FakeClock, cues: Any
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        assert isinstance(app.screen, HomeScreen)
        assert app.focused is not None and app.focused.id == "featured"

        await pilot.press("down")  # from the start button to the body areas
        assert app.focused.id == "areas"
        assert str(app.screen.query_one("#routines").border_title) == "Neck · 2 routines"
        await pilot.press("down")
        assert str(app.screen.query_one("#routines").border_title) == "Shoulders · 1 routine"
        await pilot.press("enter")  # into the shoulders' routines
        assert app.focused.id == "routines"
        await pilot.press("enter")
        assert isinstance(app.screen, PreviewScreen)
        assert app.screen.routine.id == "desk-5"

        await pilot.press("s")
        assert isinstance(app.screen, PlayerScreen)
        assert text(app, "#heading") == "Get ready"
        assert text(app, "#title") == "Neck tilt · left side"
        assert text(app, "#step-count") == "step 1 of 2"
        assert text(app, "#next") == "Next: Neck tilt · right side"
        assert countdown(app) == "0:02"

        await tick(app, pilot, clock, 3)  # 2 s getting ready, 1 s into the left side
        assert text(app, "#heading") == "Stretch"
        assert text(app, "#instructions") == "Tilt your ear toward your shoulder."
        assert countdown(app) == "0:03"
        assert app.screen.query_one("#time-left").text == "0:14 left"

        await pilot.press("space")
        assert app.screen.session.state == "paused"
        assert app.screen.query_one(Countdown).has_class("-paused")  # shown muted
        assert app.screen.query_one("#paused").visible
        await tick(app, pilot, clock, 10)
        assert countdown(app) == "0:03"  # the clock is frozen while paused
        assert app.screen.query_one("#time-left").text == "0:14 left"

        await pilot.press("space")
        assert app.screen.session.state == "running"
        assert not app.screen.query_one("#paused").visible
        await tick(app, pilot, clock, 1)
        assert countdown(app) == "0:02"

        await pilot.press("right")  # skip the rest of the left side
        assert text(app, "#heading") == "Switch sides"
        assert text(app, "#title") == "Neck tilt · right side"
        assert text(app, "#next") == "Next: Shoulder rolls"
        await pilot.press("n")  # skip the switch
        assert text(app, "#heading") == "Stretch"
        assert countdown(app) == "0:04"

        await tick(app, pilot, clock, 4)
        assert text(app, "#heading") == "Get ready"
        assert text(app, "#title") == "Shoulder rolls"
        assert text(app, "#step-count") == "step 2 of 2"
        assert text(app, "#next") == "Next: done"
        await tick(app, pilot, clock, 2)
        assert text(app, "#heading") == "Mobility"
        await tick(app, pilot, clock, 3)

        assert isinstance(app.screen, CompletionScreen)
        assert text(app, "#done") == "✓ Well done"
        assert text(app, "#routine-name") == "Tiny desk routine"
        assert text(app, "#spent") == "2 of 2 steps · 0:13 spent"
        assert text(app, "#tip") == "Tip: Get up and move for a few minutes every hour."
        assert not app.screen.query("#check-in")  # no history, so nothing to rate into

        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
    started = [e.segment.kind for e in cues.events if isinstance(e, SegmentStarted)]
    assert started == ["lead_in", "work", "switch", "work", "lead_in", "work"]
    assert isinstance(cues.events[-1], Finished)


async def test_back_restarts_the_segment_then_goes_to_the_one_before(
    make_app: MakeApp, clock: FakeClock
) -> None:
    app = make_app(start_routine="desk-5")
    async with app.run_test() as pilot:
        await tick(app, pilot, clock, 6)  # 4 s into the 4 s left side: now switching
        assert text(app, "#heading") == "Switch sides"
        await pilot.press("left")  # only just began: back to the left side
        assert text(app, "#title") == "Neck tilt · left side"
        assert countdown(app) == "0:04"
        await tick(app, pilot, clock, 3.5)
        await pilot.press("p")  # well into it: restart it
        assert text(app, "#title") == "Neck tilt · left side"
        assert countdown(app) == "0:04"


async def test_plus_adds_fifteen_seconds(make_app: MakeApp, clock: FakeClock) -> None:
    app = make_app(start_routine="desk-5")
    async with app.run_test() as pilot:
        await tick(app, pilot, clock, 3)
        assert countdown(app) == "0:03"
        await pilot.press("plus")
        assert countdown(app) == "0:18"


async def test_mute_key_silences_the_cue_player(make_app: MakeApp, cues: Any, settled: Any) -> None:
    app = make_app(start_routine="desk-5")
    async with app.run_test() as pilot:
        await settled(app, pilot)
        assert text(app, "#sound") == ""
        await pilot.press("m")
        assert cues.muted is True
        assert text(app, "#sound") == "Sound off · m to turn on"
        await pilot.press("m")
        assert cues.muted is False
        assert text(app, "#sound") == ""


async def test_sound_notice_is_shown_in_the_player(
    make_app: MakeApp, make_cues: Any, settled: Any
) -> None:
    quiet = make_cues(notice="No sound device found: cues ring the terminal bell.")
    app = make_app(start_routine="desk-5", cue_player_factory=lambda *_: quiet)
    async with app.run_test() as pilot:
        await settled(app, pilot)
        assert text(app, "#sound") == "No sound device found: cues ring the terminal bell."


async def test_quit_asks_first_and_keep_going_carries_on(
    make_app: MakeApp, clock: FakeClock
) -> None:
    app = make_app(start_routine="desk-5")
    async with app.run_test() as pilot:
        await tick(app, pilot, clock, 3)
        player = app.screen
        await pilot.press("q")
        assert isinstance(app.screen, QuitConfirm)
        assert player.session.state == "paused"  # the clock waits while the question is up
        clock.advance(30)
        await pilot.press("n")
        assert app.screen is player
        assert player.session.state == "running"
        assert countdown(app) == "0:03"


async def test_quit_confirmed_stops_the_session_and_goes_home(
    make_app: MakeApp, clock: FakeClock
) -> None:
    app = make_app(start_routine="desk-5")
    async with app.run_test() as pilot:
        await tick(app, pilot, clock, 3)
        session = app.screen.session
        await pilot.press("q")
        await pilot.press("y")
        assert isinstance(app.screen, HomeScreen)
        assert session.state == "abandoned"
        assert session.summary().completed is False


async def test_closing_the_app_mid_session_abandons_it(make_app: MakeApp, clock: FakeClock) -> None:
    app = make_app(start_routine="desk-5")
    async with app.run_test() as pilot:
        await tick(app, pilot, clock, 3)
        session = app.screen.session
    assert session.state == "abandoned"


async def test_a_routine_skipped_through_is_done_but_not_well_done(make_app: MakeApp) -> None:
    app = make_app(start_routine="desk-5")
    async with app.run_test() as pilot:
        await pilot.press(*["n"] * 6)
        await until(pilot, lambda: isinstance(app.screen, CompletionScreen), "the completion")
        assert text(app, "#done") == "✓ Done"
        assert text(app, "#spent") == "0 of 2 steps · 0:00 spent"


async def test_start_with_an_id_opens_the_player_above_home(make_app: MakeApp) -> None:
    app = make_app(start_routine="hip-ball")
    async with app.run_test():
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.routine.id == "hip-ball"
        assert any(isinstance(screen, HomeScreen) for screen in app.screen_stack)


async def test_voice_is_off_until_v(
    make_app: MakeApp, clock: FakeClock, narrators: list, settled: Any
) -> None:
    app = make_app(start_routine="desk-5")
    async with app.run_test() as pilot:
        await settled(app, pilot)
        assert narrators == []
        await pilot.press("v")
        assert text(app, "#sound") == "Voice on, full · v off · d brief"
        await tick(app, pilot, clock, 3)  # into the left side
        assert [type(e).__name__ for e in narrators[0].events] == ["SegmentStarted", "Countdown"]
        await pilot.press("v")
        assert narrators[0].enabled is False
        assert text(app, "#sound") == ""
    assert narrators[0].closed


async def test_voice_from_the_settings_starts_with_the_cue_player(
    make_app: MakeApp, narrators: list, settled: Any
) -> None:
    from knotsession.core.settings import Settings

    app = make_app(start_routine="desk-5", settings=Settings(voice=True))
    async with app.run_test() as pilot:
        await settled(app, pilot)
        assert len(narrators) == 1
        assert text(app, "#sound") == "Voice on, full · v off · d brief"


async def test_d_switches_the_spoken_instructions_between_full_and_brief(
    make_app: MakeApp, narrators: list, settled: Any
) -> None:
    from knotsession.core.settings import Settings

    settings = Settings(voice=True, voice_detail="brief")
    app = make_app(start_routine="desk-5", settings=settings)
    async with app.run_test() as pilot:
        await settled(app, pilot)
        assert narrators[0].detail == "brief"  # from the settings
        assert text(app, "#sound") == "Voice on, brief · v off · d full"
        await pilot.press("d")
        assert narrators[0].detail == "full" and app.voice_detail == "full"
        assert text(app, "#sound") == "Voice on, full · v off · d brief"


async def test_no_speech_engine_is_said_once_in_the_player(
    make_app: MakeApp, make_narrator: Any, settled: Any
) -> None:
    app = make_app(start_routine="desk-5", narrator_factory=make_narrator(engine=False))
    async with app.run_test() as pilot:
        await settled(app, pilot)
        await pilot.press("v")
        assert text(app, "#sound") == (
            "Spoken guidance needs a speech engine: apt-get install espeak-ng."
        )
        assert app.voice is False


async def test_after_pause_and_resume_the_player_wakes_at_the_engine_deadline(
    make_app: MakeApp, clock: FakeClock, cues: Any
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        app.play(app.library.routines["desk-5"])
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayerScreen) and screen.session.state == "running"
        await tick(app, pilot, clock, 1.5)  # half a second of getting ready left
        await pilot.press("space")
        assert screen.wake_in_s is None  # nothing is due while paused
        clock.advance(100)
        await pilot.press("space")
        # Armed for exactly the step's start, however long the pause was: no poll to wait for.
        assert screen.wake_in_s == 0.5
        clock.advance(screen.wake_in_s)
        screen.tick()  # what the timer calls
        await pilot.pause()
        assert text(app, "#heading") == "Stretch"
        assert cues.events[-1] == SegmentStarted(1, screen.session.current)


async def test_the_wake_up_after_a_resume_is_fixed_when_armed_and_moves_the_player_on(
    make_app: MakeApp, clock: FakeClock, cues: Any
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        app.play(app.library.routines["desk-5"])
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        await tick(app, pilot, clock, 1.5)  # half a second of getting ready left
        await pilot.press("space")
        clock.advance(30)
        loop = asyncio.get_running_loop()
        pressed = loop.time()
        await pilot.press("space")
        answered = loop.time()
        wake = screen._wake
        assert wake is not None and screen.wake_in_s == 0.5
        # On the loop's clock from the moment it was set: not from whenever a timer's task
        # first got to run after the key's repaint.
        assert pressed + 0.5 - EARLY_S <= wake.when() <= answered + 0.5 - EARLY_S
        clock.advance(0.5)  # the engine's deadline has come; the wake-up alone moves it on
        for _ in range(200):
            if text(app, "#heading") == "Stretch":
                break
            await pilot.pause(0.05)
        assert text(app, "#heading") == "Stretch"
        assert cues.events[-1] == SegmentStarted(1, screen.session.current)
        assert screen._wake is not None and screen._wake is not wake  # armed again


async def test_a_finished_session_is_routed_by_the_app_to_the_completion_screen(
    make_app: MakeApp, clock: FakeClock, cues: Any
) -> None:
    seen: list[str] = []
    app = make_app()
    async with app.run_test(
        message_hook=lambda message: seen.append(type(message).__name__)
    ) as pilot:
        app.play(app.library.routines["desk-5"])
        await pilot.pause()
        await tick(app, pilot, clock, 30)
        assert isinstance(app.screen, CompletionScreen)
        assert seen.count("SessionEnded") == 1


async def test_a_lost_wake_up_is_made_good_by_the_beat_check(
    make_app: MakeApp, clock: FakeClock, cues: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(player_module, "BEAT_CHECK_S", 0.02)
    app = make_app()
    async with app.run_test() as pilot:
        app.play(app.library.routines["desk-5"])
        screen = await play_started(app, pilot)
        wake = screen._wake
        assert wake is not None
        wake.cancel()  # lost: nothing would ever set the next one
        # (A check this frequent can come before the first paint's start on a busy machine:
        # count only what it does from here.)
        rescued = screen.rescues
        clock.advance(2.5)  # past getting ready, into the first side
        await until(pilot, lambda: text(app, "#heading") == "Stretch", "the first side")
        assert cues.events[-1] == SegmentStarted(1, screen.session.current)
        assert screen.rescues > rescued
        assert screen._wake is not None and screen._wake is not wake  # the beat goes on


async def test_a_start_lost_after_the_first_paint_is_made_good_by_the_beat_check(
    make_app: MakeApp, clock: FakeClock, monkeypatch: Any
) -> None:
    monkeypatch.setattr(player_module, "BEAT_CHECK_S", 0.02)
    # The callback that starts the clock after the first paint never comes.
    monkeypatch.setattr(PlayerScreen, "call_after_refresh", lambda *_args, **_kw: True)
    app = make_app()
    async with app.run_test() as pilot:
        app.play(app.library.routines["desk-5"])
        await until(pilot, lambda: isinstance(app.screen, PlayerScreen), "the player")
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        await until(pilot, lambda: screen.session.state == "running", "the session's start")
        assert screen.rescues >= 1  # the start (a busy machine may add a late wake-up)
        clock.advance(2.5)
        await until(pilot, lambda: text(app, "#heading") == "Stretch", "the first side")
