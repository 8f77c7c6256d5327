"""`launch`: an unknown routine id is one line with a suggestion, before any full-screen UI."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from knotsession.tui.launch import launch, leave_out_tls


def arguments(routines: list[Path]) -> argparse.Namespace:
    return argparse.Namespace(routines=routines, mute=None, voice=None)


def test_an_unknown_id_suggests_the_closest_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "neck-ease.toml").write_text(
        'name = "Neck ease"\nareas = ["neck"]\n[[steps]]\nname = "a"\nduration = 3\n'
    )
    assert launch(arguments([tmp_path]), "neck-eas") == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "knotsession: no routine 'neck-eas'; did you mean 'neck-ease'?\n"


def test_a_broken_routine_says_what_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mine.toml").write_text('name = "Mine"\nareas = ["nek"]\n')
    assert launch(arguments([tmp_path]), "mine") == 2
    err = capsys.readouterr().err
    assert err.startswith("knotsession: routine 'mine' has a problem: ")
    assert err.endswith("mine.toml: areas[0]: unknown body area 'nek'; did you mean 'neck'?\n")


def test_nothing_close_points_to_the_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert launch(arguments([]), "zzzzzz") == 2
    assert capsys.readouterr().err == "knotsession: no routine 'zzzzzz'; see `knotsession list`\n"


def test_an_unknown_id_is_told_before_textual_is_even_imported(tmp_path: Path) -> None:
    code = (
        "import argparse, sys\n"
        "from knotsession.tui.launch import launch\n"
        "args = argparse.Namespace(routines=[], mute=None, voice=None)\n"
        "code = launch(args, 'zzzzzz')\n"
        "print(code, 'textual' in sys.modules)\n"
    )
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"), "PATH": ""}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout == "2 False\n"
    assert "no routine 'zzzzzz'" in result.stderr


def test_the_app_runs_with_a_short_lock_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's frame writer waits at most 0.5 ms for the interpreter lock while the app
    runs (5 ms by default: a first frame reached the terminal 7 ms late)."""
    from knotsession.tui import process_end
    from knotsession.tui.app import KnotsessionApp

    seen: list[float] = []

    def run_app(app: KnotsessionApp) -> None:
        seen.append(sys.getswitchinterval())

    monkeypatch.setattr(process_end, "run_app", run_app)
    monkeypatch.setattr(KnotsessionApp, "close_parts", lambda self: None)
    previous = sys.getswitchinterval()
    try:
        assert launch(arguments([])) == 0
    finally:
        sys.setswitchinterval(previous)
    assert seen == [0.0005]


@pytest.mark.parametrize(
    ("textual", "left_out"),
    [("", True), ("debug", True), ("devtools", False), ("debug,devtools", False)],
)
def test_ssl_is_left_out_unless_textuals_devtools_are_on(
    monkeypatch: pytest.MonkeyPatch, textual: str, left_out: bool
) -> None:
    monkeypatch.delitem(sys.modules, "ssl")  # as in a new process; put back after the test
    leave_out_tls({"TEXTUAL": textual} if textual else {})
    assert ("ssl" in sys.modules and sys.modules["ssl"] is None) is left_out
    if left_out:
        with pytest.raises(ImportError):
            import ssl  # noqa: F401


def test_ssl_already_imported_is_kept() -> None:
    import ssl

    leave_out_tls({})
    assert sys.modules["ssl"] is ssl
