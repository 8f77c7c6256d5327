"""The history as the app uses it: one writer thread for every write, reads in thread workers.

The writer (`core/history_writer.py`) opens the file on its own thread and owns the one
connection that writes, so nothing on the event loop waits on SQLite; it starts with the
first session or knot map. Reads (the streak) run in a worker on a connection of their
own and come back as a message.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message

from knotsession.tui import messages
from knotsession.tui.backends import (
    HistoryStoreFactory,
    open_checked_history_store,
    open_history_store,
)
from knotsession.tui.streak import StreakLine

if TYPE_CHECKING:
    from textual.app import App

    from knotsession.core.history import HistoryStore
    from knotsession.core.history_writer import HistoryWriter
    from knotsession.core.library import Library
    from knotsession.core.plan_offer import PlanOffer
    from knotsession.core.settings import Settings


class HistoryAccess:
    """Where the app's history writes go and its reads come from (no history: `factory` None)."""

    class Trouble(Message):
        """The history writer could not save something (told once per kind of trouble)."""

        def __init__(self, notice: str, *, told: bool = False) -> None:
            super().__init__()
            self.notice = notice
            self.told = told  # a reader's open told the same already

    class Read(Message):
        """Fresh figures from the history (a notice about its file comes as `Notice`)."""

        def __init__(self, path: Path, streak: StreakLine) -> None:
            super().__init__()
            self.path = path
            self.streak = streak

    class PlanRead(Message):
        """Today's plan for the spots marked lately (None: no recent marks)."""

        def __init__(self, offer: PlanOffer | None) -> None:
            super().__init__()
            self.offer = offer

    def __init__(
        self, app: App[Any], factory: HistoryStoreFactory | None, today: Callable[[], date]
    ) -> None:
        self._app = app
        self._factory = factory
        self._today = today
        self.writer: HistoryWriter | None = None  # writes on its own thread, once started
        self.path: Path | None = None  # the file, once a read found it
        self._store_lock = threading.Lock()
        self._checked = False  # a checked open found the file sound this run
        self._told: set[str] = set()  # notices about the file told (readers and writer)
        self._told_lock = threading.Lock()

    def today(self) -> date:
        """The day, as the app sees it."""
        return self._today()

    def start_writer(self) -> HistoryWriter | None:
        """The history writer, started on first use (None: no history kept)."""
        if self._factory is None:
            return None
        if self.writer is None:
            from knotsession.core.history_writer import HistoryWriter

            self.writer = HistoryWriter(self._open_store, on_notice=self._trouble)
        return self.writer

    def mark_spots(self, marks: Iterable[tuple[str, int]]) -> None:
        """Keep a knot map, through the writer like every other write."""
        writer = self.start_writer()
        if writer is not None:
            marks, at = tuple(marks), datetime.now().astimezone()
            writer.submit(lambda store: store.mark_spots(marks, at))

    def _trouble(self, notice: str) -> None:
        """From the writer's thread: post, never wait for the event loop (it may be
        waiting for the writer to finish at exit). The writer opens its file at home, as
        the readers do: an unusable file's notice, told by them already, is not told twice."""
        with self._told_lock:
            told = notice in self._told
            self._told.add(notice)
        self._app.post_message(self.Trouble(notice, told=told))

    def _open_store(self) -> HistoryStore:
        """Open a history store; one at a time, because two first opens of a new file at
        once can find it locked (and the loser would keep its sessions in memory only).
        Once a checked open found the real file sound, later opens skip the check."""
        factory = self._factory
        assert factory is not None
        with self._store_lock:
            if self._checked and factory is open_history_store:
                factory = open_checked_history_store
            store = factory()
            self._checked = self._checked or store.available
            return store

    def read_for_home(self, settings: Settings, library: Library) -> None:
        """The streak and today's plan, read in workers (they post `Read` and `PlanRead`)."""
        self.read_streak(settings.daily_goal)
        self.read_todays_plan(library, settings.avoid)

    def read_streak(self, daily_goal: int) -> None:
        """Read the streak in a thread worker; it posts `Read` (nothing without a history)."""
        if self._factory is None:
            return
        self._app.run_worker(
            lambda: self._read(daily_goal),
            thread=True,
            exit_on_error=False,
            group="history",
            exclusive=True,
            description="read the streak",
        )

    def _read(self, daily_goal: int) -> None:
        """Post the streak. The day's first checked open of the real file reads every page
        (seconds at a million sessions on a busy machine, at the lowest priority): the streak
        is read without waiting for it, then the checked open runs, and tells of a damaged
        file it set aside (with the streak of the fresh file) as a first open always did."""
        if self._factory is not open_history_store:
            self._post_streak(self._open_to_read(), daily_goal)
            return
        from knotsession.core.history import HistoryError

        quick = self._quick_store()
        if quick is not None:
            with contextlib.suppress(HistoryError):  # a damaged page: the check finds it
                self._post_streak(quick, daily_goal)
        if quick is None or not self._checked:
            checked = self._open_to_read()
            if quick is not None and checked.notice is None:
                checked.close()
            else:
                self._post_streak(checked, daily_goal)

    def _quick_store(self) -> HistoryStore | None:
        """The real file, opened to be read without the day's page check (reads need none:
        the checked open after it, or the writer's, sets a damaged file aside); None when
        there is no file yet (the checked open makes it) or it cannot be opened."""
        from knotsession import paths

        if not paths.history_file().is_file():
            return None
        store = self._tell_of(open_checked_history_store())
        if store.available:
            return store
        store.close()
        return None

    def _open_for_reading(self) -> HistoryStore:
        """A store to read from: the real file without waiting for its page check."""
        quick = self._quick_store() if self._factory is open_history_store else None
        return quick if quick is not None else self._open_to_read()

    def _open_to_read(self) -> HistoryStore:
        """`_open_store` for a reader, which tells what the open found about the file (the
        writer tells its own, as `Trouble`)."""
        return self._tell_of(self._open_store())

    def _tell_of(self, store: HistoryStore) -> HistoryStore:
        """Post the notice about the file a reader's open found, once per run: whichever
        worker opens first (the streak's or the plan's) is the one that sets a damaged file
        aside, and an unusable file gives every open the same notice."""
        notice = store.notice
        if notice is not None:
            with self._told_lock:
                new = notice not in self._told
                self._told.add(notice)
            if new:
                self._app.post_message(messages.Notice(notice))
        return store

    def _post_streak(self, store: HistoryStore, daily_goal: int) -> None:
        """Read the streak from `store`, close it and post `Read`."""
        try:
            overview = store.streaks(self._today())  # the per-day totals only
        finally:
            store.close()
        streak = StreakLine(
            overview.current_streak,
            overview.week_sessions,
            overview.total_sessions,
            today_completed=overview.completed_today(),
            daily_goal=daily_goal,
        )
        self._app.post_message(self.Read(store.path, streak))

    def read_todays_plan(self, library: Library, avoid: Iterable[str]) -> None:
        """Read today's plan in a thread worker, after the writer has saved what it holds
        (so a map just marked counts); it posts `PlanRead` (nothing without a history)."""
        if self._factory is None:
            return
        from knotsession.tui.plan_offer import read_plan_offer

        def read() -> None:
            offer = read_plan_offer(
                self._open_for_reading, self.writer, library, avoid, self._today()
            )
            self._app.post_message(self.PlanRead(offer))

        self._app.run_worker(
            read,
            thread=True,
            exit_on_error=False,
            group="plan",
            exclusive=True,
            description="read today's plan",
        )

    def close(self) -> None:
        """Close the writer once what it holds is written."""
        if self.writer is not None:
            self.writer.close()
            self.writer = None
