"""Make the bundled cue sounds: `python sounds/make_cues.py` rewrites the WAV files beside it.

Every cue is built from sine partials with pydub's generators, shaped by a soft
attack and an exponential decay, and ends in silence, so nothing clicks. The
output is mono, 16-bit, 44.1 kHz, and the same bytes on every run.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

with warnings.catch_warnings():
    # WAV needs no ffmpeg; pydub warns about it anyway when it is imported.
    warnings.simplefilter("ignore", RuntimeWarning)
    from pydub import AudioSegment
    from pydub.generators import Sine

SAMPLE_RATE = 44_100
SLICE_MS = 5  # the decay is applied in steps this long: small enough to be smooth
HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Note:
    """A tone made of a fundamental and quieter harmonics, starting at `at_ms`."""

    freq_hz: float
    length_ms: int
    level_db: float
    at_ms: int = 0
    partials: tuple[tuple[float, float], ...] = ((2.0, -11.0), (3.0, -20.0))  # (ratio, dB)
    attack_ms: int = 8
    decay_db_per_s: float = 30.0


def render_note(note: Note) -> AudioSegment:
    """One note: the partials mixed, a soft attack, an exponential decay, a fade to zero."""
    tone = Sine(note.freq_hz, sample_rate=SAMPLE_RATE).to_audio_segment(
        duration=note.length_ms, volume=note.level_db
    )
    for ratio, gain_db in note.partials:
        partial = Sine(note.freq_hz * ratio, sample_rate=SAMPLE_RATE).to_audio_segment(
            duration=note.length_ms, volume=note.level_db + gain_db
        )
        tone = tone.overlay(partial)
    shaped = AudioSegment.empty()
    for start_ms in range(0, note.length_ms, SLICE_MS):
        piece = tone[start_ms : start_ms + SLICE_MS]
        shaped += piece.apply_gain(-note.decay_db_per_s * start_ms / 1000)
    tail_ms = min(40, note.length_ms // 3)
    return shaped.fade_in(note.attack_ms).fade_out(tail_ms)


def render_cue(notes: list[Note], length_ms: int) -> AudioSegment:
    """Notes laid over silence of `length_ms`, as 16-bit mono at 44.1 kHz."""
    cue = AudioSegment.silent(duration=length_ms, frame_rate=SAMPLE_RATE)
    for note in notes:
        cue = cue.overlay(render_note(note), position=note.at_ms)
    return cue.set_channels(1).set_sample_width(2).set_frame_rate(SAMPLE_RATE)


# name -> (notes, total length in ms). Levels stay well below full scale: cues are gentle.
CUES: dict[str, tuple[list[Note], int]] = {
    # A step starts: one bell-like G5.
    "chime": ([Note(784.0, 800, -15.0, decay_db_per_s=28.0)], 800),
    # Switch sides: a rising pair, E5 then A5, joined so they read as one gesture.
    "switch": (
        [
            Note(659.3, 300, -16.0, decay_db_per_s=20.0),
            Note(880.0, 360, -16.0, at_ms=240, decay_db_per_s=30.0),
        ],
        600,
    ),
    # The last three seconds: a short, quiet, high tick.
    "tick": ([Note(1318.5, 60, -22.0, partials=(), attack_ms=4, decay_db_per_s=60.0)], 60),
    # The routine is done: C5 E5 G5 rolled into a chord that rings out.
    "finish": (
        [
            Note(523.3, 1500, -19.0, decay_db_per_s=18.0),
            Note(659.3, 1350, -19.0, at_ms=150, decay_db_per_s=18.0),
            Note(784.0, 1200, -19.0, at_ms=300, decay_db_per_s=18.0),
        ],
        1500,
    ),
    # A low, soft singing-bowl tone for breathing steps: slow attack, long ring.
    "bowl": (
        [
            Note(
                196.0,
                1600,
                -14.0,
                partials=((2.0, -14.0), (2.76, -20.0)),
                attack_ms=90,
                decay_db_per_s=16.0,
            )
        ],
        1600,
    ),
    # A lead-in begins: a soft short blip.
    "ready": ([Note(1046.5, 150, -21.0, partials=((2.0, -14.0),), decay_db_per_s=40.0)], 150),
}


def main() -> None:
    """Write every cue as `<name>.wav` next to this script."""
    for name, (notes, length_ms) in CUES.items():
        path = HERE / f"{name}.wav"
        render_cue(notes, length_ms).export(path, format="wav")
        print(f"wrote {path.name}")


if __name__ == "__main__":
    main()
