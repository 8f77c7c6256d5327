"""The completion screen's "What set it off?" tags and note, kept with the session in a real
history file; a history that cannot be written is told once; it all fits small terminals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from player_clock import play_started, until
from textual.pilot import Pilot
from textual.widgets import Input, Static

from knotsession.core.engine import FakeClock
from knotsession.core.history import HistoryError, HistoryStore
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.screens.completion import KEY_GRACE_S, CompletionScreen
from knotsession.tui.screens.home import HomeScreen

MakeApp = Callable[..., KnotsessionApp]


def history_app(make_app: MakeApp, path: Path, **options: object) -> KnotsessionApp:
    return make_app(
        history_store_factory=lambda: HistoryStore.open(path),
        today=date.today,
        start_routine="desk-5",
        **options,
    )


def kept(path: Path) -> list[tuple[tuple[str, ...], str | None]]:
    with HistoryStore.open(path) as store:
        return [(s.tags, s.note) for s in store.sessions()]


async def finish(app: KnotsessionApp, pilot: Pilot, clock: FakeClock) -> CompletionScreen:
    player = await play_started(app, pilot)
    clock.advance(20)  # past the end of desk-5's 17 s
    player.tick()
    # The player tells the app the session ended, and the app switches screens: two hops.
    await until(pilot, lambda: isinstance(app.screen, CompletionScreen), "the completion")
    screen = app.screen
    assert isinstance(screen, CompletionScreen)
    # The grace counts from when the screen is mounted, which a busy machine delays.
    await until(pilot, lambda: screen.is_mounted, "the completion screen's mount")
    clock.advance(KEY_GRACE_S)  # keys now are meant for this screen
    if app.history is not None:
        app.history.flush(timeout=30)
    await pilot.pause()
    return screen


async def type_into(pilot: Pilot, selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector, Input).focus()
    await pilot.pause()
    await pilot.press(*text)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "history.sqlite3"


async def test_the_fields_suggest_what_to_write(
    make_app: MakeApp, clock: FakeClock, path: Path
) -> None:
    app = history_app(make_app, path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await finish(app, pilot, clock)
        tags = screen.query_one("#tags", Input)
        assert tags.placeholder == "long sitting, stress, a long call (→ completes)"
        assert screen.query_one("#note", Input).placeholder == "anything to remember about today"
        labels = [str(label.content) for label in screen.query(".ask-label")]
        assert labels == ["What set it off?", "Note"]


async def test_enter_keeps_the_tags_then_the_note(
    make_app: MakeApp, clock: FakeClock, path: Path, toasts: Any
) -> None:
    app = history_app(make_app, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await finish(app, pilot, clock)
        await type_into(pilot, "#tags", "Long call,  laptop on sofa, stress")
        await pilot.press("enter")
        await pilot.pause()
        assert kept(path) == [(("long call", "laptop on sofa", "stress"), None)]
        assert toasts(app)[-1] == "Saved: long call, laptop on sofa, stress"
        assert app.focused is not None and app.focused.id == "note"
        await pilot.press(*"hunched over the laptop 3h", "enter")
        await pilot.pause()
        assert kept(path) == [
            (("long call", "laptop on sofa", "stress"), "hunched over the laptop 3h")
        ]
        assert app.focused.id == "home"
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)


async def test_digits_and_letters_go_into_the_field_not_the_keys(
    make_app: MakeApp, clock: FakeClock, path: Path
) -> None:
    app = history_app(make_app, path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await finish(app, pilot, clock)
        await type_into(pilot, "#tags", "3h call")  # 3 rates tension, h opens the history
        assert app.screen is screen
        assert screen.query_one("#tags", Input).value == "3h call"
        with HistoryStore.open(path) as store:
            assert store.sessions()[0].tension_after is None


async def test_leaving_with_escape_keeps_what_was_typed(
    make_app: MakeApp, clock: FakeClock, path: Path
) -> None:
    app = history_app(make_app, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await finish(app, pilot, clock)
        await type_into(pilot, "#tags", "screen time")
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
    assert kept(path) == [(("screen time",), None)]


async def test_clearing_the_tags_removes_them(
    make_app: MakeApp, clock: FakeClock, path: Path, toasts: Any
) -> None:
    app = history_app(make_app, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await finish(app, pilot, clock)
        await type_into(pilot, "#tags", "stress")
        await pilot.press("enter")
        app.screen.query_one("#tags", Input).focus()  # which selects the text
        await pilot.pause()
        await pilot.press("backspace", "enter")
        await pilot.pause()
        assert kept(path) == [((), None)]
        assert toasts(app)[-1] == "Tags removed."


async def test_no_fields_when_nothing_is_kept(make_app: MakeApp, clock: FakeClock) -> None:
    app = make_app(start_routine="desk-5")  # no history at all
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await finish(app, pilot, clock)
        assert not screen.query("#triggers")


# --- a history that cannot be written -------------------------------------------------------


class FullDisk(HistoryStore):
    """A real store whose writes fail, as on a full disk."""

    def _write(self, sql: str, parameters: tuple[object, ...]) -> Any:
        raise HistoryError("History can't be saved: database or disk is full")


@pytest.fixture
def full_disk_app(make_app: MakeApp, path: Path) -> KnotsessionApp:
    """desk-5 under way, with a history that cannot be written."""

    def open_full() -> HistoryStore:
        store = HistoryStore.open(path)
        store.__class__ = FullDisk
        return store

    return make_app(history_store_factory=open_full, start_routine="desk-5", today=date.today)


async def test_a_failed_write_is_told_once_on_the_completion_screen(
    full_disk_app: KnotsessionApp, clock: FakeClock
) -> None:
    app = full_disk_app
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.history is not None and app.history.flush(timeout=30)  # the row refused
        screen = await finish(app, pilot, clock)
        notice = screen.query_one("#history-notice", Static)
        assert notice.display
        assert str(notice.content) == "History can't be saved: database or disk is full"
        assert app.notices == ["History can't be saved: database or disk is full"]
        assert not screen.query("#triggers")  # no row to attach them to
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert len(app.notices) == 1


async def test_a_stopped_session_that_was_not_written_is_told_at_home(
    full_disk_app: KnotsessionApp, clock: FakeClock
) -> None:
    app = full_disk_app
    async with app.run_test(size=(80, 24)) as pilot:
        player = await play_started(app, pilot)  # a session stopped before it began keeps no row
        clock.advance(3)
        player.tick()
        await pilot.press("q", "y")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        # The writer tells of the refused row from its own thread, as a message to the app.
        assert app.history is not None and app.history.flush(timeout=30)
        await until(pilot, lambda: bool(app.notices), "the history's notice")
        assert app.notices == ["History can't be saved: database or disk is full"]


# --- small terminals --------------------------------------------------------------------------


def on_screen(app: KnotsessionApp, selector: str) -> bool:
    widget = app.screen.query_one(selector)
    region = widget.region
    return bool(widget.display) and region.height > 0 and region.bottom < app.size.height


@pytest.mark.parametrize(
    ("size", "shown", "hidden"),
    [
        ((80, 24), ["#done", "#tension", "#tags", "#note", "#tip", "#home"], []),
        ((44, 12), ["#done", "#tension", "#tags", "#home"], ["#note-row", "#tip"]),
    ],
)
async def test_the_completion_screen_fits(
    make_app: MakeApp,
    clock: FakeClock,
    path: Path,
    size: tuple[int, int],
    shown: list[str],
    hidden: list[str],
) -> None:
    app = history_app(make_app, path)
    async with app.run_test(size=size) as pilot:
        screen = await finish(app, pilot, clock)
        for part in shown:
            assert on_screen(app, part), part
        for part in hidden:
            assert not screen.query_one(part).display, part


async def test_at_44x12_enter_on_the_tags_goes_to_home(
    make_app: MakeApp, clock: FakeClock, path: Path
) -> None:
    app = history_app(make_app, path)
    async with app.run_test(size=(44, 12)) as pilot:
        await finish(app, pilot, clock)
        await type_into(pilot, "#tags", "stress")
        await pilot.press("enter")
        assert app.focused is not None and app.focused.id == "home"
        assert kept(path) == [(("stress",), None)]


async def test_w_and_n_put_the_cursor_in_the_fields(
    make_app: MakeApp, clock: FakeClock, path: Path
) -> None:
    app = history_app(make_app, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await finish(app, pilot, clock)
        assert app.focused is not None and app.focused.id == "home"
        await pilot.pause()
        footer = {key.key_display: key.description for key in app.screen.query("FooterKey")}
        assert footer["w"] == "Triggers" and footer["n"] == "Note"
        await pilot.press("w")
        assert app.focused.id == "tags"
        await pilot.press(*"stress", "enter")
        await pilot.pause()
        assert kept(path) == [(("stress",), None)]
        await pilot.press("tab", "tab", "tab")  # away from the fields, onto the buttons
        await pilot.press("n")
        assert app.focused is not None and app.focused.id == "note"


async def test_n_is_not_offered_where_the_note_is_hidden(
    make_app: MakeApp, clock: FakeClock, path: Path
) -> None:
    app = history_app(make_app, path)
    async with app.run_test(size=(44, 12)) as pilot:
        screen = await finish(app, pilot, clock)
        await pilot.press("n")
        assert app.focused is not None and app.focused.id == "home"
        assert screen.check_action("ask", ("note",)) is False
        assert screen.check_action("ask", ("tags",)) is True


async def test_without_a_history_there_are_no_fields_and_no_keys_for_them(
    make_app: MakeApp, clock: FakeClock
) -> None:
    app = make_app(start_routine="desk-5")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await finish(app, pilot, clock)
        await pilot.press("w")
        assert app.screen is screen
        assert screen.check_action("ask", ("tags",)) is False


# --- keys meant for the routine, and a rating of 10 -------------------------------------------


async def test_n_pressed_as_the_routine_ends_never_lands_in_the_note(
    make_app: MakeApp, clock: FakeClock, path: Path
) -> None:
    app = history_app(make_app, path)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await play_started(app, pilot)
        clock.advance(20)
        player.tick()
        await until(pilot, lambda: isinstance(app.screen, CompletionScreen), "the completion")
        await pilot.press("n", "n", "n", "5")  # still skipping, a moment too late
        assert app.focused is not None and app.focused.id == "home"
        await pilot.press("escape")
    assert kept(path) == [((), None)]
    assert tension_after(path) == [None]


async def test_1_then_0_rates_10(make_app: MakeApp, clock: FakeClock, path: Path) -> None:
    app = history_app(make_app, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await finish(app, pilot, clock)
        await pilot.press("1", "0")
        assert app.history is not None and app.history.flush(timeout=30)
        assert tension_after(path) == [10]
        clock.advance(5)
        await pilot.press("0")  # a while later, 0 is 0
        assert app.history.flush(timeout=30)
        assert tension_after(path) == [0]


def tension_after(path: Path) -> list[int | None]:
    with HistoryStore.open(path) as store:
        return [s.tension_after for s in store.sessions()]


async def test_the_starter_triggers_show_while_typing_and_complete_with_right(
    make_app: MakeApp, clock: FakeClock, path: Path
) -> None:
    from knotsession.core.triggers import STARTER_TAGS

    app = history_app(make_app, path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await finish(app, pilot, clock)
        starters = screen.query_one("#tag-starters", Static)
        assert not starters.display or starters.region.height == 0
        await type_into(pilot, "#tags", "stress, lapt")
        await pilot.pause()
        assert starters.region.height > 0
        assert str(starters.content) == "Try: " + " · ".join(STARTER_TAGS)
        await pilot.pause()
        await pilot.press("right")
        assert screen.query_one("#tags", Input).value == "stress, laptop on the sofa"
        await pilot.press("enter")
        await pilot.pause()
    assert kept(path) == [(("stress", "laptop on the sofa"), None)]
