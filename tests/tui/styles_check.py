"""Helpers for tests of styling: the warm-up as the app runs it, and every widget's styles."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from contextlib import contextmanager

from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.screen import Screen

from knotsession.tui.app import KnotsessionApp
from knotsession.tui.warm_up import warm_up


async def warmed_up(app: KnotsessionApp, pilot: Pilot) -> None:
    """Every screen's styles loaded, as the app does after home paints (not in tests)."""
    await asyncio.to_thread(warm_up, app, asyncio.get_running_loop())
    await pilot.pause()  # the stylesheet is taken on the loop
    gc.unfreeze()  # the warm-up freezes what it made; a test process should not keep it


def styles_of(root: DOMNode) -> dict[str, str]:
    """Every widget's styles in force, and its component classes', as CSS text."""
    return {
        f"{node!r} {index}": node.styles.css
        + "".join(node.get_component_styles(name).css for name in sorted(node._component_styles))
        for index, node in enumerate(root.walk_children(with_self=True))
    }


def restyled_in_full(root: DOMNode) -> dict[str, str]:
    """`styles_of(root)` after Textual styles every widget under `root` again."""
    root.app.stylesheet.update_nodes(list(root.walk_children(with_self=True)), animate=False)
    return styles_of(root)


@contextmanager
def restyles(app: KnotsessionApp) -> Iterator[list[list[DOMNode]]]:
    """Each batch of nodes Textual styles again while inside."""
    batches: list[list[DOMNode]] = []
    update = app.stylesheet.update_nodes

    def counted(nodes, animate=False):  # type: ignore[no-untyped-def]
        nodes = list(nodes)
        batches.append(nodes)
        update(nodes, animate)

    app.stylesheet.update_nodes = counted  # type: ignore[method-assign]
    try:
        yield batches
    finally:
        app.stylesheet.update_nodes = update  # type: ignore[method-assign]


def screens_restyled_whole(batches: list[list[DOMNode]]) -> list[DOMNode]:
    """The screens styled again with their widgets (not alone, as a class of theirs changes)."""
    return [
        node for nodes in batches if len(nodes) > 1 for node in nodes if isinstance(node, Screen)
    ]
