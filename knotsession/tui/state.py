"""What screens may read from the app, without importing it: `SharedState`, the app's base.

State flows down: the app sets these reactives and screens watch them
(`self.watch(self.app, "streak", ...)`). Requests flow up as `knotsession.tui.messages`.
The app's own parts (`tui/break_nudge.py`, `tui/settings_apply.py` ...) see it as this too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets._footer import FooterKey, FooterLabel

from knotsession.core.library import Library
from knotsession.core.settings import Settings, VoiceDetail
from knotsession.core.text import shown
from knotsession.tui.kept_styles import KeptStylesheet
from knotsession.tui.streak import StreakLine
from knotsession.tui.warm_up import default_css

if TYPE_CHECKING:
    from knotsession.core.engine import Clock
    from knotsession.core.history_writer import HistoryWriter
    from knotsession.core.plan_offer import PlanOffer
    from knotsession.tui.history_access import HistoryAccess


class CommandLine(msgspec.Struct, frozen=True):
    """What the command line asked for: flags that beat the settings file (None: the file
    decides), and the extra routine folders (`--routines DIR`)."""

    mute: bool | None = None
    voice: bool | None = None
    routine_dirs: tuple[Path, ...] = ()


# Keys Textual shows under another name, known here so it need not look the name up in
# `unicodedata` (a test checks each against Textual's own `format_key`).
KEY_DISPLAYS = {"question_mark": "?", "tab": "tab"}
# The help key, bound by every screen that is not a dialog, last in its BINDINGS (so each
# footer shows it where the app's keys follow, before `t`). Not the app's: Textual filters
# the app's keys through the screen's with `key_to_character`, which for `question_mark`
# reads `unicodedata`'s name tables (0.3 MiB resident while a session plays); the screen's
# own keys are filtered only through a focused widget's.
HELP_KEY = Binding("question_mark", "app.help", "Help", tooltip="this help")
FEATURED_ROUTINE_ID = "desk-5"  # home's first line: Enter starts it


class SharedState(App[int]):
    """The app as screens see it: reactives, the clock, the history writer and notices."""

    BINDINGS = [Binding("t", "toggle_theme", "Theme", tooltip="light or dark theme")]

    def get_key_display(self, binding: Binding) -> str:
        """What the footer shows for a binding's key: Textual's (the method is there to be
        replaced), without its Unicode name lookup for a letter, a digit or a key in
        KEY_DISPLAYS. Each lookup reads pages of `unicodedata`'s name tables, about 0.3 MiB,
        and they stay resident while a session plays."""
        if binding.key_display:
            return binding.key_display
        modifiers, key = binding.parse_key()
        shown = KEY_DISPLAYS.get(key)
        if shown is None and len(key) == 1 and key.isascii() and key.isalnum():
            shown = key
        if shown is None:
            return super().get_key_display(binding)
        if "ctrl" in modifiers:
            modifiers.remove("ctrl")
            shown = f"^{shown}"
        return "+".join([*modifiers, shown])

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
    library: reactive[Library] = reactive[Library](Library, init=False, always_update=True)
    """The routines as loaded (read again after an edit); watchers hear every load."""
    settings: reactive[Settings] = reactive[Settings](Settings, init=False)
    """The settings in use: config.toml, with the command line's flags over it."""
    history_notice: reactive[str] = reactive("", init=False)
    """The latest line saying the history could not be saved ('' while all is well)."""
    voice: reactive[bool] = reactive(False, init=False)
    """Spoken guidance is wanted (the v key in the player)."""
    voice_detail: reactive[VoiceDetail] = reactive[VoiceDetail]("full", init=False)
    """Spoken instructions in full, or brief (the d key in the player)."""

    clock: Clock
    command_line: CommandLine
    history_access: HistoryAccess
    notices: list[str]
    """Every notice told, in order (kept for the tests and the end of a run)."""

    def __init__(self) -> None:
        super().__init__()
        # Each CSS source is parsed once per theme for the process (tui/kept_styles.py).
        self.stylesheet = KeptStylesheet(variables=self.get_css_variables())
        # The footer's keys are mounted just after home's first paint (Textual's Footer builds
        # them then). Their CSS is given now, so it is parsed with the rest before that paint,
        # not alone in the longest stall after it (benchmarks/README.md, "Round eight").
        for key_type in (FooterKey, FooterLabel):
            for read_from, css, tie_breaker, scope in default_css(key_type):
                self.stylesheet.add_source(css, read_from, True, tie_breaker, scope)

    @property
    def history(self) -> HistoryWriter | None:
        """The history writer, once a session or the knot map started it (None: not yet,
        or no history kept)."""
        return self.history_access.writer

    def tell(self, notice: str, timeout: float = 6) -> None:
        """Show a one-line notice (no sound device, a damaged history file...)."""
        self.notices.append(notice)
        # A notice may quote a path or $EDITOR: text from outside.
        self.notify(shown(notice), timeout=timeout, markup=False)
