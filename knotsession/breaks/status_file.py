"""The background reminder's status file: written by the daemon, read by `remind --status`,
the settings form and home's reminder line.

Its own module so the readers do not import the daemon (its schedule, desktop and
notification code) just to read a small JSON file: the settings form's first open did.
`json` is imported when a file is read or written: the settings form, loaded at home, reads
one only while a reminder runs, and home keeps the 0.15 MiB otherwise.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def write_status(path: Path, status: dict[str, object]) -> None:
    """Replace the status file in one step, so a reader never sees half of it."""
    import json

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(status, indent=1) + "\n")
        os.replace(temporary, path)
    except OSError as error:
        print(f"knotsession: cannot write {path}: {error.strerror}", file=sys.stderr)


def read_status(path: Path) -> dict[str, object] | None:
    """What the daemon last wrote, or None."""
    import json

    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
