"""A session as the history keeps it: the record the store returns and the stats read.

Its own module so that the store (history.py) and the pure statistics (stats.py) both
depend on it instead of on each other.
"""

from __future__ import annotations

from datetime import datetime

import msgspec


class SessionRecord(msgspec.Struct, frozen=True, gc=False):
    """One session as kept in the history (a frozen struct: fast to build 100,000 of)."""

    id: int
    routine_id: str
    routine_name: str
    areas: tuple[str, ...]
    started_at: datetime  # aware, in the UTC offset where the session started
    duration_s: float
    completed: bool
    steps_done: int
    steps_total: int
    tension_before: int | None = None
    tension_after: int | None = None
    note: str | None = None
    tags: tuple[str, ...] = ()
