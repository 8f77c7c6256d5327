"""The app's history opens: the first checked open checks every page (home's streak is read
beside it from an open that does not wait for it); once that found the file sound, the store
sessions are written to opens without checking again."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from knotsession.core.engine import FakeClock
from knotsession.core.history import HistoryStore
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.backends import open_history_store

MakeApp = Callable[..., KnotsessionApp]


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The `check` of every HistoryStore.open, in order."""
    seen: list[bool] = []
    real_open = HistoryStore.open.__func__  # type: ignore[attr-defined]

    def open_and_note(cls: type[HistoryStore], path: Path | None = None, *, check: bool = True):
        seen.append(check)
        return real_open(cls, path, check=check)

    monkeypatch.setattr(HistoryStore, "open", classmethod(open_and_note))
    return seen


async def test_the_store_for_writing_skips_the_check_after_a_checked_read(
    make_app: MakeApp, checks: list[bool], clock: FakeClock, settled: Any
) -> None:
    app = make_app(history_store_factory=open_history_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(app, pilot)
        # The reads (streak, today's plan) do not wait for the day's check: it runs once.
        assert checks.count(True) == 1
        await pilot.press("enter")  # desk-5 starts: the store for writing opens
        assert checks[-1] is False
        assert app.history is not None and app.history.available


async def test_a_session_started_at_once_opens_its_store_checked(
    make_app: MakeApp, checks: list[bool], settled: Any
) -> None:
    app = make_app(history_store_factory=open_history_store, start_routine="desk-5")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(app, pilot)
        assert checks[0] is True  # the store for writing came first, and checked
        assert not any(checks[1:])


async def test_a_store_that_could_not_be_opened_is_checked_again(
    make_app: MakeApp, checks: list[bool], settled: Any
) -> None:
    data = Path(os.environ["XDG_DATA_HOME"])
    (data / "knotsession").write_text("a file where the folder should be")
    app = make_app(history_store_factory=open_history_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(app, pilot)
        await pilot.press("enter")
        # Never found sound: every open after the streak's quick one checks again, the
        # store for writing too.
        assert checks.count(True) > 1 and checks[-1] is True
        assert app.history is not None and not app.history.available
