"""The real `knotsession` program in a real terminal (tmux): keys in, screen text out.

Each test gets its own tmux server (-L), its own HOME and XDG folders, and a 3-second
routine that stands in for desk-5, so a whole session takes a few seconds. Waiting here
is for a real process on a real clock: the helpers poll the screen until the text shows.
"""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

import pytest
from tmux_terminal import history_rows

from knotsession.tui.words import tip_for

# SGR colour codes: 38;5;N / 48;5;N (256 colours) and 38;2;R;G;B / 48;2;R;G;B (true colour).
_COLOUR = re.compile(r"\x1b\[[0-9;]*?([34]8);(?:5;(\d+)|2;(\d+);(\d+);(\d+))")


def test_enter_runs_the_desk_routine_to_completion_and_q_leaves_a_clean_terminal(
    terminal_factory, env: dict[str, str]
) -> None:
    terminal = terminal_factory("", env)
    terminal.wait_for("Start the 5-minute desk routine")
    # (the bundled routines below this are another file's business)
    assert terminal.lines()[:3] == [
        "knotsession",
        "▶  Start the 5-minute desk routine",
        "3 s · 1 step · no equipment",
    ]
    terminal.press("Enter")
    terminal.wait_for("Toe spread")
    terminal.wait_for("1-day streak")
    terminal.wait_for("esc Home")  # the footer fills in after the screen
    tip = tip_for(date.today().toordinal())
    lines = terminal.lines()
    assert lines[:6] == [
        "✓ Well done",
        "Quick three",
        "1 of 1 step · 0:03 spent",
        "1-day streak",
        "How tense do you feel now? 0 relaxed, 10 very tense (optional)",
        "0  1  2  3  4  5  6  7  8  9  10",
    ]
    assert lines[6:8] == [
        "What set it off?  long sitting, stress, a long call (→ completes)",
        "Note              anything to remember about today",
    ]
    buttons = lines.index("Home        Again        History")
    assert " ".join(lines[8:buttons]) == f"Tip: {tip}"  # the tip may wrap
    assert lines[buttons + 1 :] == [
        "esc Home  r Again  h History  k Spots  w Triggers  n Note  ? Help  ▏^p palette"
    ]
    terminal.press("7")
    terminal.press("Escape")
    terminal.wait_for("1-day streak · 1 session this week")
    terminal.press("q")
    # The app left the alternate screen: nothing of it (no ALSA lines, no traceback) remains.
    assert terminal.wait_for("EXIT=") == "EXIT=0"
    assert history_rows(env) == [("desk-5", True, 1)]


# A get-ready long enough that a key pressed after "Get ready" shows lands inside it, however
# busy the machine (a 1 s lead-in raced the key press under load).
SLOW_START = """\
name = "Slow start"
areas = ["feet"]
lead_in = 30

[[steps]]
name = "Toe spread"
kind = "mobility"
duration = 2
"""


@pytest.fixture
def slow_start(routines: Path) -> str:
    """A routine whose get-ready lasts 30 s; returns its id."""
    (routines / "slow-start.toml").write_text(SLOW_START, encoding="utf-8")
    return "slow-start"


def test_start_id_pause_holds_the_clock_and_quit_asks_first(
    terminal_factory, env: dict[str, str], slow_start: str
) -> None:
    terminal = terminal_factory(f"start {slow_start}", env)
    terminal.wait_for("Get ready")
    terminal.press("Space")
    terminal.wait_for("Paused · space to go on")
    terminal.wait_for("space Resume")
    clock = terminal.screen().splitlines()[:10]  # heading, step, countdown, step bar
    time.sleep(1.5)  # a running clock would have moved on by a second
    assert terminal.screen().splitlines()[:10] == clock
    assert "Get ready" in clock[2]
    terminal.press("q")
    terminal.wait_for("Stop this session?")
    assert "It is kept in your history as not completed." in terminal.screen()
    terminal.press("Escape")  # keep going: still paused, as it was
    terminal.wait_for("Paused · space to go on")
    terminal.press("q", "y")
    terminal.wait_for("Start the 5-minute desk routine")
    terminal.press("q")
    assert terminal.wait_for("EXIT=") == "EXIT=0"
    assert history_rows(env) == [(slow_start, False, 0)]


def test_44x12_shows_the_essentials(terminal_factory, env: dict[str, str], slow_start: str) -> None:
    terminal = terminal_factory(f"start {slow_start}", env, size=(44, 12))
    terminal.wait_for("Get ready")
    terminal.press("Space")
    terminal.wait_for("Paused")
    lines = terminal.lines()
    assert lines[0] == "Slow start                     step 1 of 1"
    assert lines[1:3] == ["Get ready", "Toe spread"]
    assert "Next: done" in lines
    assert "Traceback" not in terminal.screen()


def _colours(screen: str) -> set[tuple[int, int, int] | int]:
    found: set[tuple[int, int, int] | int] = set()
    for match in _COLOUR.finditer(screen):
        found.add(int(match[2]) if match[2] else (int(match[3]), int(match[4]), int(match[5])))
    return found


def _grey(colour: tuple[int, int, int] | int) -> bool:
    if isinstance(colour, int):  # 16 and 231 are black and white; 232..255 the grey ramp
        return colour in (0, 7, 8, 15, 16, 231) or colour >= 232
    red, green, blue = colour
    return red == green == blue


def test_no_color_makes_the_screen_grey(terminal_factory, env: dict[str, str]) -> None:
    coloured = terminal_factory("", env)
    plain = terminal_factory("", {**env, "NO_COLOR": "1"})
    for terminal in (coloured, plain):
        terminal.wait_for("Start the 5-minute desk routine")
    assert not all(_grey(c) for c in _colours(coloured.screen(colours=True)))
    colours = _colours(plain.screen(colours=True))
    assert colours and all(_grey(c) for c in colours)


def test_the_app_keeps_openssl_out_at_home_in_settings_and_while_playing(
    terminal_factory, env: dict[str, str]
) -> None:
    """asyncio imports `ssl` in case a program opens TLS connections; this one never does,
    and leaving it out keeps OpenSSL's libraries (4 MiB) out of the process (launch.py)."""
    terminal = terminal_factory("", env)
    terminal.wait_for("Start the 5-minute desk routine")
    (app,) = [p for p in terminal.programs() if "knotsession" in p.command]

    def tls_mapped() -> list[str]:
        maps = Path(f"/proc/{app.pid}/maps").read_text().splitlines()
        return sorted({line.split()[-1] for line in maps if "ssl" in line or "crypto" in line})

    assert tls_mapped() == []
    terminal.press("s")  # every screen imported by now, the settings form shown
    terminal.wait_for("Lead-in")
    assert tls_mapped() == []
    terminal.press("Escape")
    terminal.wait_for("Start the 5-minute desk routine")
    terminal.press("Enter")
    terminal.wait_for("Toe spread")
    assert tls_mapped() == []
