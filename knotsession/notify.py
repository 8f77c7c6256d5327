"""Desktop notifications: `notify-send` on Linux, `osascript` on macOS, a PowerShell toast
on Windows (else `msg`), nothing elsewhere.

The Windows and macOS commands are built and unit-tested here with the platform faked; this
project's CI has no Windows or Mac to show a real bubble on.

A notification is a courtesy on top of the terminal line, so it never raises: a missing
tool, no desktop session or a hung notifier only means no bubble.
"""

from __future__ import annotations

import os
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


# The text reaches PowerShell in environment variables, never inside the script's source.
_TITLE_ENV, _BODY_ENV = "KNOTSESSION_NOTIFY_TITLE", "KNOTSESSION_NOTIFY_BODY"
_POWERSHELL_APP_ID = r"{1AC14E77-02E7-4E5D-B744-2EB1AE5198B7}\WindowsPowerShell\v1.0\powershell.exe"
_POWERSHELL_TOAST = "; ".join((
    "$ErrorActionPreference = 'Stop'",
    "$m = [Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, "
    "ContentType = WindowsRuntime]",
    "$x = $m::GetTemplateContent([Windows.UI.Notifications.ToastTemplateType]::ToastText02)",
    "$t = $x.GetElementsByTagName('text')",
    f"$null = $t.Item(0).AppendChild($x.CreateTextNode($env:{_TITLE_ENV}))",
    f"$null = $t.Item(1).AppendChild($x.CreateTextNode($env:{_BODY_ENV}))",
    f"$m::CreateToastNotifier('{_POWERSHELL_APP_ID}').Show("
    "[Windows.UI.Notifications.ToastNotification]::new($x))",
))  # fmt: skip


def notification_env(title: str, body: str) -> dict[str, str]:
    """What the Windows toast reads its text from."""
    return {_TITLE_ENV: shown(title), _BODY_ENV: shown(body)}


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
    if platform == "win32":
        found = which("powershell") or which("pwsh")
        if found:
            return [found, "-NoProfile", "-NonInteractive", "-Command", _POWERSHELL_TOAST]
        found = which("msg")  # a plain message box to the person's own session
        return [found, "*", "/TIME:60", shown(f"{title}: {body}")] if found else None
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
            env={**os.environ, **notification_env(title, body)},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0
