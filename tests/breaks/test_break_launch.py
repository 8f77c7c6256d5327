"""Starting a break's routine: which terminal, a tmux popup through a real tmux, and text
that cannot reach the terminal as escape sequences."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fake_desktop import wait_for
from process_tree import close_terminal
from system_tools import require_tool

from knotsession.breaks.launch import (
    popup_command,
    printable,
    start_command,
    terminal_command,
    terminal_notification,
)

COMMAND = ["py", "-m", "knotsession", "start", "--", "move-1"]


def only(*names: str):  # type: ignore[no-untyped-def]
    return lambda name: f"/usr/bin/{name}" if name in names else None


def test_the_id_comes_after_a_double_dash() -> None:
    assert start_command("-rf", "py") == ["py", "-m", "knotsession", "start", "--", "-rf"]


def test_the_setting_wins_and_is_split_into_words() -> None:
    assert terminal_command(COMMAND, "kitty --single-instance", {}, only("xterm")) == [
        "kitty",
        "--single-instance",
        *COMMAND,
    ]


@pytest.mark.parametrize(
    ("terminal", "before"),
    [("foot", []), ("gnome-terminal", ["--"]), ("wezterm", ["start", "--"]), ("urxvt", ["-e"])],
)
def test_dollar_terminal_comes_next_with_the_words_it_needs(
    terminal: str, before: list[str]
) -> None:
    assert terminal_command(COMMAND, "", {"TERMINAL": terminal}, only()) == [
        terminal,
        *before,
        *COMMAND,
    ]


def test_otherwise_the_first_installed_known_terminal() -> None:
    found = terminal_command(COMMAND, "", {}, only("xterm", "konsole"))
    if sys.platform != "darwin":
        assert found == ["/usr/bin/konsole", "-e", *COMMAND]
    assert terminal_command(COMMAND, "", {}, only()) in (
        None,
        ["open", "-a", "Terminal", "--args", *COMMAND],
    )


def test_the_popup_runs_the_command_quoted_for_tmux() -> None:
    assert popup_command(["/my py", "-m", "knotsession"], "tmux") == [
        "tmux",
        "display-popup",
        "-E",
        "-w",
        "90%",
        "-h",
        "90%",
        "'/my py' -m knotsession",
    ]


def test_printable_drops_control_characters_and_bidi_overrides() -> None:
    assert printable("Neck\x1b]0;pwned\x07 \u202eroll\x9b\tnow\n") == "Neck]0;pwned roll now "


@pytest.mark.parametrize(
    ("environ", "sequence"),
    [
        ({"TERM": "xterm-kitty"}, "\x1b]9;Move: Walk; now[2J\x1b\\"),
        ({"TERM": "foot"}, "\x1b]777;notify;Move;Walk, now[2J\x1b\\"),
        ({"VTE_VERSION": "7600"}, "\x1b]777;notify;Move;Walk, now[2J\x1b\\"),
    ],
)
def test_terminal_notifications_osc_9_or_777(environ: dict[str, str], sequence: str) -> None:
    assert terminal_notification("Move", "Walk; now\x1b[2J", environ) == sequence


def test_a_break_in_tmux_opens_a_popup_that_runs_the_routine(tmp_path: Path) -> None:
    """The daemon in a tmux pane with no desktop bus: the break is a popup running move-1."""
    tmux = require_tool("tmux")
    inner, outer = f"ks-in-{os.getpid()}", f"ks-out-{os.getpid()}"
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"}
    env.pop("TMUX", None)
    daemon = f"{sys.executable} -m knotsession --mute remind --daemon --every 1s"
    # The first-run safety note was seen (it has its own tests): the popup runs the routine.
    seen = Path(os.environ["XDG_DATA_HOME"], "knotsession", "safety-note-seen")
    seen.parent.mkdir(parents=True, exist_ok=True)
    seen.touch()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([tmux, *args], capture_output=True, text=True, env=env, timeout=30)

    try:
        run("-L", inner, "new-session", "-d", "-s", "app", "-x", "100", "-y", "30", daemon)
        # display-popup needs a client: attach one, inside a second tmux we can read.
        run(
            "-L",
            outer,
            "new-session",
            "-d",
            "-s",
            "view",
            "-x",
            "100",
            "-y",
            "30",
            f"{tmux} -L {inner} attach -t app",
        )

        def screen() -> str:
            return run("-L", outer, "capture-pane", "-p", "-t", "view").stdout

        assert wait_for(lambda: "Stand up and walk" in screen(), timeout_s=40), screen()
    finally:
        close_terminal(outer, tmux, env)
        close_terminal(inner, tmux, env)  # and check that the popup's app ended
