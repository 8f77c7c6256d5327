"""Desktop notifications: `notify-send` on Linux, `osascript` on macOS, nothing elsewhere.

A notification is a courtesy on top of the terminal line, so it never raises: a missing
tool, no desktop session or a hung notifier only means no bubble.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable

from knotsession.core.text import shown

TIMEOUT_S = 5.0
# The text goes in as arguments of the script, never inside its source, so quotes in a
# routine's name cannot change what AppleScript runs.
_APPLESCRIPT = (
    "on run argv",
    "display notification (item 2 of argv) with title (item 1 of argv)",
    "end run",
)


def notification_command(
    title: str,
    body: str,
    platform: str = sys.platform,
    which: Callable[[str], str | None] = shutil.which,
) -> list[str] | None:
    """The command that shows a notification here, or None when there is no way to."""
    if platform.startswith("linux"):
        found = which("notify-send")
        # `--`: a routine name starting with '-' is text, not an option. Notification
        # servers may read the body as markup, so its <, > and & are escaped.
        return [found, "--", shown(title), _escape_markup(shown(body))] if found else None
    if platform == "darwin":
        found = which("osascript")
        if not found:
            return None
        script = [part for line in _APPLESCRIPT for part in ("-e", line)]
        return [found, *script, shown(title), shown(body)]
    return None


def _escape_markup(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def send_notification(title: str, body: str) -> bool:
    """Show a desktop notification if this system can; True when the notifier succeeded."""
    command = notification_command(title, body)
    if command is None:
        return False
    try:
        result = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0
