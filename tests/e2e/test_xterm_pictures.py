"""Pose pictures in a real graphics terminal: xterm as a VT340 (Sixel) on a virtual X screen.

tmux shows no images, so this drives the one Sixel terminal Debian ships: xterm, started with
`-ti vt340` on Xvfb. The app runs in it with `figures = "picture"`; the test reads xterm's own
log of what the app sent (a Sixel image must be among it) and takes screenshots of the X
screen until the picture is there: a thick, anti-aliased body (a horizontal run of the body's
colour far wider than a braille dot) and the massage spot's warm glow.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from system_tools import require_tool

from knotsession.figures.picture import GLOW, INK

pytest.importorskip("textual_image", reason="the pictures extra is not installed")
ImageGrab = pytest.importorskip("PIL.ImageGrab")

ROUTINE = """\
name = "Ball on the knot"
areas = ["upper-back"]
lead_in = 1

[[steps]]
name = "Hold on the knot"
kind = "massage"
duration = 120
area = "upper-back"
pose = "ball-on-wall"
spot = "upper-back"
instructions = "Lean into the ball beside your shoulder blade; ease off if the pain is sharp."
"""
SIXEL = re.compile(rb"\x1bP[0-9;]*q")  # a Sixel image starts: DCS, parameters, q
FIGURE = (0, 0, 500, 500)  # the player's figure is on the left at 100x30
WAIT_S = 60  # bounds the wait for the picture only; nothing here times the app


@pytest.fixture
def x_display() -> Iterator[str]:
    """A private X screen (Xvfb picks a free display number and tells it on a pipe)."""
    require_tool("Xvfb")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write_end),
            "-screen",
            "0",
            "1000x700x24",
            "-nolisten",
            "tcp",
            "-noreset",
        ],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as told:
        number = told.readline().strip()
    assert number, "Xvfb did not start"
    display = f":{number}"
    ready_by = time.monotonic() + WAIT_S
    while True:  # Xvfb tells its number a moment before every client can connect
        try:
            ImageGrab.grab(xdisplay=display)
            break
        except OSError:
            if time.monotonic() > ready_by:
                raise
            time.sleep(0.1)
    try:
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)


def longest_run(screen, colour: tuple[int, int, int], near: int = 24) -> int:
    """The longest horizontal run of pixels within `near` of `colour` on any row."""
    width, height = screen.size
    pixels = screen.load()
    best = 0
    for y in range(height):
        run = 0
        for x in range(width):
            if all(abs(a - b) <= near for a, b in zip(pixels[x, y], colour, strict=True)):
                run += 1
                best = max(best, run)
            else:
                run = 0
    return best


def glowing(screen) -> int:
    """Pixels of the spot's warm glow (orange: red high, green middling, blue low)."""
    red, green, blue = GLOW
    data = screen.tobytes()  # RGB, three bytes a pixel
    return sum(
        1
        for r, g, b in zip(data[0::3], data[1::3], data[2::3], strict=True)
        if abs(r - red) <= 40 and abs(g - green) <= 50 and b <= blue + 60
    )


def test_in_a_sixel_terminal_the_player_shows_the_pose_as_a_picture(
    tmp_path: Path, x_display: str
) -> None:
    require_tool("xterm")
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "ball.toml").write_text(ROUTINE, encoding="utf-8")
    settings = Path(os.environ["XDG_CONFIG_HOME"]) / "knotsession" / "config.toml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('figures = "picture"\n', encoding="utf-8")
    log, errors = tmp_path / "xterm.log", tmp_path / "xterm.err"
    env = {**os.environ, "DISPLAY": x_display}
    env.pop("TERM", None)  # xterm sets its own
    xterm = [
        "xterm",
        "-ti", "vt340",
        "-xrm", "XTerm*decTerminalID: vt340",
        "-xrm", "XTerm*numColorRegisters: 256",
        "-geometry", "100x30+0+0",
        "-fa", "Monospace", "-fs", "10",
        "-l", "-lf", str(log),
    ]  # fmt: skip
    app = [sys.executable, "-m", "knotsession", "--routines", str(routines), "start", "ball"]
    with errors.open("wb") as stderr:
        terminal = subprocess.Popen(
            [*xterm, "-e", *app], env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
    try:
        deadline = time.monotonic() + WAIT_S
        sent, body, glow = b"", 0, 0
        while time.monotonic() < deadline and terminal.poll() is None:
            sent = log.read_bytes() if log.exists() else b""
            screen = ImageGrab.grab(xdisplay=x_display).convert("RGB").crop(FIGURE)
            body, glow = longest_run(screen, INK), glowing(screen)
            if SIXEL.search(sent) and body >= 20 and glow >= 30:
                break
            screen.save(tmp_path / "screen.png")  # the last look, for a failure's message
            time.sleep(0.5)
        said = errors.read_text(errors="replace")[-300:]
        assert terminal.poll() is None, f"xterm on {x_display} ended before the picture: {said}"
        assert SIXEL.search(sent), "no Sixel image reached the terminal"
        # A braille dot or a half-cell block edge is a few pixels wide; the picture's head
        # and limbs are solid strokes, and the spot glows.
        assert body >= 20, f"longest run of the body's colour: {body} px (see {tmp_path})"
        assert glow >= 30, f"glowing pixels: {glow} (see {tmp_path})"
    finally:
        terminal.terminate()
        terminal.wait(timeout=10)
