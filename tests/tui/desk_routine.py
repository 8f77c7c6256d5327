"""The tiny desk routine the app's tests play, and writing routine files (shared by the
fixtures in conftest.py and the test modules that build their own folders)."""

from __future__ import annotations

from pathlib import Path

# Segments of desk-5: get ready 2, left 4, switch 2, right 4, get ready 2, rolls 3 = 17 s.
DESK = """\
name = "Tiny desk routine"
description = "Two short steps for the tests."
areas = ["neck", "shoulders"]
position = "seated"
lead_in = 2

[[steps]]
name = "Neck tilt"
kind = "stretch"
duration = 4
sides = "both"
instructions = "Tilt your ear toward your shoulder."

[[steps]]
name = "Shoulder rolls"
kind = "mobility"
duration = 3
instructions = "Roll your shoulders slowly."
"""

# The person's own routine in the `library` fixture (conftest.py).
MINE = """\
name = "My neck minute"
areas = ["neck"]
lead_in = 0

[[steps]]
name = "Chin tucks"
kind = "mobility"
duration = 3
"""


def write_routines(folder: Path, files: dict[str, str]) -> Path:
    """Write routine files into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return folder
