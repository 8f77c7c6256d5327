"""SIGTERM, SIGHUP (the terminal closed) and SIGINT end the app the way q does.

The running session is kept with the time actually spent, and Textual gives the terminal
back (alternate screen left, mouse reporting off, echo on). Python's defaults would end
the process with the terminal still in the app's modes.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from typing import Any

from textual.app import App

# Windows has no SIGHUP.
STOPPING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)


def stop_on_signals(app: App[Any], before_exit: Callable[[], None]) -> None:
    """On a stopping signal: `before_exit()`, then exit with 128 + the signal's number.
    Call it from the running app (it needs the event loop); a headless app (tests) is left
    to its runner."""
    if app.is_headless:
        return

    def stop(signum: int) -> None:
        before_exit()
        app.exit(return_code=128 + signum)

    loop = asyncio.get_running_loop()
    for signum in STOPPING_SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, stop, signum)
