"""Fixtures for the app's tests: tiny routines, a fake clock, a cue player that only listens."""

from __future__ import annotations

import gc
from collections.abc import Awaitable, Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

# Test modules import these from `desk_routine` (test modules cannot import a conftest).
from desk_routine import DESK, MINE, write_routines
from player_clock import workers_done
from textual.app import App
from textual.pilot import Pilot

from knotsession import paths
from knotsession.core.engine import Event, FakeClock
from knotsession.core.library import Library, RoutineSource, load_library
from knotsession.tui.app import KnotsessionApp

HIPS = """\
name = "Hip ball release"
areas = ["hips", "glutes"]
position = "floor"
equipment = ["tennis ball"]
lead_in = 2

[[steps]]
name = "Ball under the hip"
kind = "massage"
duration = 5
instructions = "Lie on the ball and breathe."
"""

TODAY = date(2026, 3, 2)


class FakeCues:
    """A cue player that records what it was asked to play."""

    def __init__(self, muted: bool = False, notice: str | None = None) -> None:
        self.events: list[Event] = []
        self.muted = muted
        self.notice = notice
        self.volume: int | None = None
        self.closed = False

    def handle(self, event: Event) -> None:
        self.events.append(event)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def set_volume(self, volume: int) -> None:
        self.volume = volume

    def close(self) -> None:
        self.closed = True


class FakeNarrator:
    """Spoken guidance that records what it would say; `engine=False` has no speech engine."""

    def __init__(self, engine: bool = True) -> None:
        self.engine = engine
        self.enabled = False
        self.asked = False
        self.events: list[Event] = []
        self.closed = False
        self.detail = "full"

    @property
    def notice(self) -> str | None:
        if self.asked and not self.engine:
            return "Spoken guidance needs a speech engine: apt-get install espeak-ng."
        return None

    def handle(self, event: Event) -> None:
        if self.enabled:
            self.events.append(event)

    def set_enabled(self, enabled: bool) -> bool:
        self.asked = self.asked or enabled
        self.enabled = enabled and self.engine
        return self.enabled

    def set_detail(self, detail: str) -> None:
        self.detail = detail

    def close(self, timeout: float = 1.0) -> None:
        self.closed = True


async def settle(app: KnotsessionApp, pilot: Pilot) -> None:
    """Wait until the sound and history workers have run and their messages have landed."""
    while not app.parts_started:
        await pilot.pause()
    await workers_done(pilot)


@pytest.fixture
def toasts(monkeypatch: pytest.MonkeyPatch) -> Callable[[App[Any]], list[str]]:
    """`toasts(app)`: the message of every notification the app was asked to show, in order.

    Recorded through the public `App.notify` (which every screen's and widget's `notify`
    calls, in any app a test runs), then passed on, so the toast is shown as usual. A record,
    not what is on screen now: a toast's timeout runs on the wall clock, which a loaded
    machine makes a race."""
    shown: dict[int, list[tuple[str, str]]] = {}
    notify = App.notify

    def recording(app: App[Any], message: str, **options: Any) -> None:
        shown.setdefault(id(app), []).append((message, options.get("severity", "information")))
        notify(app, message, **options)

    monkeypatch.setattr(App, "notify", recording)

    def messages(app: App[Any]) -> list[str]:
        return [message for message, _ in shown.get(id(app), [])]

    return messages


@pytest.fixture(autouse=True)
def collector_back_on() -> Iterator[None]:
    """A screen's opening pauses the garbage collector until its first frame (styled_once.py):
    a test's app closing mid-opening must not leave it off for the tests after it."""
    yield
    gc.enable()


@pytest.fixture
def settled() -> Callable[[KnotsessionApp, Pilot], Awaitable[None]]:
    """`await settled(app, pilot)`: the app's workers have finished."""
    return settle


@pytest.fixture
def library(tmp_path: Path) -> Library:
    """desk-5 and a hip routine as bundled ones, and one of the person's own."""
    bundled = write_routines(tmp_path / "bundled", {"desk-5": DESK, "hip-ball": HIPS})
    mine = write_routines(tmp_path / "mine", {"my-neck": MINE})
    return load_library([RoutineSource(bundled, "bundled"), RoutineSource(mine, "user")])


@pytest.fixture
def own_routine() -> Path:
    """`my-neck`, the person's own routine, in their real routines folder (inside the
    test's own XDG folders)."""
    from knotsession import paths

    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "my-neck.toml"
    path.write_text(MINE, encoding="utf-8")
    return path


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def cues() -> FakeCues:
    """The cue player the app gets (it records every event)."""
    return FakeCues()


@pytest.fixture
def narrators() -> list[FakeNarrator]:
    """Every narrator the app made, in order."""
    return []


@pytest.fixture
def make_narrator(narrators: list[FakeNarrator]) -> Callable[..., Callable[..., FakeNarrator]]:
    """A narrator factory for the app: `make_narrator(engine=False)`."""

    def factory_for(engine: bool = True) -> Callable[..., FakeNarrator]:
        def factory(player: object, routine: object, lead_in_s: int) -> FakeNarrator:
            narrator = FakeNarrator(engine)
            narrator.set_enabled(True)
            narrators.append(narrator)
            return narrator

        return factory

    return factory_for


@pytest.fixture
def make_cues() -> type[FakeCues]:
    """Make another fake cue player, e.g. one with a notice."""
    return FakeCues


@pytest.fixture
def make_app(
    library: Library, clock: FakeClock, cues: FakeCues, make_narrator: Callable[..., object]
) -> Callable[..., KnotsessionApp]:
    """An app on the fake clock, with fake cue player and voice, and no history unless given."""

    def make(**options: object) -> KnotsessionApp:
        chosen_library = options.pop("library", library)
        settings = {
            "clock": clock,
            "cue_player_factory": lambda *_: cues,
            "narrator_factory": make_narrator(),
            "history_store_factory": None,
            "today": lambda: TODAY,
            "tip_number": 0,
        }
        settings.update(options)
        return KnotsessionApp(chosen_library, **settings)  # type: ignore[arg-type]

    return make


@pytest.fixture
def config() -> Path:
    """config.toml at its real place (inside the test's own XDG folders)."""
    path = paths.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
