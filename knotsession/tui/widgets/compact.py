"""Textual's compact widgets, made with the classes they give themselves: `MadeCompact`
for any of them, and the button and text field made so.

Textual's widgets add classes to themselves as they are made: `-textual-compact` when
compact, a button's variant and style. In Textual 8 each class added restyles the widget
there and then, before it is even mounted (6.0 waits for the mount), and a compact widget
flips its class twice (off with the reactive's default, then on). These are made compact
and with those classes from the start, so nothing restyles them before their mount: about
a tenth of the settings form's first open. Should a Textual name the classes otherwise, the
widget adds its own, as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.reactive import reactive
from textual.widgets import Button, Input

if TYPE_CHECKING:
    from textual.widgets.button import ButtonVariant

COMPACT = "-textual-compact"
# A button's style class: newer Textuals give every button one (flat or default look).
STYLE = ("-style-default",) if hasattr(Button, "watch_flat") else ()


def with_classes(classes: str | None, *more: str) -> str:
    """`classes` (as given to a widget) with `more` first."""
    return " ".join((*more, *(classes or "").split()))


class MadeCompact:
    """Put first in the bases of a Textual widget with a `compact` reactive: the widget is
    made compact, with the class that says so."""

    compact = reactive(True, toggle_class=COMPACT)

    def __init__(self, *args: Any, classes: str | None = None, **kwargs: Any) -> None:
        made = {**kwargs, "classes": with_classes(classes, COMPACT), "compact": True}
        super().__init__(*args, **made)


class CompactButton(MadeCompact, Button):
    """A button made compact (its `compact` can still be turned off once made)."""

    def __init__(
        self,
        label: str,
        variant: ButtonVariant = "default",
        *,
        classes: str | None = None,
        **kwargs: Any,
    ) -> None:
        # Textual adds a variant's class only when it is not the default's.
        shown = () if variant == "default" else (f"-{variant}",)
        super().__init__(label, variant, classes=with_classes(classes, *shown, *STYLE), **kwargs)


class CompactInput(MadeCompact, Input):
    """A text field made compact (its `compact` can still be turned off once made)."""
