"""`knotsession doctor`, run as a program with its own HOME, XDG folders and PATH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from knotsession import __version__
from knotsession.audio.player import NO_DEVICE_SILENT
from knotsession.commands.doctor import SIMPLEAUDIO_HINT, SPEECH_HINT, install_hints, line
from knotsession.core.library import load_default_library
from knotsession.figures.names import pose_names

REPO = Path(__file__).resolve().parents[2]
GOOD = 'name = "Quick"\nareas = ["neck"]\n\n[[steps]]\nname = "Tilt"\nduration = 10\n'
BROKEN = 'name = "Broken"\nareas = ["neck"]\n\n[[steps]]\nname = "Tilt"\nduration = "soon"\n'


@pytest.fixture
def home(isolated_dirs: Path) -> Path:
    """The test's own HOME, with XDG folders inside it (tests/conftest.py sets them)."""
    return isolated_dirs


@pytest.fixture
def empty_bin(tmp_path: Path) -> Path:
    """A PATH with no ffmpeg and no espeak-ng in it."""
    folder = tmp_path / "bin"
    folder.mkdir()
    return folder


def doctor(path: str | Path, *options: str, **env: str) -> list[str]:
    variables = {k: v for k, v in os.environ.items() if k != "KNOTSESSION_AUDIO_BACKEND"}
    variables.update(PYTHONPATH=str(REPO), PATH=str(path), **env)
    result = subprocess.run(
        [sys.executable, "-m", "knotsession", *options, "doctor"],
        env=variables,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert result.stderr == ""
    return result.stdout.splitlines()


def section(lines: list[str], title: str) -> list[str]:
    start = lines.index(title)
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start + 1 : end]


def test_doctor_names_the_versions_and_the_folders(empty_bin: Path) -> None:
    lines = doctor(empty_bin)
    assert lines[0] == f"knotsession {__version__}"
    assert lines[1].startswith("Python          3.")
    assert lines[2].startswith("Textual         ")
    assert section(lines, "Folders") == [
        line("config", "~/.config/knotsession  (not created yet)"),
        line("settings", "~/.config/knotsession/config.toml  (not created yet)"),
        line("data", "~/.local/share/knotsession  (not created yet)"),
        line("cache", "~/.cache/knotsession  (not created yet)"),
        line("your routines", "~/.config/knotsession/routines  (not created yet)"),
        line("your sounds", "~/.config/knotsession/sounds  (not created yet)"),
    ]


def test_doctor_counts_the_routines_and_lists_each_problem(empty_bin: Path, tmp_path: Path) -> None:
    extra = tmp_path / "mine"
    extra.mkdir()
    (extra / "quick.toml").write_text(GOOD)
    (extra / "broken.toml").write_text(BROKEN)
    library = load_default_library(
        [extra], known_poses=pose_names()
    )  # the same bundled routines, in this process
    assert len(library.problems) == 1
    lines = doctor(empty_bin, "--routines", str(extra))
    count = len(library.routines)
    at = lines.index(line("Routines", f"{count} loaded, 1 problem", indent=0))
    assert lines[at + 1] == f"  {library.problems[0]}"
    assert "broken.toml" in lines[at + 1]


def test_with_no_device_doctor_says_sound_is_off_and_why(empty_bin: Path) -> None:
    sound = section(doctor(empty_bin), "Sound")
    assert sound[:5] == [
        line("backend", "silent"),
        line("notice", NO_DEVICE_SILENT),
        line("tried first", f"simpleaudio: {_why_not_simpleaudio('Error opening PCM device')}"),
        line("", f"miniaudio: {_no_device('no sound device could be opened')}"),
        line("", "bell: standard output is not a terminal"),
    ]
    assert line("mute", "off") in sound
    assert line("volume", "80") in sound
    assert line("ffmpeg", "not found (needed only for your own non-WAV sounds)") in sound
    assert line("cues", "bowl, chime, finish, ready, switch, tick") in sound


def test_doctor_reports_the_device_backend_and_mute(home: Path) -> None:
    raw = home / "captured.raw"
    (home / ".asoundrc").write_text(
        f'pcm.!default {{ type file; slave.pcm "null"; file "|cat >>{raw}"; format "raw" }}\n'
    )
    expected = "miniaudio" if _why_not_simpleaudio(None) else "simpleaudio"
    path = os.environ["PATH"]  # the recording device pipes through `cat`
    sound = section(doctor(path, "--mute"), "Sound")
    assert sound[0] == line("backend", expected)
    assert line("mute", "on (--mute)") in sound
    assert not any(entry.startswith("  notice") for entry in sound)
    forced = section(doctor(path, KNOTSESSION_AUDIO_BACKEND="miniaudio"), "Sound")
    assert forced[0] == line("backend", "miniaudio (KNOTSESSION_AUDIO_BACKEND=miniaudio)")


