"""The whole program with --voice: `knotsession --voice start ID --plain` into ALSA's file plugin.

The routine of test_cues_e2e (one step, both sides, 2 s each, no lead-in) must sound
each cue and then its line: chime, "Side tilt, left side, two seconds", tick, switch,
"Switch sides. Right side, two seconds", tick, finish, "Routine complete. Well done.".
In the recording a cue is a short tone that matches a bundled WAV by length and pitch;
speech is a long run of loud parts whose pitch (zero crossings) wanders from voiced
vowels to hissing consonants. With a warm cache each line is also found sample for
sample, as the player converts it, so the right words are known to be in the right place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from alsa_capture import (
    ROUTINE,
    SAMPLE_RATE,
    Burst,
    find_bursts,
    name_bursts,
    start_plain,
    write_asoundrc,
)
from system_tools import require_tool

from knotsession.audio import volume_gain_db
from knotsession.audio.coaching import routine_lines
from knotsession.audio.narrator import CACHE_FOLDER_NAME
from knotsession.audio.speech import EspeakEngine, render_cached
from knotsession.core.routine import parse_routine

LINES = (
    "Side tilt, left side, two seconds",
    "Switch sides. Right side, two seconds",
    "Routine complete. Well done.",
)
EXPECTED = ["chime", "speech", "tick", "switch", "speech", "tick", "finish", "speech"]
# A line of speech lasts seconds and its loud parts range widely in pitch; a cue is one tone.
SPEECH_MIN_MS = 1000
SPEECH_PITCH_RANGE = 1.5
BYTES_PER_MS = SAMPLE_RATE * 2 / 1000  # 88.2: a whole 88 puts a line 22 s in 50 ms late


@dataclass(frozen=True)
class Sound:
    """A cue by name, or 'speech', or '?' for loud audio that is neither."""

    name: str
    start_ms: int
    end_ms: int


def sounds_in(raw: bytes) -> list[Sound]:
    """The recording as cues and stretches of speech, in order."""
    bursts = find_bursts(raw)
    sounds: list[Sound] = []
    other: list[Burst] = []
    for burst, name in zip(bursts, name_bursts(bursts), strict=True):
        if name == "?":
            other.append(burst)
            continue
        if other:
            sounds.append(_speech_or_not(other))
            other = []
        sounds.append(Sound(name, burst.start_ms, burst.start_ms + burst.length_ms))
    if other:
        sounds.append(_speech_or_not(other))
    return sounds


def _speech_or_not(bursts: list[Burst]) -> Sound:
    start, end = bursts[0].start_ms, bursts[-1].start_ms + bursts[-1].length_ms
    pitches = [burst.pitch_hz for burst in bursts]
    wide = len(bursts) > 1 and max(pitches) >= SPEECH_PITCH_RANGE * max(min(pitches), 1.0)
    return Sound("speech" if end - start >= SPEECH_MIN_MS and wide else "?", start, end)


def as_played(text: str, cache: Path, engine: EspeakEngine) -> bytes:
    """A cached line as the cue player sends it: 44.1 kHz, at the default volume of 80."""
    from knotsession.audio.sounds import import_pydub, to_playback_format

    speech, _ = render_cached(engine, text, cache)
    segment = import_pydub().AudioSegment(
        data=speech.pcm,
        sample_width=speech.sample_width,
        frame_rate=speech.sample_rate,
        channels=speech.channels,
    )
    return to_playback_format(segment).apply_gain(volume_gain_db(80)).raw_data


@pytest.fixture
def espeak() -> EspeakEngine:
    return EspeakEngine(require_tool("espeak-ng"))


def speech_cache(home: Path) -> Path:
    return home / ".cache" / "knotsession" / CACHE_FOLDER_NAME


def test_the_lines_of_the_routine_are_the_ones_listened_for() -> None:
    routine = parse_routine(ROUTINE.encode(), file="cue-check.toml", routine_id="cue-check")
    assert routine_lines(routine) == LINES


def test_with_a_warm_cache_each_line_is_heard_after_its_cue_in_order(
    tmp_path: Path, routines: Path, espeak: EspeakEngine
) -> None:
    home, raw = tmp_path / "home", tmp_path / "captured.raw"
    write_asoundrc(home, raw)
    played = {line: as_played(line, speech_cache(home), espeak) for line in LINES}
    result = start_plain(routines, home, "--voice")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Done: Cue check, 1 of 1 steps." in result.stdout
    recording = raw.read_bytes()
    sounds = sounds_in(recording)
    assert [sound.name for sound in sounds] == EXPECTED
    # Each line, sample for sample, where the speech was heard: the words are the right ones.
    speech = [sound for sound in sounds if sound.name == "speech"]
    for line, heard in zip(LINES, speech, strict=True):
        at_ms = recording.find(played[line]) / BYTES_PER_MS
        assert at_ms >= 0, f"{line!r} was not played whole"
        assert abs(at_ms - heard.start_ms) < 50, (line, at_ms, heard)


def test_with_a_cold_cache_the_lines_are_rendered_and_none_is_out_of_place(
    tmp_path: Path, routines: Path, espeak: EspeakEngine
) -> None:
    home, raw = tmp_path / "home", tmp_path / "captured.raw"
    write_asoundrc(home, raw)
    result = start_plain(routines, home, "--voice")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    names = [sound.name for sound in sounds_in(raw.read_bytes())]
    # Every cue, in order. A line not rendered when its moment came is left out, not
    # played late: the first may be missing on a slow machine (the plain runner waits up to
    # a second for it); the later ones had seconds to render.
    assert [name for name in names if name != "speech"] == [n for n in EXPECTED if n != "speech"]
    assert names in (EXPECTED, EXPECTED[:1] + EXPECTED[2:])
    assert len(list(speech_cache(home).glob("*.wav"))) == len(LINES)


def test_voice_with_mute_sends_nothing_to_the_sound_system(
    tmp_path: Path, routines: Path, espeak: EspeakEngine
) -> None:
    home, raw = tmp_path / "home", tmp_path / "captured.raw"
    write_asoundrc(home, raw)
    result = start_plain(routines, home, "--voice", "--mute")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Done: Cue check" in result.stdout
    assert not raw.exists()


# --- the coaching voice: a step's instructions are heard -------------------------------

TOLD = """\
name = "Cue check"
areas = ["neck"]
lead_in = 0

