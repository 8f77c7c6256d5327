"""Text from outside (routine files, config, imported history, file names) made safe to show.

One rule for every output: a terminal obeys escape sequences wherever they come from, so
control characters (C0, DEL, C1), bidi overrides and other invisible format characters never
reach it raw. They are shown visibly escaped (`\\x1b`, `\\u202e`), so a person can see what a
file holds and a bad key in an error message can still be found. Markup is a separate matter:
widgets get `rich.text.Text` or `markup=False`, never a string to parse.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls, DEL and C1 controls; bidi embeddings, overrides, isolates and marks; other
# invisible format characters (zero-width space, word joiner, BOM, soft hyphen, ...; not the
# zero-width (non-)joiners that emoji and some scripts need); the
# Unicode line and paragraph separators, which some terminals and editors break lines at;
# lone surrogates (a file name that is not UTF-8), which cannot even be printed.
_FORMAT_CHARACTERS = (
    r"\x7f-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff"
    r"\ud800-\udfff\ufff9-\ufffb\U000e0000-\U000e007f"
)
_UNSAFE = re.compile(rf"[\x00-\x1f{_FORMAT_CHARACTERS}]")
_UNSAFE_KEEPING_NEWLINES = re.compile(rf"[\x00-\x09\x0b-\x1f{_FORMAT_CHARACTERS}]")
_CR_LF = re.compile("\r\n?")
# What of the above ASCII text can hold, as bytes: C0 controls but the line feed, and DEL.
_ASCII_UNSAFE_KEEPING_NEWLINES = bytes([*range(0x0A), *range(0x0B, 0x20), 0x7F])
# Characters that show nothing although Unicode does not call them format characters.
_BLANK_LETTERS = frozenset("\u034f\u115f\u1160\u3164\uffa0\u2800")


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def shown(text: str) -> str:
    """`text` safe to show on one line: every control or invisible format character escaped."""
    # A tab is harmless, but a space keeps columns from jumping.
    return _UNSAFE.sub(_escape, text.replace("\t", " "))


def shown_lines(text: str) -> str:
    """`text` safe to show where line breaks are allowed: like `shown`, keeping `\\n`
    (a `\\r\\n` or lone `\\r` becomes `\\n`, so no line can be written over)."""
    return _UNSAFE_KEEPING_NEWLINES.sub(_escape, _CR_LF.sub("\n", text).replace("\t", " "))


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON writes a character beyond the BMP as a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def shown_json(document: str) -> str:
    """Encoded JSON safe to show: the characters `shown` escapes, written as JSON escapes
    (encoders escape C0 controls, but pass DEL, C1 and bidi characters through raw)."""
    if document.isascii():  # known without reading: then only the ASCII controls matter,
        raw = document.encode("ascii")  # and bytes are searched for them ten times faster
        if len(raw.translate(None, _ASCII_UNSAFE_KEEPING_NEWLINES)) == len(raw):
            return document
    return _UNSAFE_KEEPING_NEWLINES.sub(_json_escape, document)


def unsafe_characters(text: str, *, newlines: bool = False) -> list[str]:
    """The characters `shown` would escape, each written escaped (`\\x1b`), in order, once."""
    pattern = _UNSAFE_KEEPING_NEWLINES if newlines else _UNSAFE
    return list(dict.fromkeys(_escape(found) for found in pattern.finditer(text)))


def is_blank(text: str) -> bool:
    """True when nothing of `text` would be visible: only spaces and invisible characters."""
    return all(_is_invisible(char) for char in text)


def _is_invisible(char: str) -> bool:
    if char.isascii():
        # Known without `unicodedata`: its tables' pages stay resident once read (0.1 MiB
        # for a routine's step names while a session plays). In ASCII, categories C and Z
        # are the controls and the space, and there is no M.
        return char.isspace() or not char.isprintable()
    return char in _BLANK_LETTERS or unicodedata.category(char)[0] in "CZM"
