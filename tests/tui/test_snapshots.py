"""Snapshots of the main screens at 80x24 (and the player small, light and with a figure).

Deterministic: the routines are the fixture's, the clock is fake, the tip is the first,
and the history (when there is one) is an empty file in a temporary folder.
Look at the SVGs in __snapshots__ after `pytest --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from figured_routine import figured_library
from textual.pilot import Pilot

from knotsession.core.engine import FakeClock
from knotsession.core.history import HistoryStore
from knotsession.core.settings import Settings
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.preview import PreviewScreen

MakeApp = Callable[..., KnotsessionApp]


def test_home(snap_compare: Any, make_app: MakeApp, settled: Any) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settled(pilot.app, pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def player_at_3_seconds(clock: FakeClock, settled: Any) -> Callable[[Pilot], Any]:
    async def run_before(pilot: Pilot) -> None:
        await settled(pilot.app, pilot)
        clock.advance(3)  # into the left side of the first step
        pilot.app.screen.tick()
        await pilot.pause()

    return run_before


def test_player(snap_compare: Any, make_app: MakeApp, clock: FakeClock, settled: Any) -> None:
    app = make_app(start_routine="desk-5")
    assert snap_compare(app, terminal_size=(80, 24), run_before=player_at_3_seconds(clock, settled))


def test_player_paused_in_the_light_theme(
    snap_compare: Any, make_app: MakeApp, clock: FakeClock, settled: Any
) -> None:
    app = make_app(start_routine="desk-5", settings=Settings(theme="light"))
    assert snap_compare(
        app, press=["space"], terminal_size=(80, 24), run_before=player_at_3_seconds(clock, settled)
    )


def test_player_at_44x12(
    snap_compare: Any, make_app: MakeApp, clock: FakeClock, settled: Any
) -> None:
    app = make_app(start_routine="desk-5")
    assert snap_compare(app, terminal_size=(44, 12), run_before=player_at_3_seconds(clock, settled))


def test_player_with_a_figure(
    snap_compare: Any, make_app: MakeApp, clock: FakeClock, settled: Any, tmp_path: Path
) -> None:
    app = make_app(library=figured_library(tmp_path / "figured"), start_routine="neck-figures")
    assert snap_compare(app, terminal_size=(80, 24), run_before=player_at_3_seconds(clock, settled))


def test_player_with_a_figure_at_44x12(
    snap_compare: Any, make_app: MakeApp, clock: FakeClock, settled: Any, tmp_path: Path
) -> None:
    app = make_app(library=figured_library(tmp_path / "figured"), start_routine="neck-figures")
    assert snap_compare(app, terminal_size=(44, 12), run_before=player_at_3_seconds(clock, settled))


def test_preview_with_a_figure(
    snap_compare: Any, make_app: MakeApp, settled: Any, tmp_path: Path
) -> None:
    library = figured_library(tmp_path / "figured")
    app = make_app(library=library)

    async def run_before(pilot: Pilot) -> None:
        await settled(pilot.app, pilot)
        routine = library.routines["neck-figures"]
        await pilot.app.push_screen(PreviewScreen(routine, lead_in_s=5))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_completion(
    snap_compare: Any, make_app: MakeApp, clock: FakeClock, tmp_path: Path, settled: Any
) -> None:
    path = tmp_path / "history.sqlite3"
    app = make_app(
        start_routine="desk-5",
        history_store_factory=lambda: HistoryStore.open(path),
        today=date.today,  # the row's date is the real one, so the streak is 1 day
    )

    async def run_before(pilot: Pilot) -> None:
        await settled(pilot.app, pilot)
        clock.advance(20)  # past the end of desk-5's 17 s
        pilot.app.screen.tick()
        await settled(pilot.app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