[[steps]]
name = "Side tilt"
duration = 12
instructions = "Tilt your ear toward your shoulder. Breathe slowly and let your shoulder drop."
"""
TOLD_LINE = (
    "Side tilt, twelve seconds. Tilt your ear toward your shoulder. "
    "Breathe slowly and let your shoulder drop."
)


def test_with_voice_a_steps_instructions_are_heard_for_as_long_as_the_words_need(
    tmp_path: Path, espeak: EspeakEngine
) -> None:
    folder = tmp_path / "told"
    folder.mkdir()
    (folder / "cue-check.toml").write_text(TOLD)
    routine = parse_routine(TOLD.encode(), file="cue-check.toml", routine_id="cue-check")
    assert TOLD_LINE in routine_lines(routine)
    home, raw = tmp_path / "home", tmp_path / "captured.raw"
    write_asoundrc(home, raw)
    cache = speech_cache(home)
    for line in routine_lines(routine):
        render_cached(espeak, line, cache)  # warm: the run must not depend on render speed
    spoken, _ = render_cached(espeak, TOLD_LINE, cache)
    played = as_played(TOLD_LINE, cache, espeak)
    result = start_plain(folder, home, "--voice")
    assert result.returncode == 0, result.stderr
    assert "Tilt your ear toward your shoulder." in result.stdout  # printed as well as said
    recording = raw.read_bytes()
    sounds = sounds_in(recording)
    assert [sound.name for sound in sounds][:2] == ["chime", "speech"]
    heard = sounds[1]
    # The whole line, sample for sample, right after the chime; its words take their time.
    at_ms = recording.find(played) / BYTES_PER_MS
    assert at_ms >= 0, "the instructions were not played whole"
    assert abs(at_ms - heard.start_ms) < 50
    assert spoken.duration_s > 4.0  # fourteen words at a calm pace
    assert heard.end_ms - heard.start_ms >= spoken.duration_s * 1000 * 0.8  # quiet tail trimmed
