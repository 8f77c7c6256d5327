"""The footer every screen shows: Textual's Footer, built again only when its keys change,
and built only on the screen shown."""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.widgets import Footer

# The footer's key widget (Textual does not export it from textual.widgets).
from textual.widgets._footer import FooterKey


class KeysFooter(Footer):
    """Textual's Footer, with two things it did on every binding change left out.

    A Footer builds its keys again whenever the screen's bindings might have changed: a
    screen opens or comes back, the focus moves, a key turns on or off. Most of the time the
    keys shown are the same ones, so the footer is only rebuilt when what it would show
    differs. And a new FooterKey starts compact; on mount it adds the `-compact` class, and
    all but the command palette's key are then bound to the footer's `compact` (False here)
    and drop it again, each change restyling the key and its two component classes. Set
    before mounting, neither finds anything to change. The keys look the same.

    Textual builds the keys after the screen's first paint, and then lays out and paints
    the whole screen again. `with_screen` builds them with the screen, in its first paint,
    when the screen is the one shown: home does, as the app starts (that second layout was
    the longest stall of the event loop after first paint). Other screens keep Textual's
    order for now (benchmarks/README.md, "Round nine"). On a screen made ahead
    (composed off screen: the player, the completion card) the keys are built once it is
    shown, after its first paint: built off screen, they were drawn and laid out in that
    first paint, about 30 % of the completion card's (measured as the loop's CPU).
    """

    _shown: Hashable | None = None  # what the keys were built from, once there were any

    def __init__(self, *, with_screen: bool = False) -> None:
        super().__init__()
        self.with_screen = with_screen

    def compose(self) -> ComposeResult:
        if self.with_screen and self.screen.is_current:
            # The screen's bindings are known now; the rebuild its resume asks for after
            # the first paint then finds the same keys (benchmarks/README.md, "Round nine").
            self.set_reactive(Footer._bindings_ready, True)
        shown = self._keys_shown()
        built = False
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # The command palette's key is not bound to the footer: it stays compact.
                compact = widget.has_class("-command-palette") or self.compact
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
                built = True
            yield widget
        self._shown = shown if built else None

    async def recompose(self) -> None:
        if self.is_attached and not self.screen.is_current:
            # Off screen: made ahead, or on its way out. A screen shown is resumed, and
            # its resume refreshes its bindings, which asks again (Textual 6.0 and 8).
            return
        if self.is_attached and self._shown is not None and self._keys_shown() == self._shown:
            return  # the same keys, in the same state: nothing to build again
        await super().recompose()

    def _keys_shown(self) -> Hashable:
        """Everything Footer.compose reads to build the keys."""
        app = self.app
        return (
            self.compact,
            self.show_command_palette,
            app.ENABLE_COMMAND_PALETTE,
            tuple(
                (key, binding, enabled, tooltip, app.get_key_display(binding))
                for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
                # Keys the footer does not show (the focused list's) change nothing in it.
                if binding.show or key == app.COMMAND_PALETTE_BINDING
            ),
        )
