"""After the first session: hourly breaks in the background, offered with one key."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.message import Message
from textual.widgets import Static

OFFER = (
    "Hourly breaks, even with the app closed: press r to turn them on "
    "(off again: knotsession remind --uninstall)"
)
WORKING = "Turning hourly breaks on…"


class BreakOffer(Static):
    """A line that offers the background break reminder until it is installed."""

    DEFAULT_CSS = """
    BreakOffer {
        height: auto;
        padding: 0 1;
        color: $text-muted;
        display: none;
    }
    """

    @dataclass
    class Done(Message):
        """Installing finished: what it said, and whether it worked."""

        lines: tuple[str, ...]
        ok: bool

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(OFFER, id=id, markup=False)

    def offer(self, sessions: int) -> None:
        """Shown once there is a session and while the reminder is not installed."""
        if sessions <= 0:
            self.display = False
            return
        from knotsession.breaks.status import installed_as

        self.display = installed_as() is None

    def turn_on(self) -> None:
        """Install the background reminder (off the event loop: it runs systemctl)."""
        self.update(WORKING)
        self._install()

    @work(thread=True, exit_on_error=False, group="break-offer", exclusive=True)
    def _install(self) -> None:
        from knotsession.breaks import service

        outcome = service.install()
        self.post_message(self.Done(outcome.lines, outcome.code == 0))
