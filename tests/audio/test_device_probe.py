"""Before loading a sound library: can any device answer here? (audio/backends/probe.py)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from knotsession.audio.backends.probe import NO_DEVICE, why_no_device

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the probe is for ALSA")


@pytest.fixture
def bare_linux(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No ALSA configuration, no sound server; the folder stands for /proc/asound."""
    if Path("/etc/asound.conf").exists():
        pytest.skip("this machine has a system ALSA configuration")
    for name in ("PULSE_SERVER", "ALSA_CONFIG_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    (tmp_path / "home").mkdir()
    (tmp_path / "asound").mkdir()
    return tmp_path


def test_no_card_and_nothing_set_up_means_no_device(bare_linux: Path) -> None:
    assert why_no_device(bare_linux / "asound" / "cards") == NO_DEVICE
    (bare_linux / "asound" / "cards").write_text("--- no soundcards ---\n")
    assert why_no_device(bare_linux / "asound" / "cards") == NO_DEVICE


@pytest.mark.parametrize(
    "made",
    ["home/.asoundrc", "config/alsa/asoundrc", "run/pulse/native", "run/pipewire-0"],
)
def test_an_alsa_configuration_or_a_sound_server_may_answer(bare_linux: Path, made: str) -> None:
    (bare_linux / made).parent.mkdir(parents=True, exist_ok=True)
    (bare_linux / made).write_text("")
    assert why_no_device(bare_linux / "asound" / "cards") is None


def test_a_sound_card_may_answer(bare_linux: Path) -> None:
    cards = bare_linux / "asound" / "cards"
    cards.write_text(" 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n")
    assert why_no_device(cards) is None


def test_without_a_device_the_sound_library_is_never_loaded(bare_linux: Path) -> None:
    """Nor pydub, nor libasound (ALSA's error handler is set just before a library loads),
    muted or not."""
    if why_no_device() is None:
        pytest.skip("this machine has a sound card")
    script = (
        "import sys\n"
        "from knotsession.audio import open_cue_player\n"
        "muted = open_cue_player(mute=True, backends=['miniaudio', 'silent'])\n"
        "assert muted.wait_ready(30)\n"
        "muted.close()\n"
        "player = open_cue_player(backends=['miniaudio', 'simpleaudio', 'silent'])\n"
        "assert player.wait_ready(30)\n"
        "print(player.backend_name, player.backend_reasons)\n"
        "heavy = ('miniaudio', 'simpleaudio', 'pydub', 'ctypes')\n"
        "print(sorted(m for m in heavy if m in sys.modules), 'libasound' in open('/proc/self/maps').read())\n"
        "player.close()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60, check=True)  # fmt: skip
    backend, loaded = result.stdout.splitlines()
    assert backend.startswith("silent") and NO_DEVICE in backend
    assert loaded == "[] False"
