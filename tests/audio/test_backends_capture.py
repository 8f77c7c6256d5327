"""The real sound stack: each backend plays into ALSA's file plugin, and no device stays quiet.

Every test runs the player in a subprocess with its own HOME (ALSA reads
~/.asoundrc once per process) and reads back what reached the device.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alsa_capture import (
    cue_names_in,
    environment,
    find_bursts,
    require_backend,
    run_python,
    samples_of,
    write_asoundrc,
    write_missing_card_asoundrc,
)

from knotsession.audio.backends.simpleaudio import crashes_this_python
from knotsession.audio.player import NO_DEVICE_BELL, NO_DEVICE_SILENT

ALL_CUES = ["ready", "chime", "tick", "switch", "bowl", "finish"]


def player_script(names: list[str], backends: list[str] | None, **options: object) -> str:
    """Open a cue player, play `names`, close it, print its backend and notice."""
    settings = ", ".join(f"{key}={value!r}" for key, value in options.items())
    return (
        "from knotsession.audio import open_cue_player\n"
        f"player = open_cue_player(backends={backends!r}, {settings})\n"
        "assert player.wait_ready(30)\n"
        f"for name in {names!r}:\n"
        "    player.play(name)\n"
        "player.close(30)\n"
        "print(player.backend_name)\n"
        "print(player.notice or '-')\n"
    )


@pytest.fixture
def capture(tmp_path: Path) -> tuple[Path, Path]:
    """A HOME whose default ALSA device records into a raw file."""
    home, raw = tmp_path / "home", tmp_path / "captured.raw"
    write_asoundrc(home, raw)
    return home, raw


@pytest.mark.parametrize("backend", ["simpleaudio", "miniaudio"])
def test_each_cue_reaches_the_device_in_order(capture: tuple[Path, Path], backend: str) -> None:
    require_backend(backend)
    home, raw = capture
    result = run_python(player_script(ALL_CUES, [backend]), home)
    assert result.stderr == b""
    assert result.stdout.decode().splitlines() == [backend, "-"]
    assert cue_names_in(raw) == ALL_CUES


@pytest.mark.parametrize("backend", ["simpleaudio", "miniaudio"])
def test_the_volume_scales_what_reaches_the_device(tmp_path: Path, backend: str) -> None:
    require_backend(backend)
    peaks = {}
    for volume in (100, 50):
        home, raw = tmp_path / f"home{volume}", tmp_path / f"{volume}.raw"
        write_asoundrc(home, raw)
        result = run_python(player_script(["chime"], [backend], volume=volume), home)
        assert result.stderr == b""
        peaks[volume] = max(abs(s) for s in samples_of(raw.read_bytes()))
    assert peaks[50] / peaks[100] == pytest.approx(0.25, abs=0.005)


def test_a_muted_player_sends_nothing_to_the_device(capture: tuple[Path, Path]) -> None:
    home, raw = capture
    result = run_python(player_script(ALL_CUES, None, mute=True), home)
    assert result.stderr == b""
    assert result.stdout.decode().splitlines() == ["muted", "-"]
    assert not raw.exists()  # the device was never even opened


def no_device_home(tmp_path: Path, kind: str) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    if kind == "missing card":
        write_missing_card_asoundrc(home)
    return home


@pytest.mark.parametrize("kind", ["no sound card", "missing card"])
def test_without_a_device_the_sound_libraries_stay_off_the_terminal(
    tmp_path: Path, kind: str
) -> None:
    home = no_device_home(tmp_path, kind)
    # The control: opening the device directly, ALSA prints its errors to fd 2 ...
    control = run_python(
        "import miniaudio\n"
        "try:\n"
        "    miniaudio.PlaybackDevice(backends=[miniaudio.Backend.ALSA])\n"
        "except miniaudio.MiniaudioError:\n"
        "    pass\n",
        home,
    )
    assert b"ALSA lib" in control.stderr
    # ... and through the cue player nothing reaches it, and the session goes on silent.
    result = run_python(player_script(ALL_CUES, None), home)
    assert result.stderr == b""
    assert result.stdout.decode().splitlines() == ["silent", NO_DEVICE_SILENT]


def test_without_a_device_a_terminal_gets_the_bell_for_steps_switches_and_the_end(
    tmp_path: Path,
) -> None:
    home = no_device_home(tmp_path, "no sound card")
    leader, follower = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", player_script(ALL_CUES, None)],
        env=environment(home),
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.PIPE,
    )
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closes with the process
            break
        if not chunk:
            break
        screen += chunk
    os.close(leader)
    assert process.wait(60) == 0
    assert process.stderr is not None
    assert process.stderr.read() == b""
    # chime, switch, bowl and finish ring; the lead-in blip and the tick do not.
    assert screen == b"\a\a\a\abell\r\n" + NO_DEVICE_BELL.encode() + b"\r\n"


def test_the_recording_analysis_finds_nothing_in_silence() -> None:
    assert find_bursts(bytes(44_100 * 2)) == []


@pytest.mark.parametrize(
    ("python", "release", "crashes"),
    [
        ((3, 11), "1.0.4", False),
        ((3, 12), "1.0.4", True),
        ((3, 13), "1.0.4", True),
        ((3, 13), "1.0.5", False),
        ((3, 13), None, False),  # only a fork (simpleaudio-patched) provides the module
    ],
)
def test_simpleaudio_is_not_used_where_it_would_crash_the_process(
    python: tuple[int, int], release: str | None, crashes: bool
) -> None:
    assert crashes_this_python(python, release) is crashes
