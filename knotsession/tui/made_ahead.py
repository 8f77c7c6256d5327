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

All but the player and the card (filled in as they are shown) are laid out and drawn ahead
too (`Droppable.lay_out_ahead`), once made and showing what they will show (the history
once read): a screen's layout in one turn of the event loop (again if that layout asks for
another, as a scrollbar appearing does), its widgets' drawings a few lines per turn. Shown
at the size it was laid out for, its first frame is put together from those drawings at
once; Textual would not lay it out again (its size is unchanged) and would draw it on its
next update, up to a frame later. What the showing changes (the focus, the footer's keys)
is laid out and drawn on that update. A screen's own background is drawn as it is shown: a
dialog's is the screen under it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import Any, Generic, TypeVar

from textual import events
from textual.app import App
from textual.geometry import Region
from textual.screen import Screen
from textual.types import NoActiveAppError
from textual.widget import Widget

# A Textual that lets a resume skip its restyle also lays a screen out on resume only if its
# size changed; before that, every showing lays it out and restyles it: nothing is laid out
# ahead there.
CAN_LAY_OUT_AHEAD = hasattr(events.ScreenResume, "refresh_styles")
DRAW_AHEAD_SLICE_S = 0.004  # widgets drawn ahead in turns of the event loop this long
DRAW_AHEAD_ROWS = 4  # lines of a widget drawn at a time
LAYOUTS_AHEAD = 3  # at most, when a layout asks for another
NEXT_TURN_S = 0.001  # (a timer of 0 never fires in Textual)


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

    # The terminal's size the screen was laid out and drawn for, off screen, if it was.
    _laid_out_for: tuple[int, ...] = ()

    def lay_out_when_made(self) -> None:
        """Lay the screen out ahead after the shown screen's next frame, if it is made ahead
        (call it once the screen shows what it will show when it opens)."""
        if self.off_stack:
            self.call_after_refresh(self.lay_out_ahead)

    @property
    def off_stack(self) -> bool:
        """Made ahead: not shown, nor on the screen stack (as one under a dialog is)."""
        return self not in self.app.screen_stack

    def lay_out_ahead(self) -> None:
        """Lay the screen out for the terminal's size and draw its widgets, off screen: its
        first showing at that size then only puts the frame together from their drawings.
        The layout takes a turn of the event loop, the drawing a few lines per turn.
        Call it once the screen is made and shows what it will show when it opens."""
        if CAN_LAY_OUT_AHEAD:
            self._lay_out_off_screen(LAYOUTS_AHEAD)

    def _lay_out_off_screen(self, layouts_left: int) -> None:
        self._laid_out_for = ()
        if not self.off_stack or not self.made:
            return
        size = self.app.size
        try:
            self._layout_required = False  # as Textual's update does
            self._refresh_layout(size)  # not shown: arranged, nothing drawn
            # Each widget's lines, from the top, as the compositor asks for them (not its
            # own background: a dialog's is the screen under it, when it is shown).
            parts = [
                (widget, region.width, region.height, 0)
                for widget, (region, _clip) in self._compositor.visible_widgets.items()
                if widget is not self
            ]
        except Exception:  # a Textual that changed inside: opened as without
            return
        self._laid_out_for = tuple(size)
        self._next_turn(self._draw_ahead, parts, layouts_left - 1)

    def _draw_ahead(self, parts: list[tuple[Widget, int, int, int]], layouts_left: int) -> None:
        """Draw the widgets' lines, a few at a time, for a slice of the event loop's time
        (a table's rows take longer than a turn); a widget keeps them until it changes."""
        if not self._laid_out_for or not self.off_stack or self._dropped:
            return
        if self._layout_required and layouts_left > 0:
            # A layout can ask for another (a scrollbar that appeared narrows what is
            # beside it); Textual lays out only the screen shown: done here.
            self._lay_out_off_screen(layouts_left)
            return
        started = time.perf_counter()
        while parts and time.perf_counter() - started < DRAW_AHEAD_SLICE_S:
            widget, width, height, top = parts.pop()
            rows = min(DRAW_AHEAD_ROWS, height - top)
            widget.render_lines(Region(0, top, width, rows))
            if top + rows < height:
                parts.append((widget, width, height, top + rows))
        if parts or (self._layout_required and layouts_left > 0):  # the rest, or a layout
            self._next_turn(self._draw_ahead, parts, layouts_left)

    def _next_turn(self, callback: Callable[..., None], *args: Any) -> None:
        """`callback(*args)` in a later turn of the event loop, after what is waiting: a
        message to the app (`call_later`) can run in the same turn as the one posting it."""
        self.app.set_timer(NEXT_TURN_S, partial(callback, *args))

    def _on_screen_resume(self, event: events.ScreenResume | None = None) -> None:
        # Before Textual's own, which lays a screen out again only if its size changed, and
        # draws it on its next update, up to a frame later.
        laid_out_for, self._laid_out_for = self._laid_out_for, ()
        if laid_out_for and laid_out_for == tuple(self.app.size) == tuple(self.outer_size):
            self.call_next(self._draw_now)

    def _draw_now(self) -> None:
        """The whole screen on the terminal now, put together from the drawings made ahead
        (a widget changed since is drawn again); what the resume changed (the focus) is
        laid out and drawn on the next update, as always."""
        if self.is_current:
            app = self.app
            frame = self._compositor.render_update(full=True, screen_stack=app._background_screens)
            app._display(self, frame)
            # Shown by the layout ahead, off screen, its widgets are told again now that they
            # are on the terminal (a figure's animation starts then).
            for widget in self._compositor.visible_widgets:
                if widget is not self:
                    widget.post_message(events.Show())

    @property
    def made(self) -> bool:
        """Composed and mounted, all of it: ready to be shown (and not dropped)."""
        return self.is_mounted and not self._dropped

    def drop(self) -> None:
        """Not wanted after all: removed now, or once made if it is still being composed,
        never half-way through its mount."""
        made = self.made
        self._dropped = True  # what comes for it meanwhile (a read) finds it dropped
        if made:
            self.remove()

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
