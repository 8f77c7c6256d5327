"""Whether a command runs the plain runner or the full screen, and why.

Apart from the plain runner itself, so `start ID` and `knotsession` can decide without
loading it (and keeping it in memory while a full-screen session plays).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from knotsession.core.settings import Settings


def why_plain(
    settings: Settings,
    environ: Mapping[str, str] = os.environ,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> tuple[bool, str | None]:
    """Whether to run plain rather than full screen, and what to tell the person about it.

    `plain = true` is the person's choice (nothing to say); with no terminal to draw on
    (stdin or stdout not a terminal, or TERM=dumb) the full-screen app would only write escape
    codes, so the plain runner takes over and says why."""
    if settings.plain:
        return True, None
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    if environ.get("TERM", "").strip().lower() == "dumb":
        return True, "TERM=dumb"
    for name, stream in (("stdin", stdin), ("stdout", stdout)):
        if not _is_terminal(stream):
            return True, f"{name} is not a terminal"
    return False, None


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # closed, or detached
        return False
