"""Running the app so that the process ends when the app does, whatever its workers do.

`asyncio.run` (which `App.run` uses) waits at its end for every thread of the loop's default
executor, where Textual runs its thread workers. A worker blocked for good (a history read
waiting for a lock another copy holds, say) then kept the process alive after its terminal
closed, with the app's signal handlers still installed, so SIGTERM did nothing either: a
day of tests left 139 such processes. Here the app runs on a loop of its own, which is
closed without waiting for its workers; the caller closes the history writer (every
acknowledged write is on disk), and a thread still running after a short grace ends the
process with `os._exit` rather than keeping it alive.

A closed terminal must not hang the app either. Textual writes to the terminal from a thread
of its own through a queue of 30 writes; a write to a terminal that is gone raises EIO, which
ends that thread, and the next 30 writes (the screen still repainting, then the mode resets
at exit) wait forever for room in the queue, on the event loop's thread. So the driver's
terminal is wrapped in `TerminalFile`, which drops writes once the terminal is gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import threading
import time
from typing import IO, Any, cast

from textual.app import App
from textual.driver import Driver

# A worker that is still running this long after the app closed is given up on: nothing
# waits for its answer any more.
STUCK_THREAD_GRACE_S = 2.0


def run_app(app: App[Any], *, headless: bool = False) -> None:
    """Run `app` until it exits, as `App.run` does, but never wait for its thread workers."""
    if not headless:
        app.driver_class = outlasting_the_terminal(app.driver_class)
    loop = asyncio.new_event_loop()
    try:
        app.run(loop=loop, headless=headless)
    finally:
        _cancel_left_tasks(loop)
        with contextlib.suppress(RuntimeError):
            loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()  # tells the executor to stop, without waiting for its threads


def end_if_threads_stuck(code: int, grace_s: float = STUCK_THREAD_GRACE_S) -> None:
    """Give the threads that keep a process alive (not daemon threads) `grace_s` to end;
    if one is still running, end the process now with `code`. Call it once the terminal
    is restored and the history writer has closed."""
    deadline = time.monotonic() + grace_s
    for thread in lingering_threads():
        thread.join(max(deadline - time.monotonic(), 0.0))
    if not lingering_threads():
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code)


def lingering_threads() -> list[threading.Thread]:
    """Threads other than this one that Python would wait for at exit."""
    current = threading.current_thread()
    return [
        thread
        for thread in threading.enumerate()
        if thread is not current and not thread.daemon and thread.is_alive()
    ]


def _cancel_left_tasks(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what is left on the loop and let it finish, as `asyncio.run` does."""
    tasks = [task for task in asyncio.all_tasks(loop) if not task.done()]
    if not tasks:
        return
    for task in tasks:
        task.cancel()
    with contextlib.suppress(RuntimeError):
        loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))


class TerminalFile:
    """The terminal the driver writes to; once a write or flush fails (the terminal closed,
    EIO), every later one is dropped instead of failing, so the writing thread lives on."""

    def __init__(self, file: IO[str]) -> None:
        self._file = file
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                return self._file.write(text)
            except OSError:
                self.gone = True
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._file.flush()
            except OSError:
                self.gone = True

    def __getattr__(self, name: str) -> Any:  # fileno, isatty, encoding ...
        return getattr(self._file, name)


def outlasting_the_terminal(driver_class: type[Driver]) -> type[Driver]:
    """`driver_class` writing through a `TerminalFile` (a driver without `_file` as it is)."""

    def __init__(self: Driver, *args: Any, **kwargs: Any) -> None:
        driver_class.__init__(self, *args, **kwargs)
        file = getattr(self, "_file", None)  # Textual's Linux and Windows drivers
        if file is not None:
            setattr(self, "_file", TerminalFile(file))  # noqa: B010 (Driver declares no _file)

    made = type(f"Outlasting{driver_class.__name__}", (driver_class,), {"__init__": __init__})
    return cast("type[Driver]", made)
