"""Fixtures of the audio tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from alsa_capture import ROUTINE


@pytest.fixture
def routines(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "cue-check.toml").write_text(ROUTINE)
    return folder
