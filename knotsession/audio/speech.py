"""Spoken guidance: numbers as words, the offline engines that speak, a cache of lines.

    duration_words(30)                     # "thirty seconds"
    engine = find_speech_engine()          # espeak-ng on the PATH, else pyttsx3, else None
    render_cached(engine, text, folder)    # a WAV made once, then read from the cache

What is said, and when, is `knotsession.audio.coaching`. Rendering runs espeak-ng (or pyttsx3 in
a child interpreter) and belongs on a worker thread: see `knotsession.audio.narrator`.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import threading
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from knotsession.audio import speech_cache

ESPEAK_NAMES = ("espeak-ng", "espeak")
ESPEAK_VOICE = "en"
# A little slower than espeak's 175: someone holding a stretch is listening, not skimming.
ESPEAK_WORDS_PER_MINUTE = 160
RENDER_TIMEOUT_S = 30.0


class SpeechError(Exception):
    """A line could not be rendered or read back; the message is one readable line."""


# --- what is said -------------------------------------------------------------------------

_ONES_SPOKEN = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_ONES = tuple(_ONES_SPOKEN.split())
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def number_words(number: int) -> str:
    """`45` -> `forty-five`, `105` -> `one hundred five`; digits from a million up."""
    if number < 0 or number >= 1_000_000:
        return str(number)
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")
    thousands, rest = divmod(number, 1000)
    return f"{number_words(thousands)} thousand" + (f" {number_words(rest)}" if rest else "")


def _counted(number: int, unit: str) -> str:
    return f"{number_words(number)} {unit}" + ("" if number == 1 else "s")


def duration_words(seconds: float) -> str:
    """`30` -> `thirty seconds`, `90` -> `ninety seconds`, `150` -> `two minutes thirty seconds`."""
    whole = int(seconds)
    minutes, rest = divmod(whole, 60)
    if minutes and not rest:
        return _counted(minutes, "minute")
    if whole < 120:
        return _counted(whole, "second")
    return f"{_counted(minutes, 'minute')} {_counted(rest, 'second')}"


# --- the engines -----------------------------------------------------------------------------


class SpeechEngine(Protocol):
    """Something that writes a spoken line to a WAV file, offline."""

    name: str

    def voice(self) -> str:
        """What the voice is (name, rate): part of the cache key, so a new voice renders anew."""
        ...

    def render(self, text: str, out: Path) -> None:
        """Write `text` spoken to the WAV file `out`; raise SpeechError saying why not."""
        ...


class EspeakEngine:
    """espeak-ng (or espeak) run directly: `espeak-ng -w OUT.wav -- TEXT`, no shell."""

    def __init__(
        self,
        executable: str,
        voice: str = ESPEAK_VOICE,
        words_per_minute: int = ESPEAK_WORDS_PER_MINUTE,
    ) -> None:
        self.executable = executable
        self.name = Path(executable).name
        self._voice = voice
        self._words_per_minute = words_per_minute

    def voice(self) -> str:
        """`en, 160 words a minute`."""
        return f"{self._voice}, {self._words_per_minute} words a minute"

    def render(self, text: str, out: Path) -> None:
        """Run the engine; its output never reaches the terminal."""
        command = [self.executable, "-v", self._voice, "-s", str(self._words_per_minute)]
        run_engine(self.name, [*command, "-w", str(out), "--", text])
        if not out.is_file():
            raise SpeechError(f"{self.name} wrote no audio")


class SayEngine:
    """macOS's own `say`: no install. The line goes in through a file (`-f`), so a line that
    starts with a dash is never read as an option; 16-bit 22,050 Hz WAV comes out, as espeak's.
    (Written to `say`'s documented options; not run on a real Mac in this project's CI.)"""

    name = "say"

    def __init__(self, executable: str, words_per_minute: int = ESPEAK_WORDS_PER_MINUTE) -> None:
        self.executable = executable
        self._words_per_minute = words_per_minute

    def voice(self) -> str:
        """`the system voice, 160 words a minute`."""
        return f"the system voice, {self._words_per_minute} words a minute"

    def render(self, text: str, out: Path) -> None:
        """Run `say` on `text`; the WAV lands in `out`."""
        line = out.with_suffix(".txt")
        line.write_text(text, encoding="utf-8")
        try:
            run_engine(self.name, [
                self.executable, "-r", str(self._words_per_minute), "-o", str(out),
                "--file-format=WAVE", "--data-format=LEI16@22050", "-f", str(line),
            ])  # fmt: skip
        finally:
            line.unlink(missing_ok=True)
        if not out.is_file():
            raise SpeechError("say wrote no audio")


def run_engine(name: str, command: list[str]) -> subprocess.CompletedProcess[bytes]:
    """Run a speech program, its output captured; SpeechError with its last words if it fails."""
    try:
        result = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=RENDER_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SpeechError(f"{name} could not run: {error}") from None
    if result.returncode != 0:
        said = result.stderr.decode(errors="replace").strip().splitlines()
        why = said[-1] if said else f"exit status {result.returncode}"
        raise SpeechError(f"{name} failed: {why}")
    return result


# Run in a child interpreter: pyttsx3 prints "Audio saved to PATH" from espeak's own thread
# (no per-thread filter catches it), the macOS driver wants a main thread, and Windows' wants
# COM set up on the thread that speaks. A child's output is simply captured.
_PYTTSX3_RENDER = """\
import sys
import pyttsx3
engine = pyttsx3.init()
if sys.argv[1] == "--voice":
    sys.stderr.write(f"{engine.getProperty('voice')}, {engine.getProperty('rate')} words a minute")
