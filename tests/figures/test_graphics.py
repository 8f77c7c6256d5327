"""Which terminals get pictures: the environment decides, the setting overrides."""

from __future__ import annotations

import subprocess
import sys

import pytest

from knotsession.figures.graphics import figure_style, graphics_protocol, pictures_installed

XTERM = {"TERM": "xterm-256color"}


@pytest.mark.parametrize(
    ("environ", "protocol"),
    [
        ({"TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1"}, "kitty"),
        ({"TERM": "xterm-256color", "KITTY_WINDOW_ID": "3"}, "kitty"),
        ({"TERM": "xterm-ghostty", "TERM_PROGRAM": "ghostty"}, "kitty"),
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}, "iterm"),
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app"}, "iterm"),
        ({"TERM": "foot"}, "sixel"),
        ({"TERM": "foot-extra"}, "sixel"),
        ({"TERM": "xterm-256color", "KONSOLE_VERSION": "240202"}, "kitty"),
        ({"TERM": "xterm-256color", "WT_SESSION": "5c1b"}, "sixel"),
        (XTERM, None),
        ({"TERM": "linux"}, None),
        ({}, None),
        ({"TERM": "tmux-256color", "TERM_PROGRAM": "tmux", "TMUX": "/tmp/t,1,0"}, None),
        # kitty's variables leak into tmux run inside kitty; tmux does not pass images on.
        ({"TERM": "screen", "KITTY_WINDOW_ID": "1", "TMUX": "/tmp/t,1,0"}, None),
        ({"TERM": "screen", "STY": "123.pts-0"}, None),
    ],
)
def test_the_protocol_comes_from_the_environment(
    environ: dict[str, str], protocol: str | None
) -> None:
    assert graphics_protocol(environ) == protocol


KITTY = {"TERM": "xterm-kitty"}


@pytest.mark.parametrize(
    ("setting", "environ", "installed", "style"),
    [
        ("auto", KITTY, True, "picture"),
        ("auto", XTERM, True, "braille"),
        ("auto", KITTY, False, "braille"),
        ("braille", KITTY, True, "braille"),
        ("picture", XTERM, True, "picture"),
        ("picture", KITTY, False, "braille"),
    ],
)
def test_the_setting_and_pillow_decide_with_the_terminal(
    setting: str, environ: dict[str, str], installed: bool, style: str
) -> None:
    assert figure_style(setting, environ, installed=installed) == style  # type: ignore[arg-type]


def test_pillow_is_found_without_being_imported() -> None:
    code = (
        "import sys; from knotsession.figures.graphics import pictures_installed;"
        "print(pictures_installed(), 'PIL' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["True", "False"]
    assert pictures_installed()


def test_starting_the_app_does_not_import_pillow() -> None:
    code = "import sys, knotsession.tui.app, knotsession.cli; print('PIL' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
