"""Drawn lines reach the terminal in as few segments as look the same: runs of one style
joined, and blanks joined to the run before them when they would look no different."""

from __future__ import annotations

import pytest
from rich.segment import ControlType, Segment
from rich.style import Style
from textual.strip import Strip

from knotsession.tui.widgets.drawn_lines import joined

GREY = Style(color="grey50", bgcolor="black")
GREEN = Style(color="green", bgcolor="black")


def texts(strip: Strip) -> list[tuple[str, Style | None]]:
    return [(segment.text, segment.style) for segment in strip]


def test_runs_of_one_style_are_one_segment() -> None:
    strip = joined(Strip([Segment("ab", GREY), Segment("c", GREY), Segment("d", GREEN)]))
    assert texts(strip) == [("abc", GREY), ("d", GREEN)]
    assert strip.cell_length == 4


def test_a_blank_joins_the_run_before_it_when_it_would_look_the_same() -> None:
    # The calendar: squares with spaces of another foreground colour between them.
    squares = [Segment("■", GREEN), Segment(" ", GREY)] * 3
    assert texts(joined(Strip(squares))) == [("■ ■ ■ ", GREEN)]
    bold_blank = Style(color="red", bold=True, italic=True, dim=True, bgcolor="black")
    assert texts(joined(Strip([Segment("x", GREY), Segment("  ", bold_blank)]))) == [("x  ", GREY)]


@pytest.mark.parametrize(
    "blank",
    [
        Style(color="grey50", bgcolor="red"),  # another background
        Style(color="grey50", bgcolor="black", underline=True),
        Style(color="grey50", bgcolor="black", strike=True),
        Style(color="grey50", bgcolor="black", overline=True),
        Style(color="red", bgcolor="black", reverse=True),  # its foreground is its background
        Style(color="grey50", bgcolor="black", link="https://example.org"),
        Style(color="grey50", bgcolor="black", meta={"@click": "app.bell"}),
    ],
    ids=["background", "underline", "strike", "overline", "reverse", "link", "action"],
)
def test_a_blank_that_would_look_different_keeps_its_style(blank: Style) -> None:
    segments = [Segment("x", GREY), Segment(" ", blank)]
    assert texts(joined(Strip(segments))) == texts(Strip(segments))


def test_a_blank_first_joins_the_run_after_it() -> None:
    # A figure's margin before its first dots.
    segments = [Segment("  ", GREY), Segment("⠿⠿", GREEN), Segment("  ", GREY)]
    assert texts(joined(Strip(segments))) == [("  ⠿⠿  ", GREEN)]
    underlined = Style(color="grey50", bgcolor="black", underline=True)
    segments = [Segment("  ", underlined), Segment("⠿", GREEN)]
    assert texts(joined(Strip(segments))) == texts(Strip(segments))


def test_only_spaces_join() -> None:
    # Text, or a tab, is not a blank.
    segments = [Segment("x", GREY), Segment("\t", GREEN), Segment("y", GREY)]
    assert texts(joined(Strip(segments))) == texts(Strip(segments))
    assert texts(joined(Strip([]))) == []


def test_control_segments_are_left_alone() -> None:
    control = Segment("", None, [(ControlType.HOME,)])
    segments = [Segment("x", GREY), control, Segment(" ", GREEN)]
    assert list(joined(Strip(segments))) == segments