else:
    engine.save_to_file(sys.argv[1], sys.argv[2])
    engine.runAndWait()
"""


class Pyttsx3Engine:
    """pyttsx3 (the `voice` extra): espeak-ng on Linux, the system voice on macOS and Windows.

    Each line is rendered by a short-lived child interpreter, so nothing pyttsx3 prints
    reaches the terminal and its drivers get the main thread they expect.
    """

    name = "pyttsx3"

    def __init__(self, python: str = sys.executable) -> None:
        self._python = python
        self._voice: str | None = None

    def voice(self) -> str:
        """The id of pyttsx3's voice and its rate (asked once)."""
        if self._voice is None:
            self._voice = self._run("--voice").stderr.decode(errors="replace").strip()
        return self._voice

    def render(self, text: str, out: Path) -> None:
        """Save `text` spoken to `out`."""
        self._run(text, str(out))
        if not out.is_file():
            raise SpeechError("pyttsx3 wrote no audio")

    def _run(self, *arguments: str) -> subprocess.CompletedProcess[bytes]:
        return run_engine(self.name, [self._python, "-c", _PYTTSX3_RENDER, *arguments])


NO_ENGINE_HINT = "apt-get install espeak-ng, or pip install 'knotsession[voice]'"
NO_ENGINE_HINT_ELSEWHERE = "pip install 'knotsession[voice]'"


def no_engine_hint(platform: str = sys.platform) -> str:
    """How to add a speech engine here."""
    return NO_ENGINE_HINT if platform.startswith("linux") else NO_ENGINE_HINT_ELSEWHERE


def find_speech_engine(
    which: Callable[[str], str | None] = shutil.which,
    has_module: Callable[[str], bool] | None = None,
    platform: str = sys.platform,
) -> SpeechEngine | None:
    """espeak-ng (or espeak) on the PATH, else `say` on macOS, else pyttsx3 if installed,
    else None."""
    for name in ESPEAK_NAMES:
        found = which(name)
        if found:
            return EspeakEngine(found)
    if platform == "darwin" and (found := which("say")):
        return SayEngine(found)
    has_module = has_module or _module_installed
    return Pyttsx3Engine() if has_module("pyttsx3") else None


def speech_engine_status(
    which: Callable[[str], str | None] = shutil.which,
    has_module: Callable[[str], bool] | None = None,
) -> tuple[str | None, str]:
    """(engine name, where it is) when one is found; (None, how to add one) when not."""
    engine = find_speech_engine(which, has_module)
    if isinstance(engine, EspeakEngine | SayEngine):
        return engine.name, engine.executable
    if engine is not None:
        return engine.name, "the voice extra (pyttsx3)"
    return None, no_engine_hint()


def _module_installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


# --- rendered lines and their cache ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Speech:
    """A rendered line: raw PCM and its format."""

    text: str
    pcm: bytes
    sample_rate: int
    channels: int
    sample_width: int

    @property
    def duration_s(self) -> float:
        """How long the line takes to say."""
        return len(self.pcm) / (self.sample_rate * self.channels * self.sample_width)


def cache_key(engine_name: str, voice: str, text: str) -> str:
    """The file name stem of a cached line: a hash of who says what, and how."""
    digest = hashlib.sha256("\0".join((engine_name, voice, text)).encode())
    return digest.hexdigest()[:32]


def read_speech(path: Path, text: str) -> Speech:
    """A rendered WAV file as Speech; SpeechError when it is damaged or empty."""
    try:
        with wave.open(str(path), "rb") as wav:
            speech = Speech(
                text=text,
                pcm=wav.readframes(wav.getnframes()),
                sample_rate=wav.getframerate(),
                channels=wav.getnchannels(),
                sample_width=wav.getsampwidth(),
            )
    except (OSError, EOFError, wave.Error) as error:
        raise SpeechError(f"cannot read {path.name}: {error}") from None
    if not speech.pcm:
        raise SpeechError(f"{path.name} holds no audio")
    return speech


def render_cached(engine: SpeechEngine, text: str, folder: Path) -> tuple[Speech, bool]:
    """The line spoken, from the cache or rendered into it; True when it was rendered now.

    A line is written under a temporary name and renamed into place, so another
    session rendering the same line at the same time never reads half a file.
    """
    path = folder / f"{cache_key(engine.name, engine.voice(), text)}.wav"
    if path.is_file():
        with contextlib.suppress(SpeechError):
            speech = read_speech(path, text)
            speech_cache.mark_used(path)
            return speech, False
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{path.stem}.{os.getpid()}.{threading.get_ident()}.wav"
    try:
        engine.render(text, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    speech = read_speech(path, text)
    speech_cache.trim(folder, keep=path)
    return speech, True
