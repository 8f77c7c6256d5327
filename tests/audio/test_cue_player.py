"""The cue player around a recording fake backend: queueing, mute, volume, staleness, speech.

The real backends are tested against ALSA in test_backends_capture.py; here the
backend only records what it was given, so each rule of the player is seen alone.
"""

from __future__ import annotations

import array
import subprocess
import sys
import threading
import wave
from pathlib import Path

import pytest
from recording_backend import GAP_BYTES, RecordingBackend, make_player

from knotsession import paths
from knotsession.audio import open_cue_player, volume_gain_db
from knotsession.audio.backends import backend_order
from knotsession.audio.backends.bell import BellBackend
from knotsession.audio.backends.silent import SilentBackend
from knotsession.audio.player import (
    DEVICE_LOST,
    NO_DEVICE_BELL,
    NO_DEVICE_SILENT,
    CuePlayer,
)
from knotsession.audio.sounds import load_sounds
from knotsession.core.engine import FakeClock, Session
from knotsession.core.routine import Routine, Step


def peak(pcm: bytes) -> int:
    samples = array.array("h")
    samples.frombytes(pcm)
    return max(abs(s) for s in samples)


def test_session_events_play_their_cues_in_order() -> None:
    backend = RecordingBackend()
    player = make_player(backend)
    clock = FakeClock()
    session = Session(
        Routine("t", "T", ("neck",), (Step("Tilt", 2, sides="both"),), lead_in_s=0), clock=clock
    )
    session.subscribe(player.handle)
    session.start()
    while not session.is_over:
        clock.advance(0.5)
        session.poll()
    player.close()
    assert backend.cues == ["chime", "tick", "switch", "tick", "finish"]
    assert backend.closed


def test_handle_returns_while_the_sound_is_still_playing() -> None:
    gate = threading.Event()
    backend = RecordingBackend(gate)
    player = make_player(backend)
    player.play("chime")
    assert backend.started.wait(10)
    player.play("finish")  # returns although the backend is busy with the chime
    assert backend.played == []
    gate.set()
    assert player.wait_idle(10)
    assert backend.cues == ["chime", "finish"]


def test_every_sound_ends_with_a_short_silence() -> None:
    backend = RecordingBackend()
    player = make_player(backend, volume=100)
    player.play("tick")
    player.close()
    pcm = backend.played[0][1]
    assert len(pcm) == 44_100 * 60 // 1000 * 2 + GAP_BYTES
    assert pcm[-GAP_BYTES:] == bytes(GAP_BYTES)


def test_a_muted_player_opens_no_device_and_plays_nothing() -> None:
    backend = RecordingBackend()
    player = make_player(backend, mute=True)
    player.play("chime")
    player.close()
    assert backend.played == []
    assert player.opened == []  # type: ignore[attr-defined]
    assert player.backend_name == "muted"
    assert player.notice is None


def test_unmuting_opens_the_device_and_plays() -> None:
    backend = RecordingBackend()
    player = make_player(backend, mute=True)
    player.set_muted(False)
    player.play("chime")
    player.close()
    assert backend.cues == ["chime"]
    assert player.backend_name == "recording"


def test_muting_drops_what_is_queued_and_stops_what_plays() -> None:
    gate = threading.Event()
    backend = RecordingBackend(gate)
    player = make_player(backend)
    player.play("chime")
    assert backend.started.wait(10)
    player.play("tick")
    player.play("finish")
    player.set_muted(True)
    assert backend.stops == 1
    gate.set()
    player.close()
    assert backend.cues == []  # the chime was cut short; the tick and the finish never came
    assert player.muted


def test_volume_scales_the_samples() -> None:
    loud, half = RecordingBackend(), RecordingBackend()
    for backend, volume in ((loud, 100), (half, 50)):
        player = make_player(backend, volume=volume)
        player.play("chime")
        player.close()
    ratio = peak(half.played[0][1]) / peak(loud.played[0][1])
    assert volume_gain_db(50) == pytest.approx(-12.04, abs=0.01)
    assert ratio == pytest.approx(0.25, abs=0.005)


def test_volume_zero_sends_nothing_but_keeps_the_device() -> None:
    backend = RecordingBackend()
    player = make_player(backend, volume=0)
    player.play("chime")
    player.set_volume(150)
    assert player.volume == 100
    player.set_volume(0)
    player.play("chime")
    player.close()
    assert backend.played == []
    assert player.backend_name == "recording"


