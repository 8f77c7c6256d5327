"""Screens made ahead are laid out and drawn off screen too (Droppable.lay_out_ahead in
made_ahead.py): shown at the size they were laid out for, their first frame is put together
from those drawings at once, with no layout before it, and says what the screen says once
it has settled (but for the footer's keys, which come after the first frame)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from desk_routine import write_routines
from figured_routine import ANIMATED_FIRST
from player_clock import made_ahead, until
from styles_check import restyled_in_full, styles_of
from textual._compositor import Compositor
from textual.pilot import Pilot
from textual.screen import Screen

from knotsession.core.history import HistoryStore
from knotsession.core.library import RoutineSource, load_library
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.backends import open_history_store
from knotsession.tui.made_ahead import CAN_LAY_OUT_AHEAD, DRAW_AHEAD_ROWS, Droppable
from knotsession.tui.screens import gallery as gallery_module
from knotsession.tui.screens import home as home_module
from knotsession.tui.screens.home import HomeScreen
from knotsession.tui.screens.preview import PreviewScreen
from knotsession.tui.screens.settings import SettingsScreen
from knotsession.tui.widgets.figure import FigureView

MakeApp = Callable[..., KnotsessionApp]

# Textual before 8 lays a screen out and restyles it on every showing: nothing is laid out
# ahead there.
pytestmark = pytest.mark.skipif(
    not CAN_LAY_OUT_AHEAD, reason="this Textual lays a screen out on every showing"
)


@pytest.fixture(autouse=True)
def soon(monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview and the gallery made ahead in a hundredth of the time."""
    monkeypatch.setattr(home_module, "PREVIEW_AHEAD_S", 0.003)
    monkeypatch.setattr(gallery_module, "GALLERY_AHEAD_S", 0.005)


def frame_text(update: object) -> list[str]:
    """The lines of a whole-screen frame, as text."""
    strips = getattr(update, "strips", [])
    return ["".join(segment.text for strip in line for segment in strip) for line in strips]


async def drawn_ahead(pilot: Pilot, ready: Droppable) -> None:
    """Wait until `ready` is laid out off screen and its widgets drawn, a few per turn (its
    layout's Show events handled too)."""
    await until(pilot, lambda: ready._laid_out_for != (), "laid out ahead")
    for _ in range(10):
        await pilot.pause()


async def shown_at_once(
    app: KnotsessionApp,
    pilot: Pilot,
    monkeypatch: pytest.MonkeyPatch,
    ready: Droppable,
    key: str,
    width: int | None = None,
) -> list[str]:
    """Wait until `ready` is laid out and drawn ahead, press `key`, and check its first
    frame came before any layout of it and says what the settled screen says (in its first
    `width` columns, if given); that frame."""
    await drawn_ahead(pilot, ready)
    seen: list[tuple[str, object, list[str]]] = []  # layouts and frames, in order
    reflow, display = Compositor.reflow, app._display

    def noted_reflow(self: Compositor, parent: Any, size: Any) -> Any:
        seen.append(("layout", parent, []))
        return reflow(self, parent, size)

    def noted_display(screen: Screen[Any], update: Any) -> None:
        seen.append(("frame", screen, frame_text(update)))
        display(screen, update)

    monkeypatch.setattr(Compositor, "reflow", noted_reflow)
    monkeypatch.setattr(app, "_display", noted_display)
    await pilot.press(key)
    assert app.screen is ready
    kind, _, first = next(event for event in seen if event[1] is ready)
    assert kind == "frame"  # not laid out before it
    for _ in range(5):
        await pilot.pause()
    update = ready._compositor.render_update(full=True, screen_stack=app._background_screens)
    # All but the last line: the footer's keys come once a screen made ahead is shown.
    settled = frame_text(update)
    assert [line[:width] for line in first[:-1]] == [line[:width] for line in settled[:-1]]
    assert styles_of(ready) == restyled_in_full(ready)
    return first


