"""What `remind --status` and the settings screen say about the background reminder."""

from __future__ import annotations

import sys

from knotsession import paths
from knotsession.breaks.service import AGENT_LABEL, UNIT_NAME, lock_holder
from knotsession.breaks.status_file import read_status


def installed_as(platform: str = sys.platform) -> str | None:
    """`systemd user unit ...` / `launchd agent ...` when installed, else None."""
    if platform.startswith("linux") and paths.systemd_unit_file().exists():
        return f"systemd user unit {UNIT_NAME}"
    if platform == "darwin" and paths.launch_agent_file().exists():
        return f"launchd agent {AGENT_LABEL}"
    return None


def status_lines(platform: str = sys.platform) -> list[str]:
    """Running or not, installed or not, the next break and why, the routine suggested."""
    holder = lock_holder(paths.remind_lock_file())
    installed = installed_as(platform)
    how = f"installed as the {installed}" if installed else "not installed"
    if holder is None:
        lines = [f"Break reminders: not running ({how})."]
        if not installed:
            lines.append("Turn them on: knotsession remind --install")
        return lines
    lines = [f"Break reminders: running (pid {holder}; {how})."]
    status = read_status(paths.remind_status_file()) or {}
    when, why = status.get("next_break_text"), status.get("why")
    if when:
        lines.append(f"Next break: {when}, {why}.")
    elif status:
        lines.append("Next break: none planned (no working day in remind_days).")
    if status.get("routine_name"):
        lines.append(f"Suggested: {status['routine_name']} ({status.get('reason')}).")
    lines.append("Turn them off: knotsession remind --uninstall")
    return lines
