"""The core stays pure: importing it pulls in no Textual, no audio library and no terminal."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import knotsession.core

# Every module of the core, found rather than listed, so a new one is checked too.
CORE_MODULES = [
    *(f"knotsession.core.{m.name}" for m in pkgutil.iter_modules(knotsession.core.__path__)),
    "knotsession.plain",
    "knotsession.plain_choice",
    "knotsession.figures.poses",
    "knotsession.figures.render",
]
FORBIDDEN = ("textual", "rich", "pydub", "simpleaudio", "miniaudio", "pyttsx3")


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_imports_nothing_heavy(module: str) -> None:
    code = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    heavy = [name for name in loaded if name.split(".")[0] in FORBIDDEN]
    assert heavy == []


def test_the_command_line_imports_no_ui_before_it_needs_it() -> None:
    code = (
        "import json, sys\n"
        "from knotsession.cli import build_parser\n"
        "build_parser()\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    loaded = json.loads(result.stdout)
    assert [
        name for name in loaded if name.split(".")[0] in (*FORBIDDEN, "sqlite3", "msgspec")
    ] == []


def test_reading_routines_loads_no_openssl(tmp_path: Path) -> None:
    """The routine cache's key is BLAKE2 without `hashlib`, which would load OpenSSL (about
    0.6 MiB resident) into every start, a playing session included."""
    code = (
        "import json, sys\n"
        "from knotsession.core.library import load_default_library\n"
        "load_default_library((), known_poses=frozenset())\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    folders = {name: str(tmp_path / name) for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME")}
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), **folders}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert "knotsession.core.routine_cache" in loaded
    assert [name for name in loaded if name in ("_hashlib", "hashlib")] == []
