"""The whole program: `knotsession start ID --plain` with its cues going to ALSA's file plugin.

A 4-second routine (one step, both sides, 2 s each, no lead-in) must sound the chime,
a tick, the switch, a tick and the finishing chord, in that order, through each real
backend; with --mute nothing may reach the device; with no device the session still
completes and only knotsession's own one-line notice reaches stderr.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from alsa_capture import cue_names_in, require_backend, start_plain, write_asoundrc

from knotsession.audio.player import NO_DEVICE_SILENT

EXPECTED_CUES = ["chime", "tick", "switch", "tick", "finish"]


@pytest.mark.parametrize("backend", ["simpleaudio", "miniaudio"])
def test_the_cues_of_a_routine_reach_the_sound_system_in_order(
    tmp_path: Path, routines: Path, backend: str
) -> None:
    require_backend(backend)
    home, raw = tmp_path / "home", tmp_path / "captured.raw"
    write_asoundrc(home, raw)
    result = start_plain(routines, home, KNOTSESSION_AUDIO_BACKEND=backend)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Done: Cue check, 1 of 1 steps." in result.stdout
    assert cue_names_in(raw) == EXPECTED_CUES


def test_mute_sends_nothing_to_the_sound_system(tmp_path: Path, routines: Path) -> None:
    home, raw = tmp_path / "home", tmp_path / "captured.raw"
    write_asoundrc(home, raw)
    result = start_plain(routines, home, "--mute")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Done: Cue check" in result.stdout
    assert not raw.exists()


def test_with_no_sound_device_the_session_completes_and_only_the_notice_is_printed(
    tmp_path: Path, routines: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    result = start_plain(routines, home)
    assert result.returncode == 0, result.stderr
    assert "Done: Cue check, 1 of 1 steps." in result.stdout
    assert result.stderr == f"knotsession: {NO_DEVICE_SILENT}\n"
