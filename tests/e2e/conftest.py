"""Fixtures for the whole program in tmux."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture
def safety_note_seen(isolated_dirs: Path) -> Path:
    """The first-run safety note was seen already (it has tests of its own), so the app
    opens on the home screen as these tests expect."""
    marker = Path(os.environ["XDG_DATA_HOME"]) / "knotsession" / "safety-note-seen"
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()
    return marker
