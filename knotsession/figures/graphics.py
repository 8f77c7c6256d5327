"""Whether this terminal can show pictures, and so whether figures are pictures or braille.

Read from the environment only (TERM, TERM_PROGRAM, KITTY_WINDOW_ID ...), which costs
nothing at start-up: asking the terminal itself would need a reply before the app draws.
Inside tmux or screen the answer is braille, since they do not pass images on by default.
Nothing here imports Pillow; the picture renderer is imported only once this says yes.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from typing import Literal

from knotsession.core.settings import Figures

Protocol = Literal["kitty", "iterm", "sixel"]
FigureStyle = Literal["braille", "picture"]

# TERM_PROGRAM values of terminals with a graphics protocol, and the protocol they speak best.
_PROGRAMS: dict[str, Protocol] = {
    "ghostty": "kitty",
    "wezterm": "iterm",
    "iterm.app": "iterm",
    "konsole": "kitty",
}
# TERM values (their start) of terminals with one.
_TERMS: tuple[tuple[str, Protocol], ...] = (
    ("xterm-kitty", "kitty"),
    ("xterm-ghostty", "kitty"),
    ("wezterm", "iterm"),
    ("foot", "sixel"),
    ("mlterm", "sixel"),
)


def graphics_protocol(environ: Mapping[str, str]) -> Protocol | None:
    """The image protocol the terminal speaks, as its environment tells, or None."""
    if environ.get("TMUX") or environ.get("STY"):
        return None
    program = environ.get("TERM_PROGRAM", "").lower()
    if program in _PROGRAMS:
        return _PROGRAMS[program]
    if environ.get("KITTY_WINDOW_ID"):
        return "kitty"
    term = environ.get("TERM", "").lower()
    for start, protocol in _TERMS:
        if term.startswith(start):
            return protocol
    if environ.get("KONSOLE_VERSION"):
        return "kitty"
    if environ.get("WT_SESSION"):
        return "sixel"  # Windows Terminal 1.22 and later
    return None


def pictures_installed() -> bool:
    """True when Pillow, which draws the pictures, is installed (without importing it)."""
    return importlib.util.find_spec("PIL") is not None


def figure_style(
    setting: Figures, environ: Mapping[str, str], *, installed: bool | None = None
) -> FigureStyle:
    """Pictures or braille, from the `figures` setting, the terminal and what is installed."""
    if setting == "braille":
        return "braille"
    if not (pictures_installed() if installed is None else installed):
        return "braille"
    if setting == "picture" or graphics_protocol(environ) is not None:
        return "picture"
    return "braille"
