"""The footer every screen shows: Textual's Footer, its keys made in their final style."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer

# The footer's key widget (Textual does not export it from textual.widgets).
from textual.widgets._footer import FooterKey


class KeysFooter(Footer):
    """Textual's Footer, whose keys start with the footer's `compact` already set.

    A Footer builds its keys again whenever the screen's bindings change (a screen opens, the
    focus moves, a key turns on or off). A new FooterKey starts compact; on mount it adds the
    `-compact` class, and all but the command palette's key are then bound to the footer's
    `compact` (False here) and drop it again, each change restyling the key and its two
    component classes: about a sixth of the CPU of a test that opens screens went to it.
    Set before mounting, neither finds anything to change; the keys look the same.
    """

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # The command palette's key is not bound to the footer: it stays compact.
                compact = widget.has_class("-command-palette") or self.compact
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget
