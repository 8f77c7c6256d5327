"""The history writer: the one thread of a process that writes the history.

It owns the write connection (as the cue player owns the sound device). Callers queue a
write and get a `Future` back at once, so nothing on the event loop waits for SQLite; the
future is done only once the write is committed. A write that fails for a passing reason
(another process holds the lock) is tried again; one that still fails is told once through
`on_notice` and left in the future as a `HistoryError`, never dropped silently.

Both the full-screen app and `--plain` use it the same way: `begin` when a session's first
segment starts, `progress` as it goes, then `set_tension_after`, `set_tags`, `set_note`.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from typing import TYPE_CHECKING

from knotsession.core.history_file import HistoryError

if TYPE_CHECKING:
    from knotsession.core.history import HistoryStore
    from knotsession.core.routine import Routine

ATTEMPTS = 3  # each waits out SQLite's busy timeout first
RETRY_WAIT_S = 0.5
CLOSE_WAIT_S = 30.0  # at exit: long enough for the queued writes behind a busy lock

Write = Callable[["HistoryStore"], object]


class SessionTicket:
    """A session as the writer knows it: its row id, once the row is written."""

    __slots__ = ("row_id", "written")

    def __init__(self) -> None:
        self.row_id: int | None = None
        self.written: Future[object] = Future()  # done once the row is (or cannot be) written


class HistoryWriter:
    """Queues history writes for its own thread; each returns a future done once committed."""

    def __init__(
        self,
        open_store: Callable[[], HistoryStore],
        *,
        on_notice: Callable[[str], None] | None = None,
        retry_wait_s: float = RETRY_WAIT_S,
    ) -> None:
        self.notices: list[str] = []  # each told once, in order
        self.store: HistoryStore | None = None  # the writer thread's, once open
        self._open_store = open_store
        self._on_notice = on_notice
        self._retry_wait_s = retry_wait_s
        self._queue: queue.SimpleQueue[tuple[Write, Future[object]] | None] = queue.SimpleQueue()
        self._opened = threading.Event()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="history-writer", daemon=True)
        self._thread.start()

    # --- what callers queue ---------------------------------------------------------------

    def begin(
        self,
        routine: Routine,
        started_at: datetime,
        steps_total: int,
        tension_before: int | None = None,
    ) -> tuple[SessionTicket, Future[object]]:
        """Queue the row of a session that just started."""
        ticket = SessionTicket()

        def write(store: HistoryStore) -> int:
            ticket.row_id = store.begin(routine, started_at, steps_total, tension_before)
            return ticket.row_id

        ticket.written = self.submit(write)
        return ticket, ticket.written

    def progress(
        self, ticket: SessionTicket, *, duration_s: float, steps_done: int, completed: bool
    ) -> Future[object]:
        """Queue how far a session got."""
        return self._on_row(
            ticket,
            lambda store, row: store.update(
                row, duration_s=duration_s, steps_done=steps_done, completed=completed
            ),
        )

    def set_tension_after(self, ticket: SessionTicket, value: int) -> Future[object]:
        """Queue how tense the person felt after the session (0-10)."""
        return self._on_row(ticket, lambda store, row: store.set_tension_after(row, value))

    def set_tags(self, ticket: SessionTicket, tags: list[str]) -> Future[object]:
        """Queue what set the knots off."""
        return self._on_row(ticket, lambda store, row: store.set_tags(row, tags))

    def set_note(self, ticket: SessionTicket, text: str) -> Future[object]:
        """Queue a note (empty text removes it)."""
        return self._on_row(ticket, lambda store, row: store.set_note(row, text))

    def submit(self, write: Write) -> Future[object]:
        """Queue any write on the store; the future holds its result once committed."""
        done: Future[object] = Future()
        if self._closed:
            done.set_exception(HistoryError("History can't be saved: the history was closed"))
            return done
        self._queue.put((write, done))
        return done

    def _on_row(
        self, ticket: SessionTicket, change: Callable[[HistoryStore, int], object]
    ) -> Future[object]:
        def write(store: HistoryStore) -> object:
            if ticket.row_id is None:
                raise _NoRow("History can't be saved: the session's row was not written")
            return change(store, ticket.row_id)

        return self.submit(write)

    # --- waiting --------------------------------------------------------------------------

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything queued so far is written or has failed; False on timeout."""
        marker = self.submit(lambda _store: None)
        try:
            marker.exception(timeout)
        except TimeoutError:
            return False
        return True

    def close(self, timeout: float = CLOSE_WAIT_S) -> bool:
        """Write what is queued, then close the connection; False if that took too long."""
        if self._closed:
            return not self._thread.is_alive()
        self._closed = True
        self._queue.put(None)
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def wait_open(self, timeout: float | None = None) -> bool:
        """Wait until the writer's thread has opened the file (or found it unusable)."""
        return self._opened.wait(timeout)

    @property
    def available(self) -> bool:
        """The history reaches the disk (waits for the file to be opened)."""
        self.wait_open()
        return self.store is not None and self.store.available

    # --- the writer thread ----------------------------------------------------------------

    def _run(self) -> None:
        try:
            self.store = self._open_store()
        except HistoryError as error:
            self._tell(str(error))
        finally:
            self._opened.set()
        if self.store is not None and self.store.notice:
            self._tell(self.store.notice)
        try:
            while (job := self._queue.get()) is not None:
                write, done = job
                if done.set_running_or_notify_cancel():
                    self._write(write, done)
        finally:
            if self.store is not None:
                self.store.close()

    def _write(self, write: Write, done: Future[object]) -> None:
        store = self.store
        if store is None or not store.available:
            reason = store.notice if store is not None and store.notice else "no history file"
            done.set_exception(HistoryError(reason))
            return
        for attempt in range(1, ATTEMPTS + 1):
            try:
                done.set_result(write(store))
                return
            except HistoryError as error:
                if attempt == ATTEMPTS or not _passing(error):
                    if not isinstance(error, _NoRow):  # its begin was told already
                        self._tell(str(error))
                    done.set_exception(error)
                    return
            time.sleep(self._retry_wait_s * attempt)

    def _tell(self, notice: str) -> None:
        if notice in self.notices:
            return
        self.notices.append(notice)
        if self._on_notice is not None:
            self._on_notice(notice)


class _NoRow(HistoryError):
    """A change to a session whose row could not be written."""


def _passing(error: HistoryError) -> bool:
    """A lock another process holds passes; a full disk or a read-only file does not."""
    text = str(error)
    return "locked" in text or "busy" in text
