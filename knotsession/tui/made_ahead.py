"""Screens made ahead: composed and mounted off screen before they are asked for, so opening
one only lays it out and draws it.

Textual composes and mounts a screen when it registers it; pushing or switching to a screen
already running only resumes it. There is no public call for the first part, so a Textual
that changed it costs the head start only: `make_ahead` says so, and the screen is then made
when it is asked for, as without one. The player, the settings form, help and the history
screen are made ahead at home, the completion card during a session's last step
(session_start.py, settings_apply.py), the preview of the routine the person rests on in
home's list (screens/preview.py) and the pose gallery while a screen that opens it is shown
(screens/gallery.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from textual.app import App
from textual.screen import Screen
from textual.types import NoActiveAppError


def make_ahead(app: App[Any], screen: Screen[Any]) -> bool:
    """Start composing and mounting `screen` off screen; False if Textual would not."""
    try:
        # Its stylesheet first (a no-op once the warm-up loaded every screen's), so the
        # widgets are styled for good when they mount, not again when it is shown.
        app._load_screen_css(screen)
        app._register(app, screen)
    except Exception:
        return False
    return True


class Droppable(Screen[Any]):
    """A screen made ahead that may not be wanted after all. Put it first in the bases, before
    `StyledOnce`; its `on_mount` starts with `if self.removed_if_dropped(): return`."""

    _dropped = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        try:
            size = self.app.size
        except NoActiveAppError:  # made outside a running app
            self.made_for: tuple[int, ...] = ()
        else:
            self.made_for = tuple(size)  # the terminal's size when it was made

    def _update_auto_focus(self) -> None:
        # Textual focuses a screen's AUTO_FOCUS widget as it composes it, shown or not. Made
        # ahead, that widget would be blurred, and restyled with its children, each time
        # another screen opened (7-10 ms of the player's first open, for help's and the
        # history's): it is focused when the screen is shown (Textual does it on resume).
        if self.is_current:
            super()._update_auto_focus()

    @property
    def made(self) -> bool:
        """Composed and mounted, all of it: ready to be shown."""
        return self.is_mounted

    def drop(self) -> None:
        """Not wanted after all: removed now, or once made if it is still being composed,
        never half-way through its mount."""
        if self.made:
            self.remove()
        else:
            self._dropped = True

    def removed_if_dropped(self) -> bool:
        """Once made (in `on_mount`): remove the screen if it was dropped meanwhile."""
        if self._dropped:
            self.remove()
        return self._dropped


DroppableScreen = TypeVar("DroppableScreen", bound=Droppable)


class ReadyScreen(Generic[DroppableScreen]):
    """At most one screen made ahead, until it is taken or dropped."""

    def __init__(self) -> None:
        self.screen: DroppableScreen | None = None

    def make(self, app: App[Any], screen: DroppableScreen) -> None:
        """Make `screen` ahead in `app`, in place of the one held (dropped); kept only if
        Textual would make it (else it is made when it is asked for)."""
        self.drop()
        if make_ahead(app, screen):
            self.screen = screen

    def take(self, fits: Callable[[DroppableScreen], bool] | None = None) -> DroppableScreen | None:
        """The screen held, if it is made, for the terminal's size now, and `fits` (if
        given); else None, and it is dropped."""
        ready, self.screen = self.screen, None
        if ready is not None and ready.made and ready.made_for == tuple(ready.app.size):
            fitting = fits is None or fits(ready)
            if fitting:
                return ready
        if ready is not None:
            ready.drop()
        return None

    def drop(self) -> None:
        """Not wanted after all."""
        ready, self.screen = self.screen, None
        if ready is not None:
            ready.drop()
