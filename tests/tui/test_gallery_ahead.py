"""The pose gallery made ahead by the screens that open it (ReadyGallery in
screens/gallery.py): `g` shows it when it was made for the terminal's size, a new gallery
otherwise; only its first screenful is mounted until it is shown; it goes with the screen
that made it, and none is held once a session starts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from player_clock import made_ahead, until
from styles_check import restyled_in_full, styles_of
from textual.pilot import Pilot

from knotsession.figures.poses import bundled_poses
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens import gallery as gallery_module
from knotsession.tui.screens.gallery import PoseCard, PoseGalleryScreen
from knotsession.tui.screens.help import HelpScreen
from knotsession.tui.screens.player import PlayerScreen
from knotsession.tui.screens.preview import PreviewScreen

MakeApp = Callable[..., KnotsessionApp]


@pytest.fixture(autouse=True)
def soon(monkeypatch: pytest.MonkeyPatch) -> None:
    """The gallery made a moment after its opener is shown, in a hundredth of the time."""
    monkeypatch.setattr(gallery_module, "GALLERY_AHEAD_S", 0.005)


async def gallery_ahead(screen: PreviewScreen | HelpScreen, pilot: Pilot) -> PoseGalleryScreen:
    return await made_ahead(pilot, lambda: screen.ready_gallery.screen, "the gallery")


async def open_preview(app: KnotsessionApp, pilot: Pilot) -> PreviewScreen:
    await pilot.press("right", "enter")
    preview = app.screen
    assert isinstance(preview, PreviewScreen)
    return preview


def mounted_cards(gallery: PoseGalleryScreen) -> int:
    return len(gallery.query(PoseCard))


async def test_g_in_the_preview_shows_the_gallery_made_ahead(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        preview = await open_preview(app, pilot)
        ready = await gallery_ahead(preview, pilot)
        for _ in range(10):  # off screen, no more than its first screenful is mounted
            await pilot.pause()
        first = mounted_cards(ready)
        assert 0 < first < len(bundled_poses())
        await pilot.press("g")
        assert app.screen is ready
        await until(pilot, lambda: ready.filled, "every card once shown")
        assert mounted_cards(ready) == len(bundled_poses())
        assert styles_of(ready) == restyled_in_full(ready)
        await pilot.press("escape")
        assert app.screen is preview
        await until(pilot, lambda: not ready.is_attached, "the gallery removed once closed")


async def test_g_in_help_shows_the_gallery_made_ahead(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        ready = await gallery_ahead(help_screen, pilot)
        await pilot.press("g")
        assert app.screen is ready


async def test_a_terminal_resized_since_gets_a_new_gallery(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        preview = await open_preview(app, pilot)
        ready = await gallery_ahead(preview, pilot)
        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        await pilot.press("g")
        gallery = app.screen
        assert isinstance(gallery, PoseGalleryScreen) and gallery is not ready
        assert gallery.scale == 2  # drawn for the large terminal
        await until(pilot, lambda: not ready.is_attached, "the old gallery removed")


async def test_it_goes_with_the_preview(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        preview = await open_preview(app, pilot)
        ready = await gallery_ahead(preview, pilot)
        await pilot.press("escape")
        await until(pilot, lambda: not ready.is_attached, "the gallery removed with the preview")


async def test_none_is_held_once_a_session_starts(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        preview = await open_preview(app, pilot)
        ready = await gallery_ahead(preview, pilot)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, PlayerScreen), "the player")
        await until(pilot, lambda: not ready.is_attached, "the gallery dropped")


async def test_g_before_it_is_made_opens_a_new_gallery(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gallery_module, "GALLERY_AHEAD_S", 30.0)  # the person is quick
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_preview(app, pilot)
        await pilot.press("g")
        gallery = app.screen
        assert isinstance(gallery, PoseGalleryScreen)
        await until(pilot, lambda: gallery.filled, "every card")
