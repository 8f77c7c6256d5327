"""Whether a sound device could answer here, found without loading a sound library.

Opening miniaudio or simpleaudio loads the library, libasound and cffi (~6 MiB that stay for
the whole session) only to learn that there is no device. On Linux, ALSA needs a sound card,
or a configuration that sends sound elsewhere (a PulseAudio or PipeWire server, a file, as
the tests' `~/.asoundrc` does); with neither, no device can answer and the libraries are not
loaded. Elsewhere the libraries are asked.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

NO_DEVICE = "no sound card, and no ALSA, PulseAudio or PipeWire set up"


def why_no_device(cards_file: Path = Path("/proc/asound/cards")) -> str | None:
    """Why no sound device can answer (None: one may, so ask the library)."""
    if sys.platform != "linux":
        return None
    if os.environ.get("PULSE_SERVER") or os.environ.get("ALSA_CONFIG_PATH"):
        return None
    config_home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    configs = (Path.home() / ".asoundrc", config_home / "alsa" / "asoundrc",
               Path("/etc/asound.conf"))  # fmt: skip
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    servers = (Path(runtime) / "pulse" / "native", Path(runtime) / "pipewire-0") if runtime else ()
    if any(path.exists() for path in (*configs, *servers)):
        return None
    try:
        cards = cards_file.read_text()
    except OSError:
        cards = ""
    if cards.strip() and "no soundcards" not in cards:
        return None
    return NO_DEVICE


def check_a_device_may_answer(library: str) -> None:
    """BackendUnavailable when no device can answer, before `library` is loaded; a library
    that is not installed is left to say so itself."""
    import importlib.util

    from knotsession.audio.backends import BackendUnavailable

    if importlib.util.find_spec(library) is None:
        return
    reason = why_no_device()
    if reason is not None:
        raise BackendUnavailable(reason)
    # The library may load libasound, which prints its errors over the screen: stopped
    # first (and not before: loading libasound to silence it costs memory for nothing).
    from knotsession.audio.quiet import silence_alsa_errors

    silence_alsa_errors()
