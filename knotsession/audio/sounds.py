"""The cue sounds, decoded with pydub: bundled WAVs, overridden by name from the user's folder.

Everything here runs on the cue player's thread: pydub is imported late, and its
warning about a missing ffmpeg (WAV needs none) never reaches the screen.
"""

from __future__ import annotations

import shutil
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from knotsession import paths
from knotsession.audio.backends import CHANNELS, SAMPLE_RATE, SAMPLE_WIDTH
from knotsession.core.library import SOUND_SUFFIXES

if TYPE_CHECKING:
    from pydub import AudioSegment

# A cue holds the queue while it plays: a long file dropped in by mistake is cut short.
MAX_CUE_MS = 10_000


@dataclass(frozen=True)
class SoundSet:
    """Decoded cues by name, and one line for each file that could not be read."""

    sounds: dict[str, AudioSegment] = field(default_factory=dict)
    problems: tuple[str, ...] = ()


def sound_files(folders: tuple[Path, ...] | None = None) -> dict[str, Path]:
    """Cue name -> file; a later folder overrides an earlier one, and .wav wins within one."""
    if folders is None:
        folders = (paths.bundled_sounds_dir(), paths.user_sounds_dir())
    found: dict[str, Path] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        in_folder: dict[str, Path] = {}
        for path in sorted(folder.iterdir()):
            suffix = path.suffix.lower()
            if suffix not in SOUND_SUFFIXES or not path.is_file():
                continue
            known = in_folder.get(path.stem)
            if known is None or SOUND_SUFFIXES.index(suffix) < SOUND_SUFFIXES.index(
                known.suffix.lower()
            ):
                in_folder[path.stem] = path
        found.update(in_folder)
    return found


# A compile-time warning's "module" is its file name without ".py".
PYDUB_FILES = r".*[\\/]pydub[\\/]"


def import_pydub():  # -> the pydub module; imported here, on the player's thread
    """pydub, without its warnings: ffmpeg is missing (WAV needs none), audioop is deprecated."""
    # Lasting, narrow filters rather than catch_warnings(), which swaps the process-wide
    # filter list and would race with the UI thread. pydub warns again on each non-WAV file.
    warnings.filterwarnings("ignore", message="Couldn't find ff", category=RuntimeWarning)
    warnings.filterwarnings(
        "ignore", message="'audioop' is deprecated", category=DeprecationWarning
    )
    # Installed without precompiled bytecode (pipx, `uv tool install`), compiling pydub's
    # sources on first import warns about its regex strings ("invalid escape sequence"):
    # SyntaxWarning on 3.12+, DeprecationWarning before. Only warnings raised from pydub's files.
    for category in (SyntaxWarning, DeprecationWarning):
        warnings.filterwarnings(
            "ignore", message="invalid escape sequence", category=category, module=PYDUB_FILES
        )
    import pydub

    return pydub


def to_playback_format(segment: AudioSegment) -> AudioSegment:
    """Mono, 16-bit, 44.1 kHz: the one format every backend plays."""
    return segment.set_channels(CHANNELS).set_frame_rate(SAMPLE_RATE).set_sample_width(SAMPLE_WIDTH)


def decode(path: Path) -> AudioSegment:
    """One sound file as a cue; raises ValueError with a readable reason."""
    pydub = import_pydub()
    suffix = path.suffix.lower().lstrip(".")
    if suffix != "wav" and not (shutil.which("ffmpeg") or shutil.which("avconv")):
        raise ValueError("reading it needs ffmpeg, which is not installed")
    try:
        # An open file, not a path: pydub leaves the files it opens itself unclosed.
        with path.open("rb") as handle:
            segment = pydub.AudioSegment.from_file(handle, format=suffix)
    # A person's file can fail in many ways inside pydub, wave and ffmpeg; none may stop a
    # session, and each becomes the one-line reason shown.
    except Exception as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise ValueError(f"cannot be decoded ({reason or type(error).__name__})") from None
    return to_playback_format(segment[:MAX_CUE_MS])


def load_sounds(files: dict[str, Path] | None = None) -> SoundSet:
    """Decode every cue once; a bad file is a problem and, if bundled, the bundled one plays."""
    files = sound_files() if files is None else files
    bundled = sound_files((paths.bundled_sounds_dir(),))
    sounds: dict[str, AudioSegment] = {}
    problems: list[str] = []
    for name, path in sorted(files.items()):
        try:
            sounds[name] = decode(path)
            continue
        except ValueError as why:
            problems.append(f"sound {path.name}: {why}")
        fallback = bundled.get(name)
        if fallback is not None and fallback != path:
            try:
                sounds[name] = decode(fallback)
            except ValueError as why:
                problems.append(f"sound {fallback.name}: {why}")
    return SoundSet(sounds=sounds, problems=tuple(problems))
