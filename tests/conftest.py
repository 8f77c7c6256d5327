"""Shared fixtures: every test runs with its own empty config, data, cache and home folders."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from system_tools import IN_CI, require_tool  # noqa: F401 - re-exported for older imports

REPO = Path(__file__).resolve().parent.parent

# pytest keeps its assertion-rewritten test modules in __pycache__ (ignored by git). Under a
# PYTHONDONTWRITEBYTECODE runner every worker would rewrite all of them again on every run
# (about 4 s of CPU each, a third of collecting); the package's own modules are cached the
# same way, so the programs the tests start do not compile them again either.
sys.dont_write_bytecode = False


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point HOME and the XDG folders at a fresh place so no test touches a real user's files."""
    home = tmp_path_factory.mktemp("home")
    for variable, folder in (
        ("XDG_CONFIG_HOME", home / ".config"),
        ("XDG_DATA_HOME", home / ".local" / "share"),
        ("XDG_CACHE_HOME", home / ".cache"),
    ):
        folder.mkdir(parents=True)
        monkeypatch.setenv(variable, str(folder))
    monkeypatch.setenv("HOME", str(home))
    return home
