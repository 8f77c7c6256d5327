"""Starting a routine from a break: a terminal window, a tmux popup, or a line in a terminal.

The routine id goes last, after `--`, so nothing in it can be read as an option; it never
passes through a shell except tmux's, quoted. Names shown in a terminal lose their
control characters first, so a routine file cannot send escape sequences.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence

# Tried in order when neither the setting nor $TERMINAL names one. Each entry: the program
# and the words that come before the command to run.
TERMINALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("x-terminal-emulator", ("-e",)),
    ("gnome-terminal", ("--",)),
    ("konsole", ("-e",)),
    ("kitty", ()),
    ("alacritty", ("-e",)),
    ("wezterm", ("start", "--")),
    ("foot", ()),
    ("xterm", ("-e",)),
)
_KNOWN = dict(TERMINALS)


def start_command(routine_id: str, python: str = sys.executable) -> list[str]:
    """The command that runs a routine full screen: this Python, this knotsession."""
    return [python, "-m", "knotsession", "start", "--", routine_id]


def plan_start_command(python: str = sys.executable) -> list[str]:
    """The command that plays today's plan for the spots marked lately, full screen."""
    return [python, "-m", "knotsession", "plan", "--start"]


def terminal_command(
    command: Sequence[str],
    setting: str = "",
    environ: Mapping[str, str] = os.environ,
    which: Callable[[str], str | None] = shutil.which,
) -> list[str] | None:
    """A terminal window running `command`: the `terminal` setting (its words, then the
    command), else $TERMINAL, else the first known terminal installed; None when none is."""
    if setting.strip():
        return [*shlex.split(setting), *command]
    chosen = environ.get("TERMINAL", "").strip()
    if chosen:
        words = shlex.split(chosen)
        name = os.path.basename(words[0]) if words else ""
        return [*words, *_KNOWN.get(name, ("-e",)), *command]
    if sys.platform == "darwin":
        return ["open", "-a", "Terminal", "--args", *command] if which("open") else None
    for name, before in TERMINALS:
        found = which(name)
        if found:
            return [found, *before, *command]
    return None


def popup_command(command: Sequence[str], tmux: str = "tmux") -> list[str]:
    """A tmux popup that runs `command` and closes when it ends."""
    return [tmux, "display-popup", "-E", "-w", "90%", "-h", "90%", shlex.join(command)]


def launch(command: Sequence[str]) -> bool:
    """Start `command` detached from us (its own session, no stdin); True if it started."""
    try:
        subprocess.Popen(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    return True


def printable(text: str) -> str:
    """`text` without control characters (C0, DEL, C1) and bidi overrides: safe to print."""
    return "".join(
        " " if ch in "\t\n\r" else ch for ch in text if ch in "\t\n\r" or not _is_control(ch)
    )


def _is_control(ch: str) -> bool:
    code = ord(ch)
    return (
        code < 0x20 or 0x7F <= code < 0xA0 or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069
    )


def terminal_notification(title: str, body: str, environ: Mapping[str, str] = os.environ) -> str:
    """The escape sequence for a terminal's own notification: OSC 777 where the terminal
    speaks it (foot, urxvt, VTE terminals), OSC 9 elsewhere (iTerm2, kitty, WezTerm, ...)."""
    title, body = printable(title), printable(body)
    term = environ.get("TERM", "")
    if environ.get("VTE_VERSION") or "foot" in term or "rxvt" in term:
        return f"\x1b]777;notify;{title.replace(';', ',')};{body.replace(';', ',')}\x1b\\"
    return f"\x1b]9;{title}: {body}\x1b\\"