def test_a_tick_that_could_not_start_in_time_is_dropped_but_the_finish_is_not() -> None:
    gate = threading.Event()
    backend = RecordingBackend(gate)
    clock = FakeClock()
    player = make_player(backend, clock=clock)
    player.play("chime", stale_after_s=3.0)
    assert backend.started.wait(10)
    player.play("tick", stale_after_s=0.5)
    player.play("finish")
    clock.advance(1.0)
    gate.set()
    player.close()
    assert backend.cues == ["chime", "finish"]


def test_close_plays_everything_queued_first() -> None:
    gate = threading.Event()
    backend = RecordingBackend(gate)
    player = make_player(backend)
    for name in ("chime", "tick", "finish"):
        player.play(name)
    threading.Timer(0.05, gate.set).start()
    player.close()
    assert backend.cues == ["chime", "tick", "finish"]
    player.play("chime")  # after close: ignored, no error
    assert backend.cues == ["chime", "tick", "finish"]


def test_a_spoken_line_waits_for_the_cue_and_is_converted_to_the_playback_format() -> None:
    backend = RecordingBackend()
    player = make_player(backend, volume=100)
    half_second_at_22k = array.array("h", [1000, -1000] * 5_512).tobytes()
    player.play("chime")
    player.play_pcm(half_second_at_22k, sample_rate=22_050, channels=1)
    player.close()
    assert backend.cues == ["chime", None]
    # 11,024 samples at 22,050 Hz are about 22,048 at 44,100 Hz (resampling may drop one).
    assert len(backend.played[1][1]) - GAP_BYTES == pytest.approx(22_048 * 2, abs=4)


def test_a_cue_with_no_sound_plays_the_chime() -> None:
    backend = RecordingBackend()
    player = make_player(backend, volume=100)
    player.play("no-such-sound")
    player.play("chime")
    player.close()
    assert backend.played[0][1] == backend.played[1][1]


