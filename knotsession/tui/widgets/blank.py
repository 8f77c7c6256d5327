"""Screens and containers drawn as blank lines: they show nothing of their own but their
background.

Textual styles every line a widget draws, its content and the room around it. A screen
with an opaque background, or a container with no border, outline or content of its own,
draws only its background, yet each of its lines went through that styling on a screen's
first frame (the player's six containers and the screen: about 5 ms of its first open).
Textual draws a widget marked `BLANK` as blank lines of its style at once (Textual 6.0, the
oldest supported, has no `BLANK`: there the mark changes nothing). The containers below are
marked, and so are the screens that say so (never a dialog: what shows through it is its
content). Only for widgets whose rules give them no border or outline: tests compare the
screens drawn both ways, cell for cell (tests/tui/test_blank.py).
"""

from __future__ import annotations

from textual.containers import Center, Horizontal, Vertical, VerticalScroll


class BlankHorizontal(Horizontal):
    """A row of widgets, drawn as its background."""

    BLANK = True


class BlankVertical(Vertical):
    """A column of widgets, drawn as its background."""

    BLANK = True


class BlankCenter(Center):
    """Centres its widget; drawn as its background."""

    BLANK = True


class BlankVerticalScroll(VerticalScroll):
    """A column that scrolls, drawn as its background (its scroll bar draws itself)."""

    BLANK = True
