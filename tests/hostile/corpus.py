"""Hostile text: what a shared routine file, config, CSV or file name may hold to take over
a terminal, hide text or be read as markup. Each entry has a name for the test id."""

from __future__ import annotations

import re

# Escape sequences and characters that must never reach a terminal raw.
ESCAPES: dict[str, str] = {
    "csi-clear": "\x1b[2J\x1b[H",
    "osc0-title": "\x1b]0;PWNED-TITLE\x07",
    "osc2-title-st": "\x1b]2;PWNED-TITLE\x1b\\",
    "osc8-link": "\x1b]8;;https://example.com/\x07click\x1b]8;;\x07",
    "osc52-clipboard": "\x1b]52;c;cHduZWQ=\x07",
    "dcs": "\x1bP+q544e\x1b\\",
    "c1-csi-8bit": "\x9b2J",
    "c1-osc-8bit": "\x9d0;PWNED-TITLE\x9c",
    "c1-nel": "a\x85b",
    "bell-backspace": "ab\x08\x08\x07",
    "del": "a\x7fb",
    "carriage-return": "Done\rFake",
    "newline-forged-line": "Tilt\n0:05 Done: forged, 9 of 9 steps. Well done.",
    "line-separator": "a\u2028b\u2029c",
    "bidi-override": "abc\u202edcba",
    "bidi-isolate": "\u2066abc\u2069",
    "zero-width-space": "a\u200bb",
    "bom-inside": "a\ufeffb",
    "tag-characters": "a\U000e0041\U000e0042",
}

# Printable text that markup parsers would act on: it must show as written.
MARKUP: dict[str, str] = {
    "close-tag": "Neck [/] tilt",
    "click-quit": "[@click=app.quit]here[/]",
    "bold": "[bold red]loud[/]",
    "link": "[link=https://example.com]x[/link]",
    "html-like": "<b>&amp;</b>",
}

# Names that show nothing: refused as empty.
INVISIBLE_ONLY: dict[str, str] = {
    "zero-width-joiners": "\u200d\u200c",
    "spaces-and-ideographic-space": " \u3000 ",
    "hangul-filler": "\u3164",
}

HUGE_INT = "9" * 5000  # beyond Python's 4300-digit limit for int()
LARGE_INT = "9" * 30  # beyond TOML's 64-bit integers, within Python's limit

# Bytes a terminal acts on: C0 but newline, DEL, C1, ESC; bidi overrides and isolates.
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def toml_string(text: str) -> str:
    """`text` as a TOML basic string, every character outside printable ASCII as \\uXXXX."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\' or not 0x20 <= code < 0x7F:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def control_bytes(text: str) -> list[str]:
    """The characters of `text` a terminal would act on (a newline is fine)."""
    return CONTROL.findall(text)