def write_tone_wav(path: Path, milliseconds: int, amplitude: int = 3000) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = 44_100 * milliseconds // 1000
    samples = array.array("h", (amplitude if (i // 50) % 2 else -amplitude for i in range(frames)))
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(44_100)
        wav.writeframes(samples.tobytes())


def test_a_sound_in_the_users_folder_overrides_the_bundled_one_by_name() -> None:
    write_tone_wav(paths.user_sounds_dir() / "chime.wav", 200)
    write_tone_wav(paths.user_sounds_dir() / "gong.wav", 300)
    sound_set = load_sounds()
    assert len(sound_set.sounds["chime"]) == 200
    assert len(sound_set.sounds["gong"]) == 300
    assert len(sound_set.sounds["finish"]) == 1500
    assert sound_set.problems == ()


def test_an_unreadable_user_sound_is_a_notice_and_the_bundled_one_plays() -> None:
    folder = paths.user_sounds_dir()
    folder.mkdir(parents=True)
    (folder / "chime.wav").write_bytes(b"not a wav file at all")
    backend = RecordingBackend()
    player = make_player(backend)
    assert len(player.problems) == 1
    assert player.problems[0].startswith("sound chime.wav: cannot be decoded (")
    assert player.notice == f"Could not read {player.problems[0]}."
    player.play("chime")
    player.close()
    assert len(backend.played[0][1]) == 44_100 * 800 // 1000 * 2 + GAP_BYTES


def test_a_non_wav_sound_without_ffmpeg_is_a_notice(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no ffmpeg here
    folder = paths.user_sounds_dir()
    folder.mkdir(parents=True)
    (folder / "gong.mp3").write_bytes(b"ID3")
    (folder / "bell.ogg").write_bytes(b"OggS")
    sound_set = load_sounds()
    assert sound_set.problems == (
        "sound bell.ogg: reading it needs ffmpeg, which is not installed",
        "sound gong.mp3: reading it needs ffmpeg, which is not installed",
    )
    assert "gong" not in sound_set.sounds
    player = make_player(RecordingBackend())
    assert player.notice == (
        "Could not read sound bell.ogg: reading it needs ffmpeg, which is not installed"
        " (and 1 more)."
    )
    player.close()


def test_the_bell_rings_for_steps_switches_and_the_end_only() -> None:
    rings: list[int] = []
    bell = BellBackend(lambda: rings.append(1))
    for cue in ("chime", "tick", "ready", "switch", "finish", "bowl", None):
        bell.play(b"", cue)
    assert len(rings) == 4


def test_the_bell_needs_a_hook_or_a_terminal() -> None:
    from knotsession.audio.backends import BackendUnavailable

    with pytest.raises(BackendUnavailable, match="standard output is not a terminal"):
        BellBackend(None)  # pytest captures stdout: not a terminal


def test_a_device_that_stops_working_leaves_a_notice_and_silence() -> None:
    backend = RecordingBackend(fail=True)
    player = make_player(backend)
    player.play("chime")
    player.play("finish")
    player.close()
    assert backend.closed
    assert player.backend_name == "silent"
    assert player.notice == DEVICE_LOST


@pytest.mark.parametrize(
    ("fallback", "reasons", "notice"),
    [
        (SilentBackend(), {"simpleaudio": "Error opening PCM device"}, NO_DEVICE_SILENT),
        (BellBackend(lambda: None), {"miniaudio": "no device"}, NO_DEVICE_BELL),
        (SilentBackend(), {}, None),  # silence asked for is not a problem
    ],
)
def test_without_a_device_the_notice_says_what_cues_do(fallback, reasons, notice) -> None:
    player = CuePlayer(open_backend=lambda bell: (fallback, reasons))
    assert player.wait_ready(10)
    assert player.backend_name == fallback.name
    assert player.notice == notice
    assert player.backend_reasons == reasons
    player.close()


def test_without_a_device_no_sound_is_decoded_and_the_bell_still_rings() -> None:
    decoded: list[bool] = []
    rings: list[int] = []

    def load() -> object:
        decoded.append(True)
        return load_sounds()

    bell = BellBackend(lambda: rings.append(1))
    player = CuePlayer(open_backend=lambda hook: (bell, {"miniaudio": "no device"}),
                       load_sounds=load)  # fmt: skip
    assert player.wait_ready(10)
    player.play("chime")
    player.close()
    assert decoded == []
    assert rings == [1]


def test_a_player_started_muted_decodes_nothing_until_sound_is_turned_on() -> None:
    decoded: list[bool] = []

    def load() -> object:
        decoded.append(True)
        return load_sounds()

    backend = RecordingBackend()
    player = CuePlayer(mute=True, open_backend=lambda hook: (backend, {}), load_sounds=load)
    assert player.wait_ready(10)
    assert decoded == []
    assert player.backend_name == "muted"
    player.set_muted(False)  # its thread opens the device and decodes, before any cue
    assert player.wait_idle(10)
    assert decoded == [True]
    assert player.backend_name == "recording"
    player.play("chime")
    player.close()
    assert decoded == [True]
    assert backend.cues == ["chime"]
    assert len(backend.played[0][1]) > GAP_BYTES  # the chime's own samples, not silence


def test_open_cue_player_takes_a_backend_order() -> None:
    player = open_cue_player(backends=["silent"])
    assert player.wait_ready(10)
    assert player.backend_name == "silent"
    assert player.notice is None
    player.close()


@pytest.mark.parametrize(
    ("forced", "order"),
    [
        ("", ["simpleaudio", "miniaudio", "bell", "silent"]),
        ("miniaudio", ["miniaudio", "bell", "silent"]),
        ("bell", ["bell", "silent"]),
        ("silent", ["silent"]),
    ],
)
def test_the_backend_order_can_be_forced_by_environment(
    monkeypatch: pytest.MonkeyPatch, forced: str, order: list[str]
) -> None:
    monkeypatch.setenv("KNOTSESSION_AUDIO_BACKEND", forced)
    assert backend_order() == order


def test_importing_the_audio_package_imports_no_audio_library() -> None:
    code = (
        "import sys, knotsession.audio\n"
        "heavy = {'pydub', 'simpleaudio', 'miniaudio', 'textual', 'audioop'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n"


@pytest.mark.parametrize(
    ("setting", "order"),
    [
        ("auto", ["simpleaudio", "miniaudio", "bell", "silent"]),
        ("simpleaudio", ["simpleaudio", "bell", "silent"]),
        ("miniaudio", ["miniaudio", "bell", "silent"]),
        ("bell", ["bell", "silent"]),
        ("off", ["silent"]),
    ],
)
def test_the_audio_setting_picks_the_backends(
    monkeypatch: pytest.MonkeyPatch, setting: str, order: list[str]
) -> None:
    monkeypatch.delenv("KNOTSESSION_AUDIO_BACKEND", raising=False)
    assert backend_order(setting=setting) == order


def test_the_environment_beats_the_audio_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KNOTSESSION_AUDIO_BACKEND", "bell")
    assert backend_order(setting="off") == ["bell", "silent"]


def test_audio_off_opens_no_device() -> None:
    player = open_cue_player(audio="off")
    assert player.wait_ready(10)
    assert player.backend_name == "silent"
    player.close()
