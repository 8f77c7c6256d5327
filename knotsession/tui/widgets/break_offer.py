"""After the first session: hourly breaks in the background, offered with one key."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.message import Message
from textual.widgets import Static

OFFER = (
    "Hourly breaks, even with the app closed: press r to turn them on "
    "(off again: knotsession remind --uninstall)"
)
WORKING = "Turning hourly breaks on…"


def shown_last_time() -> Path:
    """A file whose existence means the offer was shown when last decided."""
    from knotsession import paths

    return paths.data_dir() / "break-offer-shown"


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
        # Shown from the first paint if it was shown when last decided: appearing once
        # the history is read moved home's lists and added a footer key, two layouts and
        # renders of the whole screen (20-36 ms each with a history, on a 2-core machine).
        self.display = shown_last_time().exists()

    def offer(self, sessions: int) -> None:
        """Shown once there is a session and while the reminder is not installed."""
        shown = sessions > 0
        if shown:
            from knotsession.breaks.status import installed_as

            shown = installed_as() is None
        self.show(shown)

    def show(self, shown: bool) -> None:
        """Show the offer or not, and remember it for the next first paint."""
        if self.display != shown:  # set again, Textual lays out the whole screen
            self.display = shown
        marker = shown_last_time()
        with contextlib.suppress(OSError):  # only the next first paint is at stake
            if shown and not marker.exists():
                marker.parent.mkdir(parents=True, exist_ok=True)
                marker.touch()
            elif not shown:
                marker.unlink(missing_ok=True)

    def turn_on(self) -> None:
        """Install the background reminder (off the event loop: it runs systemctl)."""
        self.update(WORKING)
        self._install()

    @work(thread=True, exit_on_error=False, group="break-offer", exclusive=True)
    def _install(self) -> None:
        from knotsession.breaks import service

        outcome = service.install()
        self.post_message(self.Done(outcome.lines, outcome.code == 0))
