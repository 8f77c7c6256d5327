"""The pose gallery: every pose by name, columns that fit, the filter, escape; a snapshot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from knotsession.figures.poses import bundled_poses
from knotsession.figures.render import render_pose
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens import gallery
from knotsession.tui.screens.gallery import PoseCard, PoseGalleryScreen, matches, name_lines
from knotsession.tui.screens.home import HomeScreen

MakeApp = Callable[..., KnotsessionApp]
CHIN_POSES = ["chin-tuck-out", "chin-tuck-in", "standing-chin-tuck-out", "standing-chin-tuck-in"]


async def open_gallery(
    app: KnotsessionApp, pilot: Pilot, closed: list[object] | None = None
) -> PoseGalleryScreen:
    """Open the gallery over the home screen and wait until every card is mounted."""
    screen = PoseGalleryScreen()
    await app.push_screen(screen, closed.append if closed is not None else None)
    await filled(screen, pilot)
    return screen


async def filled(screen: PoseGalleryScreen, pilot: Pilot) -> None:
    """Wait until the gallery has a card for every pose (a batch comes after each paint)."""
    for _ in range(200):
        if screen.filled:
            await pilot.pause()
            return
        await pilot.pause()
    raise AssertionError(f"only {screen.cards_made} cards after 200 paints")


def shown_names(screen: PoseGalleryScreen) -> list[str]:
    return [card.pose_name for card in screen.query(PoseCard) if card.display]


def first_row(screen: PoseGalleryScreen) -> list[str]:
    """The names of the cards beside the first one."""
    cards = [card for card in screen.query(PoseCard) if card.display]
    return [card.pose_name for card in cards if card.region.y == cards[0].region.y]


async def test_every_pose_appears_with_its_name_over_its_figure(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_gallery(app, pilot)
        assert shown_names(screen) == list(bundled_poses())  # the file's order
        assert str(screen.query_one("#count", Static).content) == f"{len(bundled_poses())} poses"
        for card in screen.query(PoseCard):
            name_rows = len(name_lines(card.pose_name))
            rows = name_rows + len(render_pose(card.pose_name).rows)
            lines = [card.render_line(y).text for y in range(rows)]
            assert "".join(line.strip() for line in lines[:name_rows]) == card.pose_name
            figure = [line[2:22] for line in lines[name_rows:]]
            assert figure == list(render_pose(card.pose_name).rows)
            assert {line[:2] + line[22:] for line in lines[name_rows:]} == {"    "}


async def test_the_first_cards_are_painted_at_the_top(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_gallery(app, pilot)
        card = screen.query(PoseCard).first()
        painted = [card.render_line(y).text for y in range(card.size.height)]
        assert painted[0] == "        standing        "
        assert painted[1:] == ["  " + row + "  " for row in render_pose("standing").rows]


@pytest.mark.parametrize(("width", "columns"), [(40, 1), (77, 2), (80, 3), (104, 4)])
async def test_the_cards_fill_the_width(make_app: MakeApp, width: int, columns: int) -> None:
    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        screen = await open_gallery(app, pilot)
        assert first_row(screen) == list(bundled_poses())[:columns]
        last = [card for card in screen.query(PoseCard)][columns - 1]
        assert last.region.right <= width - 2  # clear of the scroll bar


async def test_typing_chin_shows_only_the_chin_poses(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_gallery(app, pilot)
        await pilot.press(*"chin")
        assert screen.query_one("#filter").value == "chin"
        assert shown_names(screen) == CHIN_POSES
        assert (
            str(screen.query_one("#count", Static).content) == f"4 of {len(bundled_poses())} poses"
        )
        assert not screen.query_one("#nothing").display


async def test_two_words_narrow_it_further(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_gallery(app, pilot)
        await pilot.press(*"chin in")
        assert shown_names(screen) == ["chin-tuck-in", "standing-chin-tuck-in"]
        for _ in "chin in":
            await pilot.press("backspace")
        assert shown_names(screen) == list(bundled_poses())


async def test_cards_mounted_after_typing_follow_the_filter(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gallery, "BATCH", 5)  # so most cards arrive after the keys
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = PoseGalleryScreen()
        await app.push_screen(screen)
        await pilot.press(*"chin")
        await filled(screen, pilot)
        assert shown_names(screen) == CHIN_POSES


async def test_no_match_says_so(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_gallery(app, pilot)
        await pilot.press(*"elbow")
        assert shown_names(screen) == []
        nothing = screen.query_one("#nothing", Static)
        assert nothing.display
        assert str(nothing.content) == "No pose has “elbow” in its name."
        assert (
            str(screen.query_one("#count", Static).content) == f"0 of {len(bundled_poses())} poses"
        )


async def test_escape_closes_the_gallery(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        closed: list[object] = []
        await open_gallery(app, pilot, closed)
        await pilot.press(*"neck")  # even while typing in the filter
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert closed == [None]


async def test_keys_bound_elsewhere_type_into_the_filter(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        theme = app.theme
        screen = await open_gallery(app, pilot)
        await pilot.press(*"twist?")  # t is the theme and ? the help everywhere else
        assert screen.query_one("#filter").value == "twist?"
        assert app.theme == theme
        assert app.screen is screen


async def test_a_batch_that_arrives_after_closing_makes_no_cards(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gallery, "BATCH", 1)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = PoseGalleryScreen()
        await app.push_screen(screen)
        await pilot.press("escape")
        await pilot.pause()
        made = screen.cards_made
        screen._mount_more()  # what a batch asked for just before escape does when it comes
        assert isinstance(app.screen, HomeScreen)
        assert screen.cards_made == made < len(bundled_poses())


async def test_arrow_keys_scroll_while_the_filter_has_the_keys(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_gallery(app, pilot)
        assert app.focused is screen.query_one("#filter")
        cards = screen.query_one("#cards")
        await pilot.press("pagedown")
        assert cards.scroll_y == cards.scrollable_content_region.height
        await pilot.press("up")
        assert cards.scroll_y == cards.scrollable_content_region.height - 1


def test_each_word_typed_starts_a_part_of_the_name() -> None:
    assert matches("chin-tuck-in", "chin in")
    assert matches("chin-tuck-in", "Chin-Tu")
    assert matches("standing-chin-tuck-in", "chin")
    assert not matches("chin-tuck-out", "chin in")  # "in" is inside "chin", but starts no part
    assert not matches("standing", "tanding")
    assert matches("standing", "   ")


def test_long_names_break_after_a_dash() -> None:
    assert name_lines("standing") == ["standing"]
    assert name_lines("standing-shoulder-roll-down") == ["standing-shoulder-roll-", "down"]
    assert name_lines("a" * 30) == ["a" * 24, "a" * 6]


def test_snapshot_of_the_gallery(snap_compare: Any, make_app: MakeApp, settled: Any) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settled(pilot.app, pilot)
        screen = await open_gallery(pilot.app, pilot)
        screen.query_one("#filter", Input).cursor_blink = False  # shown, whatever the time
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


async def test_a_large_terminal_shows_the_figures_twice_as_large(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await open_gallery(app, pilot)
        card = screen.query(PoseCard).first()
        assert card.rows == render_pose(card.pose_name, width=40, height=20).rows
        assert card.region.width == 44 and card.region.height == 1 + 20
        lines = [card.render_line(y).text for y in range(card.region.height)]
        assert (
            lines[-1].strip() == render_pose(card.pose_name, width=40, height=20).rows[-1].strip()
        )


@pytest.mark.parametrize("size", [(100, 30), (149, 44)])
async def test_the_first_cards_figures_are_drawn_by_the_warm_up(
    make_app: MakeApp, settled: Any, size: tuple[int, int]
) -> None:
    """Up to 149x44, the gallery's first screenful finds its figures drawn by `get_ready`."""
    from knotsession.figures.render import _render_frames

    _render_frames.cache_clear()
    gallery.get_ready()
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settled(app, pilot)
        drawn = _render_frames.cache_info()
        screen = PoseGalleryScreen()
        await app.push_screen(screen)  # composed with its first screenful
        assert screen.cards_made == screen._first_screenful() > 0
        assert _render_frames.cache_info().misses == drawn.misses
        assert _render_frames.cache_info().hits >= drawn.hits + screen.cards_made
