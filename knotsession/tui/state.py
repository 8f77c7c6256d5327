"""What screens may read from the app, without importing it: `SharedState`, the app's base.

State flows down: the app sets these reactives and screens watch them
(`self.watch(self.app, "streak", ...)`). Requests flow up as `knotsession.tui.messages`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from knotsession.tui.streak import StreakLine

if TYPE_CHECKING:
    from knotsession.core.engine import Clock
    from knotsession.core.history_writer import HistoryWriter
    from knotsession.core.library import Library
    from knotsession.core.plan_offer import PlanOffer
    from knotsession.core.settings import Settings


class CommandLine(msgspec.Struct, frozen=True):
    """What the command line asked for: flags that beat the settings file (None: the file
    decides), and the extra routine folders (`--routines DIR`)."""

    mute: bool | None = None
    voice: bool | None = None
    routine_dirs: tuple[Path, ...] = ()


class SharedState(App[int]):
    """The app as screens see it: settings, the clock, the history writer and reactives."""

    BINDINGS = [
        Binding("question_mark", "help", "Help", tooltip="this help"),
        Binding("t", "toggle_theme", "Theme", tooltip="light or dark theme"),
    ]

    streak: reactive[StreakLine | None] = reactive[StreakLine | None](
        None, init=False, always_update=True
    )
    """The history's figures, once read (after the first paint, and after each session);
    watchers hear every read, changed or not."""
    next_break: reactive[str] = reactive("", init=False)
    """`Next break in 42 min`, or '' when break reminders are off."""
    cues_open: reactive[bool] = reactive(False, init=False)
    """The cue player is open (sound and voice can play)."""
    todays_plan: reactive[PlanOffer | None] = reactive(None, init=False)
    """Today's plan for the spots marked lately (core/plan_offer.py), or None."""

    settings: Settings
    clock: Clock
    library: Library
    history: HistoryWriter | None
