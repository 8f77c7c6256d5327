"""Fixtures of the end-to-end tests: a 3-second desk-5, the test's own folders, terminals."""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from system_tools import require_tool
from tmux_terminal import Terminal

QUICK = """\
name = "Quick three"
areas = ["feet"]
lead_in = 1

[[steps]]
name = "Toe spread"
kind = "mobility"
duration = 2
instructions = "Spread your toes wide, then relax them."
"""


@pytest.fixture
def routines(tmp_path: Path) -> Path:
    """A folder whose desk-5 is a 3-second routine (1 s to get ready, 2 s of work)."""
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "desk-5.toml").write_text(QUICK, encoding="utf-8")
    return folder


@pytest.fixture
def env(isolated_dirs: Path) -> dict[str, str]:
    """The test's own HOME and XDG folders, and a plain terminal type."""
    return {
        "HOME": os.environ["HOME"],
        "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"],
        "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"],
        "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"],
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PATH": os.environ.get("PATH", ""),
    }


@pytest.fixture
def terminal_factory(routines: Path) -> Iterator:
    require_tool("tmux")
    opened: list[Terminal] = []

    def open_terminal(
        arguments: str, env: dict[str, str], size: tuple[int, int] = (80, 24)
    ) -> Terminal:
        program = f"{shlex.quote(sys.executable)} -m knotsession --routines {routines}"
        terminal = Terminal(f"{program} {arguments}", size, env)
        opened.append(terminal)
        return terminal

    yield open_terminal
    for terminal in opened:
        terminal.close()


@pytest.fixture(autouse=True)
def safety_note_seen(isolated_dirs: Path) -> Path:
    """The first-run safety note was seen already (it has tests of its own, which remove this
    marker first), so the app opens on the home screen as these tests expect."""
    marker = Path(os.environ["XDG_DATA_HOME"]) / "knotsession" / "safety-note-seen"
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()
    return marker
