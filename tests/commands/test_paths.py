"""`knotsession paths [--json]` and the KNOTSESSION_CONFIG_DIR / KNOTSESSION_DATA_DIR overrides."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from knotsession import paths


def test_the_overrides_move_config_and_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KNOTSESSION_CONFIG_DIR", str(tmp_path / "conf"))
    monkeypatch.setenv("KNOTSESSION_DATA_DIR", str(tmp_path / "data"))
    assert paths.settings_file() == tmp_path / "conf" / "config.toml"
    assert paths.user_routines_dir() == tmp_path / "conf" / "routines"
    assert paths.history_file() == tmp_path / "data" / "history.sqlite3"


def test_an_empty_override_is_no_override(
    isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KNOTSESSION_CONFIG_DIR", "  ")
    assert paths.config_dir() == isolated_dirs / ".config" / "knotsession"


def test_a_tilde_is_the_home_folder(isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KNOTSESSION_DATA_DIR", "~/ks")
    assert paths.data_dir() == isolated_dirs / "ks"


def test_paths_json_is_what_the_program_uses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KNOTSESSION_DATA_DIR", str(tmp_path / "data"))
    result = subprocess.run(
        [sys.executable, "-m", "knotsession", "paths", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(result.stdout)
    assert found["history"] == str(tmp_path / "data" / "history.sqlite3")
    assert found["settings"] == str(paths.settings_file())
    assert Path(found["bundled_routines"], "desk-5.toml").is_file()


def test_a_session_lands_in_the_data_folder_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "quick.toml").write_text(
        'name = "Q"\nareas = ["neck"]\nlead_in = 0\n[[steps]]\nname = "A"\nduration = 1\n'
    )
    monkeypatch.setenv("KNOTSESSION_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KNOTSESSION_AUDIO_BACKEND", "silent")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "knotsession",
            "start",
            "quick",
            "--plain",
            "--routines",
            str(routines),
        ],
        capture_output=True,
        check=True,
        timeout=60,
    )
    assert (tmp_path / "data" / "history.sqlite3").is_file()
