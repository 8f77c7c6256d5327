"""`knotsession man`: a manual page built from the parser."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from knotsession.cli import EXAMPLES, build_parser
from knotsession.commands.completions import command_options
from knotsession.commands.manual import manual_page, page_date, roff

REPO = Path(__file__).resolve().parents[2]
PYPROJECT = REPO / "pyproject.toml"


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


def test_the_shipped_page_is_what_knotsession_man_prints() -> None:
    """man/knotsession.1 goes into the wheel (share/man/man1); after a change to the
    command line, write it again with `knotsession man > man/knotsession.1`."""
    shipped = REPO / "man" / "knotsession.1"
    if not shipped.is_file():
        pytest.skip("runs in the source tree, not from a wheel")
    text = shipped.read_text()
    dated = re.match(r'\.TH KNOTSESSION 1 "(\d{4}-\d{2}-\d{2})"', text)
    assert dated, "man/knotsession.1 does not start with its .TH line"
    day = datetime.date.fromisoformat(dated[1])
    # argparse wraps usage lines differently from one Python to the next (3.13 changed it),
    # so the page is compared word for word, not line for line.
    assert words(text) == words(manual_page(build_parser(), day, EXAMPLES)), (
        "man/knotsession.1 is out of date: knotsession man > man/knotsession.1"
    )


def words(page: str) -> list[str]:
    return page.split()


def test_the_wheel_ships_the_page_to_share_man() -> None:
    if not PYPROJECT.is_file():
        pytest.skip("runs in the source tree, not from a wheel")
    wheel = tomllib.loads(PYPROJECT.read_text())["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["shared-data"] == {"man/knotsession.1": "share/man/man1/knotsession.1"}


def test_the_page_does_not_depend_on_the_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = []
    for columns in ("40", "200"):
        monkeypatch.setenv("COLUMNS", columns)
        pages.append(manual_page(build_parser(), datetime.date(2026, 1, 2), EXAMPLES))
    assert pages[0] == pages[1]


def test_source_date_epoch_dates_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")  # 2026-01-02 00:00 UTC
    assert page_date() == datetime.date(2026, 1, 2)
