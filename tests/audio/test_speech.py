"""Spoken guidance: the exact lines of a session, the engines, the cache and the narrator.

The lines are pure and tested alone. The narrator runs with the real cue player around a
recording backend (from test_cue_player), and with espeak-ng itself where it is installed;
a fake engine that writes a tone per line only counts renders and holds a render back.
"""

from __future__ import annotations

import array
import io
import itertools
import json
import math
import shutil
import subprocess
import sys
import threading
import wave
from pathlib import Path

import msgspec
import pytest
from recording_backend import GAP_BYTES, RecordingBackend, make_player
from system_tools import require_tool

from knotsession.audio.coaching import CLOSING_LINE
from knotsession.audio.cues import CUE_NAMES
from knotsession.audio.narrator import SPEECH_STALE_S, Narrator, open_narrator, speech_cache_dir
from knotsession.audio.speech import (
    EspeakEngine,
    Pyttsx3Engine,
    SpeechError,
    cache_key,
    duration_words,
    find_speech_engine,
    number_words,
    read_speech,
    render_cached,
    speech_engine_status,
)
from knotsession.core.engine import FakeClock, Session
from knotsession.core.routine import Routine, Step
from knotsession.core.settings import Settings
from knotsession.plain import play_routine

HINT = "apt-get install espeak-ng, or pip install 'knotsession[voice]'"
NO_ENGINE_NOTICE = f"Spoken guidance needs a speech engine: {HINT}."
TONE_RATE = 44_100  # the fake engine writes the playback format, so lengths survive exactly
TONE_FRAMES_PER_CHAR = 441  # 10 ms a character: each test line has its own length


SHORT = Routine("tilt", "Tilt", ("neck",), (Step("Side tilt", 2, sides="both"),), lead_in_s=0)
SHORT_LINES = (
    "Side tilt, left side, two seconds",
    "Switch sides. Right side, two seconds",
    CLOSING_LINE,
)


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "zero"),
        (1, "one"),
        (13, "thirteen"),
        (20, "twenty"),
        (45, "forty-five"),
        (99, "ninety-nine"),
        (100, "one hundred"),
        (105, "one hundred five"),
        (999, "nine hundred ninety-nine"),
        (1200, "one thousand two hundred"),
        (1_000_000, "1000000"),
    ],
)
def test_number_words(number: int, words: str) -> None:
    assert number_words(number) == words


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "one second"),
        (2, "two seconds"),
        (30, "thirty seconds"),
        (60, "one minute"),
        (90, "ninety seconds"),
        (120, "two minutes"),
        (150, "two minutes thirty seconds"),
        (181, "three minutes one second"),
        (45.0, "forty-five seconds"),
    ],
)
def test_duration_words(seconds: float, words: str) -> None:
    assert duration_words(seconds) == words


# --- engines ----------------------------------------------------------------------------------


def test_espeak_ng_is_preferred_then_espeak_then_pyttsx3() -> None:
    def which(found: set[str]):
        return lambda name: f"/usr/bin/{name}" if name in found else None

    engine = find_speech_engine(which({"espeak-ng", "espeak"}), lambda name: True)
    assert isinstance(engine, EspeakEngine) and engine.executable == "/usr/bin/espeak-ng"
    engine = find_speech_engine(which({"espeak"}), lambda name: True)
    assert isinstance(engine, EspeakEngine) and engine.name == "espeak"
    assert isinstance(find_speech_engine(which(set()), lambda name: True), Pyttsx3Engine)
    assert find_speech_engine(which(set()), lambda name: False) is None


def test_engine_status_names_the_engine_or_says_how_to_add_one() -> None:
    found = speech_engine_status(lambda name: "/opt/bin/espeak-ng", lambda name: False)
    assert found == ("espeak-ng", "/opt/bin/espeak-ng")
    only_pyttsx3 = speech_engine_status(lambda name: None, lambda name: True)
    assert only_pyttsx3 == ("pyttsx3", "the voice extra (pyttsx3)")
    if sys.platform.startswith("linux"):
        assert speech_engine_status(lambda name: None, lambda name: False) == (None, HINT)


def speech_rms(pcm: bytes) -> float:
    samples = array.array("h")
    samples.frombytes(pcm)
    return math.sqrt(sum(s * s for s in samples) / len(samples))


