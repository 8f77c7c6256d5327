"""What a terminal shows of strips, cell by cell, however their segments are cut."""

from __future__ import annotations

from collections.abc import Iterable

from textual.strip import Strip

from knotsession.tui.widgets.drawn_lines import blank_look


def looks(strips: Iterable[Strip], *, with_actions: bool = False) -> list[list[tuple[str, object]]]:
    """Each line's characters with their styles (without links and Textual's cell offsets,
    unless `with_actions`); for a space, only what it shows: drawn lines may give a blank
    the style beside it."""
    return [
        [
            (char, blank_look(style) if char == " " else style)
            for segment in strip
            for style in [
                segment.style.clear_meta_and_links()
                if segment.style and not with_actions
                else segment.style
            ]
            for char in segment.text
        ]
        for strip in strips
    ]
