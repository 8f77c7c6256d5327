"""`knotsession completions bash|zsh|fish`: scripts built from the parser, run in a real bash."""

from __future__ import annotations

import subprocess
import sys

import pytest
from system_tools import require_tool

from knotsession.cli import build_parser
from knotsession.commands.completions import command_options


def script(shell: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "knotsession", "completions", shell],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def complete_in_bash(*words: str) -> list[str]:
    """What bash offers after `words` (the last one is being typed)."""
    program = (
        script("bash")
        + f"COMP_WORDS=({' '.join(words)}); COMP_CWORD={len(words) - 1}; _knotsession\n"
        + 'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(["bash", "-c", program], capture_output=True, text=True, check=True)
    return result.stdout.split()


def test_bash_offers_the_commands() -> None:
    assert complete_in_bash("knotsession", "st") == ["start"]
    assert "completions" in complete_in_bash("knotsession", "")


def test_bash_offers_the_options_of_the_command_typed() -> None:
    assert complete_in_bash("knotsession", "list", "--a") == ["--area"]
    assert complete_in_bash("knotsession", "--mute", "start", "--pl") == ["--plain"]


def test_every_command_of_the_parser_is_in_the_scripts() -> None:
    commands = command_options(build_parser())
    assert {"start", "list", "paths", "completions"} <= set(commands)
    assert "--json" in commands["paths"]
    for shell in ("bash", "zsh", "fish"):
        text = script(shell)
        assert all(name in text for name in commands if name)


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_the_script_parses_in_its_shell(shell: str, tmp_path) -> None:
    require_tool(shell)  # .ci/run installs zsh and fish
    path = tmp_path / f"knotsession.{shell}"
    path.write_text(script(shell))
    subprocess.run([shell, "-n", str(path)], check=True)


def test_an_unknown_shell_is_refused() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "knotsession", "completions", "tcsh"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "invalid choice: 'tcsh'" in result.stderr
