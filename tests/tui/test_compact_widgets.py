"""Compact widgets made with the classes Textual gives them (tui/widgets/compact.py): the
same classes as Textual's own compact widget, and no restyle before they mount."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.app import App, ComposeResult
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Button, Input

from knotsession.tui.widgets.compact import CompactButton, CompactInput

# (Textual's widget made compact, ours), made alike.
PAIRS: list[tuple[Callable[[], Widget], Callable[[], Widget]]] = [
    (lambda: Button("Go", "primary", compact=True), lambda: CompactButton("Go", "primary")),
    (lambda: Button("Stop", "error", compact=True), lambda: CompactButton("Stop", "error")),
    (lambda: Button("Back", compact=True, classes="x"), lambda: CompactButton("Back", classes="x")),
    (
        lambda: Input(placeholder="filter", compact=True),
        lambda: CompactInput(placeholder="filter"),
    ),
]
IDS = ["primary-button", "error-button", "default-button", "input"]
# What a class added or taken off calls to restyle the widget (named so before Textual 7).
RESTYLE = "update_node_styles" if hasattr(DOMNode, "update_node_styles") else "_update_styles"


class Holder(App[None]):
    def __init__(self, make: Callable[[], Widget]) -> None:
        super().__init__()
        self.make = make

    def compose(self) -> ComposeResult:
        yield self.make()


def restyles_while_made(make: Callable[[], Widget]) -> int:
    """How many times making a widget asks Textual to restyle it. (Textual 6.0 does nothing
    for a widget not yet mounted; Textual 8 restyles it: the saving is the newer one's.)"""
    calls: list[DOMNode] = []
    original = getattr(DOMNode, RESTYLE)

    def counted(node: DOMNode, *args: object, **kwargs: object) -> None:
        calls.append(node)
        original(node, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DOMNode, RESTYLE, counted)
        make()
    return len(calls)


@pytest.mark.parametrize(("textuals", "ours"), PAIRS, ids=IDS)
async def test_the_same_classes_as_textuals_compact_widget_once_mounted(
    textuals: Callable[[], Widget], ours: Callable[[], Widget]
) -> None:
    classes = []
    for make in (textuals, ours):
        async with Holder(make).run_test() as pilot:
            await pilot.pause()
            widget = pilot.app.screen.children[0]
            assert widget.has_class("-textual-compact")
            classes.append(set(widget.classes))
    assert classes[0] == classes[1]


@pytest.mark.parametrize(("textuals", "ours"), PAIRS, ids=IDS)
def test_nothing_restyles_them_while_they_are_made(
    textuals: Callable[[], Widget], ours: Callable[[], Widget]
) -> None:
    assert restyles_while_made(textuals) > 0  # what the compact classes save
    assert restyles_while_made(ours) == 0


async def test_they_can_still_be_made_not_compact() -> None:
    async with Holder(lambda: CompactButton("Go", id="go")).run_test() as pilot:
        button = pilot.app.query_one("#go", Button)
        button.compact = False
        await pilot.pause()
        assert not button.has_class("-textual-compact")