def test_doctor_says_how_to_install_what_is_missing(empty_bin: Path) -> None:
    lines = doctor(empty_bin)
    sound, speech = section(lines, "Sound"), section(lines, "Speech")
    if "simpleaudio" not in _installed():
        assert line("simpleaudio", f"not installed: {SIMPLEAUDIO_HINT}") in sound
    else:
        assert any(entry.startswith(line("simpleaudio", "installed (")) for entry in sound)
    assert speech[0] == line("espeak-ng", f"not found: {SPEECH_HINT}")


def test_doctor_finds_espeak_ng_on_the_path(empty_bin: Path) -> None:
    espeak = empty_bin / "espeak-ng"
    espeak.write_text("#!/bin/sh\n")
    espeak.chmod(0o755)
    speech = section(doctor(empty_bin), "Speech")
    assert speech[0] == line("espeak-ng", str(espeak))


def _installed() -> set[str]:
    import importlib.util

    return {name for name in ("simpleaudio", "miniaudio") if importlib.util.find_spec(name)}


def _why_not_simpleaudio(no_device: str | None) -> str | None:
    """Why doctor will say simpleaudio was not used: not installed, would crash, no device."""
    from knotsession.audio.backends.simpleaudio import crashes_this_python, installed_release

    if "simpleaudio" not in _installed():
        return "simpleaudio is not installed"
    if crashes_this_python(sys.version_info[:2], installed_release()):
        return (
            "simpleaudio 1.0.4 crashes Python 3.12 and later; "
            "pip install simpleaudio-patched to use it"
        )
    return _no_device(no_device)


def _no_device(from_the_library: str | None) -> str | None:
    """Why no device answered: found before loading the library where nothing could (no
    card, no ALSA or sound server set up), else the library's own words."""
    from knotsession.audio.backends.probe import why_no_device

    return why_no_device() or from_the_library


# --- install hints per system (faked platforms) ---------------------------------------------


@pytest.mark.parametrize(
    ("platform", "release", "simpleaudio", "speech"),
    [
        ("linux", "ID=debian\n", "apt-get install libasound2-dev", "apt-get install espeak-ng"),
        ("linux", "ID=ubuntu\nID_LIKE=debian\n", "apt-get install libasound2-dev", "apt-get"),
        ("linux", "ID=fedora\n", "alsa-lib-devel", "espeak-ng with your package manager"),
        ("darwin", "", "pip install 'knotsession[simpleaudio]'", "brew install espeak-ng"),
        ("win32", "", "pip install 'knotsession[simpleaudio]'", "winget install espeak-ng"),
    ],
)
def test_install_hints_fit_the_system(
    tmp_path: Path, platform: str, release: str, simpleaudio: str, speech: str
) -> None:
    os_release = tmp_path / "os-release"
    os_release.write_text(release)
    hints = install_hints(platform, os_release)
    assert simpleaudio in hints[0]
    assert speech in hints[1]
    if platform != "linux" or "fedora" in release:
        assert "apt-get" not in " ".join(hints)


def test_doctor_json_says_the_same_as_data(empty_bin: Path, tmp_path: Path) -> None:
    import json

    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "broken.toml").write_text("name = 3\n")
    config = tmp_path / "conf"
    config.mkdir()
    (config / "config.toml").write_text('audio = "off"\n')
    variables = {k: v for k, v in os.environ.items() if k != "KNOTSESSION_AUDIO_BACKEND"}
    variables.update(PYTHONPATH=str(REPO), PATH=str(empty_bin), KNOTSESSION_CONFIG_DIR=str(config))
    result = subprocess.run(
        [sys.executable, "-m", "knotsession", "doctor", "--json", "--routines", str(extra)],
        env=variables,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["knotsession"] == __version__
    assert report["paths"]["settings"] == str(config / "config.toml")
    assert report["routines"]["loaded"] > 10
    assert len(report["routines"]["problems"]) == 1
    assert report["sound"]["audio_setting"] == "off"
    assert report["sound"]["backend"] == "silent"
    # No espeak-ng on this PATH: pyttsx3 speaks when the voice extra is installed, else nothing.
    import importlib.util

    if importlib.util.find_spec("pyttsx3") is not None:
        assert report["speech"]["engine"] == "pyttsx3"
    else:
        assert report["speech"]["engine"] is None
        assert "espeak-ng" in report["speech"]["hint"]
