"""A dialog dims the screen under it as Textual's `BackgroundScreen` would: the frames are
the same cell for cell, characters and styles, in both themes and after the screen under
it changed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from looks import looks
from player_clock import until
from rich.style import Style
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.strip import Strip

from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.dialog import Dialog, DimmedScreen
from knotsession.tui.screens.help import HelpScreen
from knotsession.tui.themes import THEMES

MakeApp = Callable[..., KnotsessionApp]


async def frame(pilot: Pilot) -> list[list[tuple[str, object]]]:
    """The app's whole frame once the dialog has drawn again."""
    pilot.app.screen.refresh()
    await pilot.pause()
    return looks(pilot.app.screen._compositor.render_strips(), with_actions=True)


@pytest.mark.parametrize("theme", sorted(THEMES))
async def test_help_dims_home_cell_for_cell_as_textual_does(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch, theme: str
) -> None:
    drawn: list[DimmedScreen] = []
    lines = DimmedScreen.lines

    def noted(self: DimmedScreen, base: Style) -> list[Strip]:
        drawn.append(self)
        return lines(self, base)

    monkeypatch.setattr(DimmedScreen, "lines", noted)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = THEMES[theme].name
        await pilot.pause()
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        ours = await frame(pilot)
        assert drawn and drawn[-1].screen is app.screen_stack[-2], "home was not drawn here"
        assert "s Settings" in "".join(char for line in ours for char, _ in line)

        with monkeypatch.context() as textual_own:  # Textual's own drawing of the background
            textual_own.setattr(Dialog, "render", ModalScreen.render)
            count = len(drawn)
            textuals = await frame(pilot)
            assert len(drawn) == count
        assert ours == textuals

        # Home changes under the dialog: it is dimmed as it is now.
        home = app.screen_stack[-2]
        home.query_one("#areas").styles.background = "red"
        await pilot.pause()
        changed = await frame(pilot)
        assert changed != ours
        with monkeypatch.context() as textual_own:
            textual_own.setattr(Dialog, "render", ModalScreen.render)
            assert changed == await frame(pilot)


def test_every_dialog_of_the_app_is_a_dialog() -> None:
    """Each modal screen of knotsession dims what is under it the quick way."""
    import importlib
    import pkgutil

    import knotsession.tui.screens as screens

    for module in pkgutil.iter_modules(screens.__path__):
        importlib.import_module(f"{screens.__name__}.{module.name}")
    modal = {cls for cls in _subclasses(ModalScreen) if cls.__module__.startswith("knotsession")}
    assert HelpScreen in modal
    assert all(issubclass(cls, Dialog) for cls in modal), modal


def _subclasses(base: type) -> set[type]:
    found = set(base.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found