async def test_the_settings_form(
    make_app: MakeApp, config: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.sessions.make_screens_ahead()
        ready = await made_ahead(pilot, lambda: app.settings_keeper.ready_form, "the form")
        first = await shown_at_once(app, pilot, monkeypatch, ready, "s")
        assert any("Lead-in" in line for line in first)


async def test_help_over_home(make_app: MakeApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dialog: the screen under it is drawn, dimmed, as it is shown."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.sessions.make_screens_ahead()
        ready = await made_ahead(pilot, lambda: app.sessions.ready_help.screen, "help")
        first = await shown_at_once(app, pilot, monkeypatch, ready, "question_mark")
        assert any("Stretch safely" in line for line in first)
        assert any("Neck" in line for line in first)  # home, dimmed, beside it


async def test_the_history_once_read(
    make_app: MakeApp, settled: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_history_ahead import TODAY, session

    store = HistoryStore.open()
    store.import_rows([session(1), session(2)])
    store.close()
    app = make_app(history_store_factory=open_history_store, today=lambda: TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(app, pilot)
        app.sessions.make_history_ahead()
        ready = await made_ahead(pilot, lambda: app.sessions.ready_history.screen, "history")
        first = await shown_at_once(app, pilot, monkeypatch, ready, "h")
        assert any("This week:" in line for line in first)


async def test_the_preview_rested_on(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Its figure (two poses taking turns) is animated once it is shown, not off screen."""
    folder = write_routines(tmp_path / "bundled", {"desk-5": ANIMATED_FIRST})
    app = make_app(library=load_library([RoutineSource(folder, "bundled")]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("right")

        home = app.screen
        assert isinstance(home, HomeScreen)

        def held() -> PreviewScreen | None:
            return None if home._preview is None else home._preview.screen

        ready = await made_ahead(pilot, held, "the preview")
        await drawn_ahead(pilot, ready)
        figure = ready.query_one("#figure", FigureView)
        assert len(figure.frames) > 1 and not figure._wants_timer()  # not animated off screen
        await shown_at_once(app, pilot, monkeypatch, ready, "enter")
        await until(pilot, figure._wants_timer, "the figure animated once shown")


async def test_the_gallery_from_the_preview(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made ahead with its first screenful of cards; the rest come once it is shown, and
    with them its scrollbar (made at once, its first frame had none either)."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("right", "enter")
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        ready = await made_ahead(pilot, lambda: preview.ready_gallery.screen, "the gallery")
        await shown_at_once(app, pilot, monkeypatch, ready, "g", width=100 - 2)


async def test_a_tall_widget_is_drawn_a_few_lines_at_a_time(
    make_app: MakeApp, config: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A widget's drawing can take longer than a turn of the event loop (the history's
    table): drawn ahead, each is drawn a few lines per call, top to bottom, all of them."""
    from textual.geometry import Region
    from textual.widget import Widget

    crops: dict[Widget, list[Region]] = {}
    render_lines = Widget.render_lines

    def noted(self: Widget, crop: Region) -> Any:
        if isinstance(self.screen, SettingsScreen) and not self.screen.is_current:
            crops.setdefault(self, []).append(crop)
        return render_lines(self, crop)

    monkeypatch.setattr(Widget, "render_lines", noted)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.sessions.make_screens_ahead()
        ready = await made_ahead(pilot, lambda: app.settings_keeper.ready_form, "the form")
        await drawn_ahead(pilot, ready)
        fields = ready.query_one("#fields")
        assert fields.region.height > DRAW_AHEAD_ROWS
        drawn = crops[fields]
        assert all(crop.height <= DRAW_AHEAD_ROWS for crop in drawn)
        assert [crop.y for crop in drawn] == list(range(0, fields.region.height, DRAW_AHEAD_ROWS))


async def test_a_screen_on_the_stack_is_not_laid_out_off_screen(
    make_app: MakeApp, tmp_path: Path
) -> None:
    """Under another screen a screen is not shown, yet it is not made ahead either: Textual
    lays it out as always when it is shown again (its history read may land meanwhile)."""
    from knotsession.tui.screens.gallery import PoseGalleryScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        gallery = PoseGalleryScreen()
        await app.push_screen(gallery)
        for _ in range(2):  # (the one right under the top counts as current in Textual)
            await app.push_screen(SettingsScreen(app.settings, tmp_path / "config.toml"))
        await pilot.pause()
        assert not gallery.is_current and not gallery.off_stack
        gallery.lay_out_when_made()
        gallery.lay_out_ahead()
        for _ in range(5):
            await pilot.pause()
        assert gallery._laid_out_for == ()


async def test_a_terminal_resized_since_lays_the_form_out_as_it_opens(
    make_app: MakeApp, config: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.sessions.make_screens_ahead()
        ready = await made_ahead(pilot, lambda: app.settings_keeper.ready_form, "the form")
        await drawn_ahead(pilot, ready)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, SettingsScreen)
        assert form.size == (80, 24)
        assert form.query_one("#fields").region.width <= 80
        assert ready._laid_out_for == ()
