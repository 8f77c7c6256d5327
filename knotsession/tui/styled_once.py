"""Screens styled once when they open, not twice or three times.

Textual styles a screen's widgets as they mount, then again as a whole when the screen is
shown (`ScreenResume`), and once more when the screen's first resize gives it its breakpoint
classes (`-wide`, `-tall` ...). Profiled, styling was 30-40 % of a screen's first open,
and the last two passes change nothing when the stylesheet and theme are the ones the
widgets were styled with. A screen with `StyledOnce` in its bases (first for a `Screen`,
`class X(StyledOnce, Screen)`; right after the Textual class for any other, `class
Y(ModalScreen[None], StyledOnce)`: Textual takes a class's CSS type names through its
first base only, and a dialog made `(StyledOnce, ModalScreen)` lost `ModalScreen`'s styles):

- takes its breakpoint classes for the app's size as it is made (or, made outside the app,
  before its widgets mount), as Textual's resize would give them, so the resize finds
  nothing to change and Textual styles the screen with them from the start;
- notes what the styles follow (the app's stylesheet, its sources, the theme) before its
  widgets mount, and on its first showing skips the restyle if all of that is unchanged.
  Anything added meanwhile (a widget type's CSS, another screen's) or a theme change keeps
  Textual's restyle. Later showings (back from a dialog) are restyled as always.

And from its compose to its first frame the cyclic garbage collector is paused
(collector.py), when the screen is being shown: one made ahead (the player) composes
with the collector on, and has it paused from its first showing to its first frame.

Widgets still restyle themselves on their own changes (classes, focus, hover): tests check
every widget ends up styled as a full restyle would style it (tests/tui/test_styled_once.py).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from textual import events
from textual.screen import Screen
from textual.types import NoActiveAppError

from knotsession.tui.collector import pause_while_opening, resume_after_opening

# Textual lets a resume skip its restyle (`ScreenResume.refresh_styles`) in its later
# versions; before that, every showing restyles, and a screen here is styled as Textual does.
CAN_SKIP_RESTYLE = hasattr(events.ScreenResume, "refresh_styles")
COLLECTOR_BACK_AT_LATEST_S = 1.0  # after a screen's compose, whatever happened to it


def styles_in_force(screen: Screen[Any]) -> Hashable:
    """What every widget's styles follow: the app's stylesheet, its sources and the theme."""
    sheet = screen.app.stylesheet
    return (id(sheet), len(sheet.source), screen.app.theme)


class StyledOnce(Screen[Any]):
    """First in a `Screen`'s bases, after a `ModalScreen`: see the module's docstring."""

    _styled_with: Hashable | None = None
    _collector_paused = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        try:
            size = self.app.size
        except NoActiveAppError:  # made outside a running app: on its compose, below
            return
        # Not styled yet: the classes are taken without restyling anything.
        self.expect_size(*size, update=False)

    def expect_size(self, width: int, height: int, *, update: bool = True) -> None:
        """Take now the classes the breakpoints give at `width` x `height` (the screen's
        own, else the app's, as Textual picks them when the screen is sized); `update`:
        restyle the screen if they changed."""
        app = self.app
        horizontal = self.HORIZONTAL_BREAKPOINTS
        vertical = self.VERTICAL_BREAKPOINTS
        for breakpoints, size in (
            (app.HORIZONTAL_BREAKPOINTS if horizontal is None else horizontal, width),
            (app.VERTICAL_BREAKPOINTS if vertical is None else vertical, height),
        ):
            chosen = [name for at, name in sorted(breakpoints or [], reverse=True) if size >= at]
            for _at, name in breakpoints or []:
                self.set_class(name == chosen[0] if chosen else False, name, update=update)

    async def _on_compose(self, event: events.Compose) -> None:
        # Textual calls each class's handler in turn (not through super): this one runs
        # before Widget's, which composes, so before any widget mounts. (Made in the app,
        # the screen has them: this restyles it only if the app was resized meanwhile.)
        # Pushed, the screen is on the stack by now; made ahead, it is not.
        self._collector_paused = self.is_current and pause_while_opening()
        if self._collector_paused:
            # At the latest, should neither its first frame nor its unmount come.
            self.app.set_timer(COLLECTOR_BACK_AT_LATEST_S, self._resume_collector)
        self.expect_size(*self.app.size)
        self._styled_with = styles_in_force(self)

    def _resume_collector(self) -> None:
        if self._collector_paused:
            self._collector_paused = False
            resume_after_opening()

    def _on_unmount(self) -> None:
        # Closed before its first frame, as the app closes (its timers die with it).
        self._resume_collector()

    def _on_screen_resume(self, event: events.ScreenResume | None = None) -> None:
        # Runs before Textual's own (Screen's, called in turn, not through super), which
        # reads the flag. (Textual's own takes no event where the flag does not exist.)
        styled_with, self._styled_with = self._styled_with, None
        if styled_with is not None and not self._collector_paused:
            # First shown, made ahead (composed with the collector on): paused for its
            # first layout and frame, as a screen composed when it is asked for.
            self._collector_paused = pause_while_opening()
        if self._collector_paused:  # the first frame comes after this resume's layout
            self.call_after_refresh(self._resume_collector)
        if event is None or not CAN_SKIP_RESTYLE:
            return
        if styled_with is not None and styled_with == styles_in_force(self):
            setattr(event, "refresh_styles", False)  # noqa: B010 - not in every Textual's type