def window_crossings(pcm: bytes, rate: int) -> list[int]:
    """Zero crossings in each loud 10 ms window: steady for a tone, all over the place for speech."""
    samples = array.array("h")
    samples.frombytes(pcm)
    size = rate // 100
    counts = []
    for start in range(0, len(samples) - size, size):
        window = samples[start : start + size]
        if math.sqrt(sum(s * s for s in window) / size) > 500:
            counts.append(sum(1 for a, b in itertools.pairwise(window) if (a < 0) != (b < 0)))
    return counts


def test_espeak_ng_renders_a_line_to_the_cache_as_speech(tmp_path: Path) -> None:
    engine = EspeakEngine(require_tool("espeak-ng"))
    text = "Upper trapezius stretch, left side, thirty seconds"
    speech, rendered = render_cached(engine, text, tmp_path / "speech")
    assert rendered
    assert [path.name for path in (tmp_path / "speech").iterdir()] == [
        f"{cache_key('espeak-ng', engine.voice(), text)}.wav"
    ]
    with wave.open(str(next((tmp_path / "speech").iterdir()))) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22_050)
    assert 2.0 < speech.duration_s < 6.0  # seven words, slower than espeak's default
    assert speech_rms(speech.pcm) > 1000  # well above the quiet between words
    crossings = window_crossings(speech.pcm, 22_050)
    assert max(crossings) > 3 * min(crossings)  # vowels and hissing consonants: broadband
    again, rendered_again = render_cached(engine, text, tmp_path / "speech")
    assert not rendered_again and again == speech


def test_a_line_that_starts_with_a_dash_is_spoken_not_taken_as_an_option(tmp_path: Path) -> None:
    engine = EspeakEngine(require_tool("espeak-ng"))
    speech, _ = render_cached(engine, "-v xx Rolls", tmp_path)
    assert speech.duration_s > 0.5


def test_an_engine_that_fails_says_why_in_one_line(tmp_path: Path) -> None:
    engine = EspeakEngine(shutil.which("false") or "/bin/false")
    with pytest.raises(SpeechError, match=r"^false failed: exit status 1$"):
        render_cached(engine, "Hello", tmp_path)
    assert list(tmp_path.iterdir()) == []  # no half-written file left in the cache


def test_a_damaged_cache_file_is_rendered_again(tmp_path: Path) -> None:
    engine = ToneEngine()
    path = tmp_path / f"{cache_key('tone', engine.voice(), 'Hello')}.wav"
    path.write_bytes(b"RIFF....")
    speech, rendered = render_cached(engine, "Hello", tmp_path)
    assert rendered and engine.calls == ["Hello"]
    assert read_speech(path, "Hello") == speech


