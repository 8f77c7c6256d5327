"""`knotsession man`: a manual page built from the parser."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest

from knotsession.cli import EXAMPLES, build_parser
from knotsession.commands.completions import command_options
from knotsession.commands.manual import manual_page, roff


def test_every_command_and_option_is_in_the_page() -> None:
    page = manual_page(build_parser(), datetime.date(2026, 1, 2), EXAMPLES)
    assert page.startswith('.TH KNOTSESSION 1 "2026-01-02"')
    for name, options in command_options(build_parser()).items():
        if name:
            assert f".SS {roff(name)}\n" in page
        for option in options:
            assert roff(option) in page
    assert ".SH EXIT CODES" in page
    assert "KNOTSESSION_CONFIG_DIR" in page


def test_roff_text_cannot_start_a_request() -> None:
    assert roff(".TH evil") == "\\&.TH evil"
    assert roff("a\\b-c") == "a\\eb\\-c"


def test_man_renders_the_page_without_warnings(tmp_path) -> None:
    man = shutil.which("man")
    if man is None:
        pytest.skip("man is not installed")
    page = tmp_path / "knotsession.1"
    page.write_text(manual_page(build_parser(), datetime.date(2026, 1, 2), EXAMPLES))
    result = subprocess.run(
        [man, "--warnings", "-l", str(page)],
        capture_output=True,
        text=True,
        env={"MANWIDTH": "80", "PATH": "/usr/bin:/bin"},
        check=True,
    )
    assert result.stderr == ""
    assert "knotsession paths" in result.stdout
