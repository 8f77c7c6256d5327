"""The cyclic garbage collector, paused while the full-screen app starts.

Importing Textual and building the first screen makes some 50,000 long-lived objects and
little garbage (a few thousand objects in cycles), yet the collector scanned them again
and again on the way: 10-20 ms of the first paint on the benchmark machine. The commands
that open the app pause it (`collector_paused`) before importing Textual; the app resumes
it once the first screen has painted and freezes what start-up made, so that collections
during a session never walk through Textual's classes and stylesheets again.

A screen being opened pauses it too, from its compose to its first frame: a first open
makes some 20,000 objects (its widgets, their styles and tasks) and set off 13-29 young
collections on the way, 2-6 ms of the open; resumed, one collection goes through them
once, after the screen is on the terminal (see `pause_while_opening`).

It freezes without collecting first: a full collection of start-up's ~60,000 objects held
the event loop for 37-84 ms right after the first paint (a visible stall), to free a few
thousand objects in cycles (under a megabyte) that now stay in the frozen generation.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# A `collector_paused` block holds the collector off: start-up until its first paint, the
# warm-up while it runs. A screen opening then leaves the collector to it, and a screen that
# paused it first does not switch it back on under the block: the block freezes what it made
# when it ends. The warm-up runs on a thread of its own, hence the lock.
_lock = threading.Lock()
_held = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off inside the block, unless the app resumed it (after painting)."""
    global _held
    with _lock:
        gc.disable()
        _held = True
    try:
        yield
    finally:
        resume_collector()


def resume_collector() -> None:
    """Switch the collector back on if it was paused, freezing what exists (start-up's or the
    warm-up's long-lived objects); a no-op otherwise (as in tests)."""
    global _held
    with _lock:
        _held = False
        if gc.isenabled():
            return
        gc.freeze()
        gc.enable()


def pause_while_opening() -> bool:
    """Pause the collector while a screen opens; True if paused here, for the caller to
    resume with `resume_after_opening` once the screen is drawn. False if it was off
    already (start-up, the warm-up, another screen opening): its pauser resumes it."""
    with _lock:
        if _held or not gc.isenabled():
            return False
        gc.disable()
        return True


def resume_after_opening() -> None:
    """Switch the collector back on after `pause_while_opening`, freezing nothing (what a
    screen made is collected as usual once it closes); unless a `collector_paused` block
    began meanwhile, which switches it on when it ends."""
    with _lock:
        if not _held:
            gc.enable()
