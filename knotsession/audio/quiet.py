"""Keep the sound libraries from writing to the terminal.

libasound reports every failed lookup ("ALSA lib confmisc.c:855:(parse_card) cannot
find card '0'") by printing from C straight to file descriptor 2. Textual draws the
whole screen on that same descriptor, so one such line tears the UI. Redirecting fd 2
while a device opens would also swallow the UI's own frames, so the messages are
stopped where they start: ALSA's error handler is replaced by one that does nothing.
"""

from __future__ import annotations

import ctypes
import sys

# The C callback must outlive every ALSA call: keep it (and the library) referenced here.
_installed: tuple[ctypes.CDLL, object] | None = None

_ErrorHandler = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)


def _ignore(file: bytes, line: int, function: bytes, err: int, fmt: bytes) -> None:
    """ALSA's printf-style arguments after `fmt` are not read: the message is dropped."""


def silence_alsa_errors() -> bool:
    """Install a no-op ALSA error handler once per process; False where there is no ALSA."""
    global _installed
    if _installed is not None:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        library = ctypes.CDLL("libasound.so.2")
    except OSError:
        return False
    handler = _ErrorHandler(_ignore)
    library.snd_lib_error_set_handler(handler)
    _installed = (library, handler)
    return True
