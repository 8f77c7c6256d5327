"""`e` in a real terminal: the app steps aside for $EDITOR (a script that waits for Enter),
takes the terminal back when it exits, and shows the routine as edited."""

from __future__ import annotations

import os
import shlex
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from system_tools import require_tool
from tmux_terminal import Terminal

MINE = """\
name = "My neck minute"
areas = ["neck"]
lead_in = 0

[[steps]]
name = "Chin tucks"
kind = "mobility"
duration = 3
"""

# Says where it is, waits for Enter as an editor waits for the person, then renames.
EDITOR = """\
#!/bin/sh
echo "EDITING $(basename "$1"), press Enter"
read answer
sed -i 's/^name = .*/name = "Neck, my way"/' "$1"
"""


@pytest.fixture
def terminal(isolated_dirs: Path, tmp_path: Path) -> Iterator[Terminal]:
    """The app in tmux, with one routine of the person's own and the fake $EDITOR."""
    require_tool("tmux")
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "knotsession" / "routines"
    folder.mkdir(parents=True)
    (folder / "my-neck.toml").write_text(MINE, encoding="utf-8")
    editor = tmp_path / "editor"
    editor.write_text(EDITOR, encoding="utf-8")
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    env = {
        name: os.environ[name]
        for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "PATH")
    }
    env.update(TERM="xterm-256color", LANG="C.UTF-8", EDITOR=str(editor))
    opened = Terminal(f"{shlex.quote(sys.executable)} -m knotsession", (80, 24), env)
    yield opened
    opened.close()


def test_e_hands_the_terminal_to_the_editor_and_shows_the_edit(terminal: Terminal) -> None:
    terminal.wait_for("Start the 5-minute desk routine")
    terminal.press("e")  # on the start button: desk-5 is bundled
    terminal.wait_for("knotsession new my-desk")
    terminal.press("Down", "Right")  # the neck routines; the person's own is the shortest
    terminal.wait_for("My neck minute  yours")
    terminal.press("e")
    screen = terminal.wait_for("EDITING my-neck.toml, press Enter")
    assert "Start the 5-minute desk routine" not in screen  # the app stepped aside
    terminal.press("Enter")
    screen = terminal.wait_for("Neck, my way  yours")
    assert "EDITING" not in screen
    assert "Start the 5-minute desk routine" in screen
    terminal.press("q")
    assert terminal.wait_for("EXIT=").endswith("EXIT=0")
