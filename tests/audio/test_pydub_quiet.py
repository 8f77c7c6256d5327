"""pydub is imported without a word on stderr, even when its sources are compiled for the
first time (pipx and `uv tool install` precompile no bytecode)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

IMPORT = "from knotsession.audio.sounds import import_pydub; import_pydub()"


def _first_import(tmp_path: Path, code: str) -> subprocess.CompletedProcess[str]:
    # A fresh pycache prefix makes Python compile pydub again, as on a first run.
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache")}
    return subprocess.run(
        [sys.executable, "-W", "default", "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_the_first_import_of_pydub_prints_nothing(tmp_path: Path) -> None:
    result = _first_import(tmp_path, IMPORT)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_without_the_filter_pydub_would_warn(tmp_path: Path) -> None:
    """The test above can fail: a bare first import of pydub does warn."""
    result = _first_import(tmp_path, "import pydub")
    assert "invalid escape sequence" in result.stderr
