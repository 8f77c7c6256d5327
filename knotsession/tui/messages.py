"""What screens ask of the app: small typed messages, handled in `tui/app.py` with `@on`.

Screens never import the app. They post one of these, and the app routes (opens a screen,
goes home) or hands the request to the part that owns it (settings, editing, the history).
State comes back down as the app's reactives (`streak`, `next_break`, `cues_open`,
`library`, `settings`, `history_notice` ... in `tui/state.py`), which screens watch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from knotsession.core.engine import SessionSummary
    from knotsession.core.history_writer import SessionTicket
    from knotsession.core.routine import Routine
    from knotsession.core.settings import VoiceDetail


class StartRoutine(Message):
    """Play a routine (asking how tense first, if the settings say so)."""

    def __init__(self, routine: Routine) -> None:
        super().__init__()
        self.routine = routine


class StartBreak(Message):
    """Play the short routine a break suggests."""


class EditRoutine(Message):
    """Open one of the person's routine files in their editor."""

    def __init__(self, routine: Routine) -> None:
        super().__init__()
        self.routine = routine


class GoHome(Message):
    """Back to the home screen, closing whatever is above it."""

    def __init__(self, notice: str | None = None) -> None:
        super().__init__()
        self.notice = notice  # said once home, if any


class OpenHistory(Message):
    """Streaks, the calendar and past sessions."""


class SessionEnded(Message):
    """A session finished: the app shows how it went."""

    def __init__(
        self, routine: Routine, summary: SessionSummary, ticket: SessionTicket | None
    ) -> None:
        super().__init__()
        self.routine = routine
        self.summary = summary
        self.ticket = ticket


class VoiceChosen(Message):
    """The person turned spoken guidance on or off, or chose full or brief instructions."""

    def __init__(self, voice: bool, detail: VoiceDetail) -> None:
        super().__init__()
        self.voice = voice
        self.detail = detail


class SaveAvoid(Message):
    """Keep the areas to avoid in config.toml and use them."""

    def __init__(self, areas: tuple[str, ...]) -> None:
        super().__init__()
        self.areas = areas


class WantSound(Message):
    """A routine is being looked at, or a session starts: open the cue player now (once)."""


class RefreshStreak(Message):
    """Read the streak from the history again, and the break label (back on a screen)."""


class Notice(Message):
    """A one-line notice for the person (kept in the app's list of notices)."""

    def __init__(self, text: str, timeout: float = 6) -> None:
        super().__init__()
        self.text = text
        self.timeout = timeout
