"""The warm-up while a session plays (tui/warm_up.py): only the CSS of the screen after it
and of what that screen names, and that is all the completion screen reads."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest
from player_clock import play_started, until

from knotsession.core.engine import FakeClock
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.completion import CompletionScreen
from knotsession.tui.warm_up import (
    AFTER_THE_SESSION,
    classes_named_in,
    full_stylesheet,
    take_stylesheet,
)

pytestmark = pytest.mark.usefixtures("freeze_restored")


@pytest.fixture(autouse=True)
def nothing_stays_frozen() -> Iterator[None]:
    yield
    gc.unfreeze()


def css_names(app: KnotsessionApp) -> set[str]:
    """Where each of the app's CSS sources came from (a file, or `Class.DEFAULT_CSS`)."""
    return {str(read_from[1] or read_from[0]) for read_from in app.stylesheet.source}


async def test_the_card_after_a_session_reads_no_css_the_playing_warm_up_left_out(
    make_app: Callable[..., KnotsessionApp], clock: FakeClock
) -> None:
    app = make_app(start_routine="desk-5")
    async with app.run_test(size=(100, 30)) as pilot:
        await play_started(app, pilot)
        # What the warm-up's thread does, here on the loop: nothing can come in between.
        named = classes_named_in(AFTER_THE_SESSION)
        sheet = full_stylesheet(app.stylesheet, named)
        assert take_stylesheet(app, sheet, app.get_css_variables())
        sources = set(app.stylesheet.source)
        names = css_names(app)
        assert {"Input.DEFAULT_CSS", "Button.DEFAULT_CSS"} <= names  # what the card names...
        assert "Tree.DEFAULT_CSS" not in names  # ...not every widget Textual loaded
        assert any(name.endswith("completion.tcss") for name in names)
        assert not any(name.endswith("history.tcss") for name in names)
        clock.advance(3600)  # past the end of every step
        await until(pilot, lambda: isinstance(app.screen, CompletionScreen), "the card")
        assert set(app.stylesheet.source) - sources == set()
