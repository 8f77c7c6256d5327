"""`knotsession completions zsh` in a real interactive zsh: Tab completes commands and the
options of the command typed, both sourced and installed in fpath (the first Tab included)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from system_tools import require_tool
from tmux_terminal import Terminal


@pytest.fixture
def zsh(isolated_dirs: Path, tmp_path: Path):
    """A bare interactive zsh (-f: no rc files) with knotsession on PATH."""
    require_tool("zsh")  # .ci/run installs zsh
    require_tool("tmux")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    program = bin_dir / "knotsession"
    program.write_text(f'#!/bin/sh\nexec {sys.executable} -m knotsession "$@"\n')
    program.chmod(0o755)
    env = {
        "HOME": str(isolated_dirs),
        "TERM": "xterm-256color",
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "PS1": "zsh> ",
    }
    terminal = Terminal("zsh -f", (100, 20), env)
    terminal.wait_for("zsh>")
    yield terminal
    terminal.close()


def typed(terminal: Terminal, line: str, expected: str) -> None:
    """Type `line`, press Tab, and wait for the prompt line to read `expected`."""
    terminal.press("C-u")
    terminal._tmux("send-keys", "-t", "app", "-l", line)
    terminal.press("Tab")
    terminal.wait_for(f"zsh> {expected}")


def test_sourced_script_completes_options(zsh: Terminal) -> None:
    zsh._tmux(
        "send-keys", "-t", "app", "source <(knotsession completions zsh); echo ok=$?", "Enter"
    )
    zsh.wait_for("ok=0")
    typed(zsh, "knotsession start --pl", "knotsession start --plain")
    typed(zsh, "knotsession --mute list --a", "knotsession --mute list --area")
    typed(zsh, "knotsession sche", "knotsession schema")


def test_installed_in_fpath_the_first_tab_completes(zsh: Terminal, tmp_path: Path) -> None:
    functions = tmp_path / "zfunc"
    functions.mkdir()
    zsh._tmux(
        "send-keys",
        "-t",
        "app",
        f"knotsession completions zsh > {functions}/_knotsession; "
        f"fpath=({functions} $fpath); autoload -U compinit; compinit -u; echo ok=$?",
        "Enter",
    )
    zsh.wait_for("ok=0")
    typed(zsh, "knotsession list --a", "knotsession list --area")
    typed(zsh, "knotsession remind --ev", "knotsession remind --every")
