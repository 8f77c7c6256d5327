"""A 0-10 scale to say how tense you feel: arrows move, Enter or a digit chooses."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

LOWEST, HIGHEST = 0, 10


class TensionScale(Widget, can_focus=True):
    """0 (relaxed) to 10 (very tense)."""

    DEFAULT_CSS = """
    TensionScale {
        width: auto;
        height: 1;
    }
    """
    BINDINGS = [
        Binding("left", "move(-1)", "Less", show=False),
        Binding("right", "move(1)", "More", show=False),
        Binding("enter", "choose", "Choose", show=False),
    ]

    cursor: reactive[int] = reactive(5)
    """The number under the cursor."""

    chosen: reactive[int | None] = reactive(None)
    """The number chosen, once one is."""

    class Chosen(Message):
        """A number was chosen."""

        def __init__(self, scale: TensionScale, value: int) -> None:
            super().__init__()
            self.scale = scale
            self.value = value

        @property
        def control(self) -> TensionScale:
            return self.scale

    def render(self) -> Content:
        parts: list[str | tuple[str, str]] = []
        for number in range(LOWEST, HIGHEST + 1):
            label = f" {number} "
            if number == self.chosen:
                parts.append((label, "bold $text-accent reverse"))
            elif number == self.cursor and self.has_focus:
                parts.append((label, "bold reverse"))
            else:
                parts.append(label)
        return Content.assemble(*parts)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        """Move the cursor."""
        self.cursor = min(max(self.cursor + step, LOWEST), HIGHEST)

    def action_choose(self) -> None:
        """Choose the number under the cursor."""
        self.choose(self.cursor)

    def choose(self, value: int) -> None:
        """Choose `value` and say so."""
        self.cursor = value
        self.chosen = value
        self.post_message(self.Chosen(self, value))