def test_pyttsx3_renders_a_line_and_prints_nothing(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    require_module("pyttsx3")
    engine = Pyttsx3Engine()
    try:
        speech, rendered = render_cached(engine, "Switch sides", tmp_path)
    except SpeechError as error:  # pyttsx3 is there but has no voice library on this machine
        pytest.skip(str(error))
    assert engine.voice() != ""
    assert rendered and speech.duration_s > 0.3
    assert speech_rms(speech.pcm) > 1000
    assert capfd.readouterr().out == ""  # no "Audio saved to ..." over the screen


def require_module(name: str) -> None:
    from alsa_capture import require_module as require

    require(name)


# --- the narrator -----------------------------------------------------------------------------


class ToneEngine:
    """A fake engine: a tone 10 ms long per character, so each line has its own length.

    With a gate, each render waits for it, to play a slow engine.
    """

    name = "tone"

    def __init__(self, gate: threading.Event | None = None, fail: str | None = None) -> None:
        self.calls: list[str] = []
        self.gate = gate
        self.fail = fail

    def voice(self) -> str:
        return "a tone"

    def render(self, text: str, out: Path) -> None:
        self.calls.append(text)
        if self.gate is not None:
            self.gate.wait(10)
        if self.fail:
            raise SpeechError(self.fail)
        frames = TONE_FRAMES_PER_CHAR * len(text)
        samples = array.array("h", (8000 if n % 40 < 20 else -8000 for n in range(frames)))
        with wave.open(str(out), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(TONE_RATE)
            wav.writeframes(samples.tobytes())


def said(backend: RecordingBackend, lines: tuple[str, ...]) -> list[str]:
    """What the backend played: cue names, and each spoken line told by its length."""
    by_length = {TONE_FRAMES_PER_CHAR * len(line) * 2 + GAP_BYTES: line for line in lines}
    return [cue or by_length.get(len(pcm), "?") for cue, pcm in backend.played]


def run_session(session: Session, clock: FakeClock) -> None:
    session.start()
    while not session.is_over:
        clock.advance(0.5)
        session.poll()


def test_each_line_follows_the_cue_of_its_moment_in_one_queue(tmp_path: Path) -> None:
    backend = RecordingBackend()
    player = make_player(backend, volume=100)
    narrator = Narrator(player, SHORT, engine=ToneEngine(), cache_folder=tmp_path)
    assert narrator.wait_rendered(timeout=10)
    clock = FakeClock()
    session = Session(SHORT, clock=clock)
    session.subscribe(player.handle)
    session.subscribe(narrator.handle)
    run_session(session, clock)
    narrator.close()
    player.close()
    assert said(backend, SHORT_LINES) == [
        "chime",
        "Side tilt, left side, two seconds",
        "tick",
        "switch",
        "Switch sides. Right side, two seconds",
        "tick",
        "finish",
        "Routine complete. Well done.",
    ]
    assert narrator.missed == ()
    assert narrator.notice is None


def test_the_second_narrator_reads_every_line_from_the_cache(tmp_path: Path) -> None:
    player = make_player(RecordingBackend())
    first_engine, second_engine = ToneEngine(), ToneEngine()
    first = Narrator(player, SHORT, engine=first_engine, cache_folder=tmp_path)
    assert first.wait_rendered(timeout=10)
    first.close()
    second = Narrator(player, SHORT, engine=second_engine, cache_folder=tmp_path)
    assert second.wait_rendered(timeout=10)
    second.close()
    player.close()
    assert first_engine.calls == list(SHORT_LINES)
    assert (first.rendered_now, second.rendered_now) == (3, 0)
    assert second_engine.calls == []


def test_the_cache_is_in_the_users_cache_folder_and_keyed_by_voice(isolated_dirs: Path) -> None:
    engine = ToneEngine()
    narrator = Narrator(make_player(RecordingBackend()), SHORT, engine=engine)
    assert narrator.wait_rendered(timeout=10)
    narrator.close()
    assert speech_cache_dir() == isolated_dirs / ".cache" / "knotsession" / "speech"
    names = sorted(path.name for path in speech_cache_dir().iterdir())
    assert names == sorted(f"{cache_key('tone', 'a tone', line)}.wav" for line in SHORT_LINES)
    assert cache_key("tone", "another voice", SHORT_LINES[0]) != cache_key(
        "tone", "a tone", SHORT_LINES[0]
    )


def test_a_line_not_rendered_in_time_is_left_out_without_waiting(tmp_path: Path) -> None:
    gate = threading.Event()
    backend = RecordingBackend()
    player = make_player(backend, volume=100)
    engine = ToneEngine(gate)
    narrator = Narrator(player, SHORT, engine=engine, cache_folder=tmp_path)
    clock = FakeClock()
    session = Session(SHORT, clock=clock)
    session.subscribe(player.handle)
    session.subscribe(narrator.handle)
    session.start()  # the engine is still on the first line: handle must not wait for it
    assert narrator.missed == ("Side tilt, left side, two seconds",)
    gate.set()
    assert narrator.wait_rendered(timeout=10)
    run_session(session, clock)
    narrator.close()
    player.close()
    assert said(backend, SHORT_LINES) == [
        "chime",
        "tick",
        "switch",
        "Switch sides. Right side, two seconds",
        "tick",
        "finish",
        "Routine complete. Well done.",
    ]


def test_a_line_that_could_not_start_in_time_is_dropped_but_the_closing_line_is_not(
    tmp_path: Path,
) -> None:
    gate = threading.Event()
    backend = RecordingBackend(gate)
    clock = FakeClock()
    player = make_player(backend, volume=100, clock=clock)
    narrator = Narrator(player, SHORT, engine=ToneEngine(), cache_folder=tmp_path)
    assert narrator.wait_rendered(timeout=10)
    session = Session(SHORT, clock=FakeClock())
    session.subscribe(player.handle)
    session.subscribe(narrator.handle)
    session.start()
    assert backend.started.wait(10)  # the chime holds the device
    session.skip()  # the switch and its line, then the finish and the closing line
    session.skip()
    clock.advance(SPEECH_STALE_S + 0.5)
    gate.set()
    narrator.close()
    player.close()
    assert said(backend, SHORT_LINES) == ["chime", "finish", "Routine complete. Well done."]


def test_turned_off_it_says_nothing_and_the_cues_still_play(tmp_path: Path) -> None:
    backend = RecordingBackend()
    player = make_player(backend, volume=100)
    narrator = Narrator(player, SHORT, engine=ToneEngine(), cache_folder=tmp_path)
    assert narrator.wait_rendered(timeout=10)
    assert narrator.toggle() is False
    assert not narrator.enabled
    clock = FakeClock()
    session = Session(SHORT, clock=clock)
    session.subscribe(player.handle)
    session.subscribe(narrator.handle)
    run_session(session, clock)
    player.close()
    assert said(backend, SHORT_LINES) == ["chime", "tick", "switch", "tick", "finish"]


def test_created_off_it_renders_nothing_until_turned_on(tmp_path: Path) -> None:
    engine = ToneEngine()
    narrator = Narrator(
        make_player(RecordingBackend()), SHORT, engine=engine, enabled=False, cache_folder=tmp_path
    )
    assert not narrator.wait_rendered(timeout=0)
    assert engine.calls == [] and narrator.notice is None
    assert narrator.set_enabled(True) is True
    assert narrator.wait_rendered(timeout=10)
    assert engine.calls == list(SHORT_LINES)
    narrator.close()


def test_a_muted_player_speaks_nothing(tmp_path: Path) -> None:
    backend = RecordingBackend()
    player = make_player(backend, mute=True)
    narrator = Narrator(player, SHORT, engine=ToneEngine(), cache_folder=tmp_path)
    assert narrator.wait_rendered(timeout=10)
    clock = FakeClock()
    session = Session(SHORT, clock=clock)
    session.subscribe(player.handle)
    session.subscribe(narrator.handle)
    run_session(session, clock)
    player.close()
    assert backend.played == []


def test_without_an_engine_the_notice_says_how_to_add_one_and_cues_play(tmp_path: Path) -> None:
    backend = RecordingBackend()
    player = make_player(backend, volume=100)
    narrator = Narrator(player, SHORT, engine=None, cache_folder=tmp_path)
    assert not narrator.enabled and not narrator.available
    assert narrator.notice == NO_ENGINE_NOTICE
    assert narrator.set_enabled(True) is False
    assert not narrator.wait_rendered(timeout=0)
    clock = FakeClock()
    session = Session(SHORT, clock=clock)
    session.subscribe(player.handle)
    session.subscribe(narrator.handle)
    run_session(session, clock)
    narrator.close()
    player.close()
    assert said(backend, SHORT_LINES) == ["chime", "tick", "switch", "tick", "finish"]
    assert list(tmp_path.iterdir()) == []


def test_open_narrator_finds_no_engine_on_an_empty_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("knotsession.audio.speech._module_installed", lambda name: False)
    narrator = open_narrator(make_player(RecordingBackend()), SHORT)
    assert narrator.engine_name is None
    assert narrator.notice == NO_ENGINE_NOTICE


def test_an_engine_that_fails_stops_speech_with_a_notice(tmp_path: Path) -> None:
    narrator = Narrator(
        make_player(RecordingBackend()),
        SHORT,
        engine=ToneEngine(fail="tone failed: no voice"),
        cache_folder=tmp_path,
    )
    assert not narrator.wait_rendered(timeout=10)
    assert narrator.notice == "Spoken guidance stopped: tone failed: no voice"


def test_an_unwritable_cache_folder_renders_into_a_temporary_one(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    engine = ToneEngine()
    narrator = Narrator(
        make_player(RecordingBackend()), SHORT, engine=engine, cache_folder=blocker / "speech"
    )
    assert narrator.wait_rendered(timeout=10)
    narrator.close()
    assert narrator.notice is None
    assert engine.calls == list(SHORT_LINES)


def test_the_plain_runner_with_voice_and_no_engine_completes_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("KNOTSESSION_AUDIO_BACKEND", "silent")
    monkeypatch.setattr("knotsession.audio.speech._module_installed", lambda name: False)
    one_second = Routine("one", "One", ("neck",), (Step("Tilt", 1),), lead_in_s=0)
    out = io.StringIO()
    assert play_routine(one_second, Settings(voice=True), out=out) == 0
    assert "Done: One, 1 of 1 steps." in out.getvalue()
    assert capsys.readouterr().err == f"knotsession: {NO_ENGINE_NOTICE}\n"


def test_importing_the_narrator_imports_no_audio_or_speech_library() -> None:
    code = (
        "import json, sys\n"
        "import knotsession.audio.narrator\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    heavy = ("pydub", "pyttsx3", "textual", "simpleaudio", "miniaudio")
    assert [name for name in json.loads(result.stdout) if name.split(".")[0] in heavy] == []


def test_doctor_names_the_engine_and_whether_voice_is_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from knotsession.commands.doctor import VOICE_OFF, line, report_speech

    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("knotsession.audio.speech._module_installed", lambda name: False)
    said: list[str] = []
    report_speech(said.append)
    assert said[-3:-1] == [line("engine", f"none, so cues only: {HINT}"), line("voice", VOICE_OFF)]
    espeak = tmp_path / "espeak-ng"
    espeak.write_text("#!/bin/sh\n")
    espeak.chmod(0o755)
    said.clear()
    report_speech(said.append, voice=True)
    assert said[-3:-1] == [line("engine", "espeak-ng"), line("voice", "on (--voice)")]


def test_doctor_reports_the_speech_cache_and_its_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from knotsession.commands.doctor import line, report_speech, speech_cache_json

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = speech_cache_dir()
    folder.mkdir(parents=True)
    (folder / "a.wav").write_bytes(b"x" * 1_500_000)
    (folder / "b.wav").write_bytes(b"x" * 500_000)
    said: list[str] = []
    report_speech(said.append)
    expected = "1.9 MiB in 2 lines, limit 64 MiB (least recently used go first)"
    assert said[-1] == line("cache", expected)
    assert speech_cache_json() == {"bytes": 2_000_000, "lines": 2, "limit_bytes": 64 * 1024 * 1024}


# --- the coaching voice: the longest line that fits ------------------------------------

LONG_HOW = "Sit tall. " + "Breathe slowly and let your shoulders drop. " * 14  # 6 s as tones
EXPLAINED = Routine(
    "explained",
    "Explained",
    ("neck",),
    (Step("Side tilt", 10, sides="both", instructions=LONG_HOW.strip()),),
    lead_in_s=0,
)


def spoken_lines(narrator: Narrator, player: object, backend: RecordingBackend) -> list[str]:
    clock = FakeClock()
    session = Session(EXPLAINED, clock=clock)
    session.subscribe(player.handle)  # type: ignore[attr-defined]
    session.subscribe(narrator.handle)
    run_session(session, clock)
    narrator.close()
    player.close()  # type: ignore[attr-defined]
    return [line for line in said(backend, narrator.lines) if line not in CUE_NAMES]


def test_a_how_to_too_long_for_its_step_is_shortened_not_delayed(tmp_path: Path) -> None:
    backend = RecordingBackend()
    player = make_player(backend, volume=100)
    narrator = Narrator(player, EXPLAINED, engine=ToneEngine(), cache_folder=tmp_path)
    assert narrator.wait_rendered(timeout=10)
    assert f"Side tilt, left side, ten seconds. {LONG_HOW.strip()}" in narrator.lines
    assert spoken_lines(narrator, player, backend) == [
        "Side tilt, left side, ten seconds. Sit tall.",  # the whole how-to needs 6 s of 5.3
        "Halfway",
        "Switch sides. Right side, ten seconds. Sit tall.",
        "Halfway",
        CLOSING_LINE,
    ]


def test_brief_detail_says_the_short_how_to_and_a_missing_line_falls_back(
    tmp_path: Path,
) -> None:
    roomy = msgspec.structs.replace(EXPLAINED.steps[0], duration_s=60)
    explained = msgspec.structs.replace(EXPLAINED, steps=(roomy,))
    backend = RecordingBackend()
    player = make_player(backend, volume=100)
    narrator = Narrator(player, explained, engine=ToneEngine(), cache_folder=tmp_path)
    assert narrator.wait_rendered(timeout=10)
    narrator.set_detail("brief")
    assert narrator.detail == "brief"
    clock = FakeClock()
    session = Session(explained, clock=clock)
    session.subscribe(player.handle)
    session.subscribe(narrator.handle)
    run_session(session, clock)
    narrator.close()
    player.close()
    lines = [line for line in said(backend, narrator.lines) if line not in CUE_NAMES]
    assert lines[0] == "Side tilt, left side, one minute. Sit tall."
    assert "Halfway" in lines and "Ten seconds left" in lines


@pytest.mark.parametrize(("platform", "found"), [("darwin", "say"), ("linux", None)])
def test_say_speaks_on_macos_only(platform: str, found: str | None) -> None:
    """macOS's own `say` needs no install (faked here: this CI has no Mac)."""
    from knotsession.audio.speech import find_speech_engine

    def which(name: str) -> str | None:
        return "/usr/bin/say" if name == "say" else None

    engine = find_speech_engine(which, has_module=lambda _name: False, platform=platform)
    assert (engine.name if engine else None) == found
