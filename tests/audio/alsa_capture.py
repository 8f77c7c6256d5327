"""Capture what reaches ALSA with its `file` plugin, and find the cues in the recording.

ALSA reads `~/.asoundrc` once per process, so every capture runs in a subprocess with
its own HOME. The plugin pipes to `cat >>` because a plain file is truncated each time
a device opens, and simpleaudio opens one for every sound. The `null` slave has no
clock, so a recording holds the sounds back to back, with the player's silent gap
between them: the cues are found as loud runs, and each is named by its length and
pitch, measured the same way on the bundled WAV files.
"""

from __future__ import annotations

import array
import importlib
import itertools
import math
import os
import subprocess
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
SAMPLE_RATE = 44_100
WINDOW = SAMPLE_RATE // 100  # 10 ms
LOUD_RMS = 120  # about -49 dBFS: the cues' quiet tails fall below it
MAX_INNER_GAP_WINDOWS = 2  # dips this short stay inside one sound
# Cues differ by at least 0.28 in this measure (chime and switch); a cut-short cue does not match.
MATCH_DISTANCE = 0.12


def require_module(name: str) -> None:
    """Skip without a Python module locally; fail without it in CI, which installs it."""
    try:
        importlib.import_module(name)
    except ImportError:
        message = f"{name} is not installed (.ci/run installs the extra)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def require_backend(name: str) -> None:
    """Skip (fail in CI) when a real backend cannot be used with this Python."""
    require_module(name)
    if name != "simpleaudio":
        return
    from knotsession.audio.backends.simpleaudio import crashes_this_python, installed_release

    if crashes_this_python(sys.version_info[:2], installed_release()):
        message = "simpleaudio 1.0.4 crashes Python 3.12+: install simpleaudio-patched"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def write_asoundrc(home: Path, raw: Path) -> None:
    """Route ALSA's default device into `raw` for processes that use `home`."""
    home.mkdir(parents=True, exist_ok=True)
    (home / ".asoundrc").write_text(
        f'pcm.!default {{ type file; slave.pcm "null"; file "|cat >>{raw}"; format "raw" }}\n'
    )


def write_missing_card_asoundrc(home: Path) -> None:
    """A default device on a card that does not exist, as on a server or in a container."""
    home.mkdir(parents=True, exist_ok=True)
    (home / ".asoundrc").write_text("pcm.!default { type hw; card 7 }\n")


def environment(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a capturing subprocess: its own HOME and XDG folders."""
    env = {key: value for key, value in os.environ.items() if key != "KNOTSESSION_AUDIO_BACKEND"}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        PYTHONPATH=str(REPO),
    )
    env.update(extra)
    return env


def run_python(
    code: str, home: Path, timeout: float = 60, **extra: str
) -> subprocess.CompletedProcess[bytes]:
    """Run `code` in a fresh interpreter with `home` as HOME; stdout and stderr captured."""
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environment(home, **extra),
        capture_output=True,
        timeout=timeout,
        check=False,
    )


@dataclass(frozen=True)
class Burst:
    """One loud run in a recording."""

    start_ms: int
    length_ms: int
    pitch_hz: float


def samples_of(raw: bytes) -> array.array:
    """16-bit little-endian samples."""
    data = array.array("h")
    data.frombytes(raw[: len(raw) // 2 * 2])
    if sys.byteorder == "big":
        data.byteswap()
    return data


def find_bursts(raw: bytes) -> list[Burst]:
    """The loud runs of a recording, in order."""
    samples = samples_of(raw)
    loud = []
    for start in range(0, len(samples) - WINDOW + 1, WINDOW):
        window = samples[start : start + WINDOW]
        loud.append(math.sqrt(sum(s * s for s in window) / WINDOW) > LOUD_RMS)
    runs: list[list[int]] = []
    for index, is_loud in enumerate(loud):
        if not is_loud:
            continue
        if runs and index - runs[-1][1] <= MAX_INNER_GAP_WINDOWS + 1:
            runs[-1][1] = index
        else:
            runs.append([index, index])
    bursts = []
    for first, last in runs:
        part = samples[first * WINDOW : (last + 1) * WINDOW]
        crossings = sum(1 for a, b in itertools.pairwise(part) if (a < 0) != (b < 0))
        seconds = len(part) / SAMPLE_RATE
        bursts.append(Burst(first * 10, (last - first + 1) * 10, crossings / 2 / seconds))
    return bursts


def reference_bursts(volume: int = 80) -> dict[str, Burst]:
    """Each bundled cue measured as it is played at `volume`."""
    from knotsession.audio import volume_gain_db

    references = {}
    for path in sorted((REPO / "sounds").glob("*.wav")):
        with wave.open(str(path)) as wav:
            samples = samples_of(wav.readframes(wav.getnframes()))
        gain = 10 ** (volume_gain_db(volume) / 20)
        scaled = array.array("h", (int(s * gain) for s in samples))
        found = find_bursts(scaled.tobytes())
        assert len(found) == 1, f"{path.name} should be one sound, found {found}"
        references[path.stem] = found[0]
    return references


def name_bursts(bursts: list[Burst], volume: int = 80) -> list[str]:
    """The cue each burst matches by length and pitch, or '?' when it matches none."""
    references = reference_bursts(volume)

    def distance(burst: Burst, reference: Burst) -> float:
        return abs(math.log(burst.length_ms / reference.length_ms)) + abs(
            math.log(max(burst.pitch_hz, 1.0) / reference.pitch_hz)
        )

    names = []
    for burst in bursts:
        closest = min(references, key=lambda name: distance(burst, references[name]))
        names.append(closest if distance(burst, references[closest]) < MATCH_DISTANCE else "?")
    return names


def cue_names_in(raw_path: Path, volume: int = 80) -> list[str]:
    """The cues heard in a recording, in order; [] when nothing loud reached it."""
    if not raw_path.exists():
        return []
    return name_bursts(find_bursts(raw_path.read_bytes()), volume)


# A one-step routine with both sides: every cue once (chime, tick, switch, tick, finish).
ROUTINE = """\
name = "Cue check"
areas = ["neck"]
lead_in = 0

[[steps]]
name = "Side tilt"
duration = 2
sides = "both"
"""


def start_plain(
    routines: Path, home: Path, *options: str, **env: str
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "knotsession", *options, "--routines", str(routines)]
    return subprocess.run(
        [*command, "start", "cue-check", "--plain"],
        env=environment(home, **env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
