"""Shared fixtures: every test runs with its own empty config, data, cache and home folders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_tool(name: str) -> str:
    """The path of a system tool a test needs: skip without it locally, fail without it in CI."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed (.ci/run installs it)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
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
