"""Breaks in the app: b starts the suggested standing routine; after the first session the
home screen offers the background reminder with r, and says how to turn it off."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from player_clock import workers_done
from textual.widgets import Static

from knotsession.breaks import service
from knotsession.core.library import RoutineSource, load_library
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.player import PlayerScreen
from knotsession.tui.streak import StreakLine
from knotsession.tui.widgets.break_offer import OFFER, BreakOffer

MakeApp = Callable[..., KnotsessionApp]

DESK = """\
name = "Desk"
areas = ["neck"]
position = "seated"
lead_in = 0

[[steps]]
name = "Tilt"
duration = 5
"""

WALK = """\
name = "Walk <b>and</b> [bold]move[/bold]"
areas = ["legs"]
position = "standing"
lead_in = 0

[[steps]]
name = "Walk about"
kind = "walk"
duration = 30
"""


@pytest.fixture
def with_walk(tmp_path: Path) -> Any:
    folder = tmp_path / "walk"
    folder.mkdir()
    (folder / "desk-5.toml").write_text(DESK)
    (folder / "walk-about.toml").write_text(WALK)
    return load_library([RoutineSource(folder, "bundled")])


def footer(app: KnotsessionApp) -> list[tuple[str, str]]:
    return [(key.key_display, key.description) for key in app.screen.query("FooterKey")]


def offer(app: KnotsessionApp) -> BreakOffer:
    return app.screen.query_one(BreakOffer)


async def test_b_starts_the_suggested_standing_routine(make_app: MakeApp, with_walk: Any) -> None:
    app = make_app(library=with_walk)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.routine.id == "walk-about"


async def test_the_toast_names_the_routine_as_text(
    make_app: MakeApp, with_walk: Any, toasts: Any
) -> None:
    app = make_app(library=with_walk)
    async with app.run_test(size=(80, 24)) as pilot:
        app.breaks.nudge()
        await pilot.pause()
        assert toasts(app) == [
            "Time to stand up and move — b starts Walk <b>and</b> [bold]move[/bold]"
        ]


async def test_no_offer_before_the_first_session(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.show_streak(StreakLine(0, 0, 0))
        await pilot.pause()
        assert not offer(app).display
        assert ("r", "Breaks on") not in footer(app)


async def test_after_a_session_r_turns_background_breaks_on(
    make_app: MakeApp, toasts: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def install() -> service.Outcome:
        calls.append("install")
        return service.Outcome(("Wrote x.service", "Break reminders are on."))

    monkeypatch.setattr(service, "install", install)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.show_streak(StreakLine(1, 1, 1))
        await pilot.pause()
        assert offer(app).display
        assert ("r", "Breaks on") in footer(app)
        assert str(app.screen.query_one("#break-offer", Static).content) == OFFER
        assert "off again: knotsession remind --uninstall" in OFFER
        await pilot.press("r")
        await workers_done(pilot)
        assert calls == ["install"]
        assert toasts(app)[-1] == "Wrote x.service Break reminders are on."
        assert not offer(app).display


async def test_a_failed_install_keeps_the_offer(
    make_app: MakeApp, toasts: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        service, "install", lambda: service.Outcome(("systemctl could not start it",), 1)
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.show_streak(StreakLine(1, 1, 1))
        await pilot.press("r")
        await workers_done(pilot)
        assert toasts(app)[-1] == "systemctl could not start it"
        assert offer(app).display


async def test_once_installed_there_is_no_offer(make_app: MakeApp) -> None:
    from knotsession import paths

    paths.systemd_unit_file().parent.mkdir(parents=True)
    paths.systemd_unit_file().write_text("[Unit]\n")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.show_streak(StreakLine(1, 1, 1))
        await pilot.pause()
        assert not offer(app).display


async def test_the_offer_is_in_the_next_first_paint(make_app: MakeApp) -> None:
    """Shown when last decided, it is there from home's first paint, its key in the footer:
    appearing once the history is read moved the lists and changed the footer (two layouts
    and renders of the whole screen). Decided against, it is not."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert not offer(app).display  # never decided: not shown
        app.screen.show_streak(StreakLine(1, 1, 1))
        await pilot.pause()
    again = make_app()
    async with again.run_test(size=(80, 24)):
        assert offer(again).display
        assert ("r", "Breaks on") in footer(again)
        again.screen.show_streak(StreakLine(0, 0, 0))  # the history emptied meanwhile
    third = make_app()
    async with third.run_test(size=(80, 24)):
        assert not offer(third).display


async def test_turned_on_it_is_not_in_the_next_first_paint(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "install", lambda: service.Outcome(("Break reminders are on.",)))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.show_streak(StreakLine(1, 1, 1))
        await pilot.press("r")
        await workers_done(pilot)
        assert not offer(app).display
    again = make_app()
    async with again.run_test(size=(80, 24)):
        assert not offer(again).display
