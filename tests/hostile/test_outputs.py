"""Every command, as a real process, in a home full of hostile files: no control byte out.

The routines folder holds markup names (allowed: shown as written), files refused for
escapes, huge numbers and hostile keys, a file named with an escape sequence; config.toml
has a hostile key; the history holds hostile text recorded before import refused it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from corpus import ESCAPES, HUGE_INT, MARKUP, control_bytes, toml_string

from knotsession.core.history import HistoryStore, SessionRecord

MARKUP_ROUTINE = f"""\
name = {toml_string(MARKUP["click-quit"])}
description = "Two lines.\\nThe second."
areas = ["neck"]
equipment = [{toml_string(MARKUP["bold"])}]
lead_in = 0

[[steps]]
name = {toml_string(MARKUP["close-tag"])}
duration = 1
instructions = {toml_string(MARKUP["link"] + chr(10) + "Breathe.")}
"""


def broken(field: str, value: str) -> str:
    return (
        f'name = {value if field == "name" else chr(34) + "N" + chr(34)}\nareas = ["neck"]\n'
        + (f"{value} = 1\n" if field == "key" else "")
        + '[[steps]]\nname = "S"\nduration = 1\n'
    )


@pytest.fixture
def hostile_home(isolated_dirs: Path) -> dict[str, str]:
    """The environment of a person whose folders hold every kind of hostile text."""
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "knotsession"
    routines = config / "routines"
    routines.mkdir(parents=True)
    (routines / "markup.toml").write_text(MARKUP_ROUTINE)
    for name, escape in ESCAPES.items():
        (routines / f"name-{name}.toml").write_text(broken("name", toml_string(escape)))
        (routines / f"key-{name}.toml").write_text(broken("key", toml_string(escape)))
    (routines / "huge.toml").write_text(broken("key", "lead_in").replace("= 1", f"= {HUGE_INT}"))
    (routines / f"t{ESCAPES['osc0-title']}.toml").write_text(MARKUP_ROUTINE)
    (config / "config.toml").write_text(f"{toml_string(ESCAPES['osc52-clipboard'])} = 1\n")
    store = HistoryStore.open()
    store.import_rows(
        SessionRecord(
            id=0,
            routine_id=f"old-{index}",
            routine_name=f"Old {escape}",
            areas=("neck",),
            started_at=datetime(2026, 3, 1 + index, 9, 0, tzinfo=UTC),
            duration_s=60,
            completed=True,
            steps_done=1,
            steps_total=1,
            note=f"note {escape}",
            tags=(f"tag{escape}",),
        )
        for index, escape in enumerate(list(ESCAPES.values())[:20])
    )
    store.close()
    bin_folder = isolated_dirs / "bin"
    bin_folder.mkdir()
    notify = bin_folder / "notify-send"
    notify.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> {isolated_dirs}/notified\n')
    notify.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_folder}:{os.environ['PATH']}", "KNOTSESSION_DEBUG": ""}


def hostile_csv(folder: Path) -> Path:
    path = folder / "import.csv"
    rows = ["started_at,routine_id,duration_s,completed,areas,routine_name,tags"]
    for escape in ESCAPES.values():
        name = escape.replace('"', '""')
        rows.append(f'2026-03-08T09:15:00+00:00,desk-5,300,true,neck,"{name}",')
    path.write_text("\n".join(rows) + "\n")
    return path


COMMANDS = [
    ["list"],
    ["list", "--json"],
    ["list", "--area", ESCAPES["osc0-title"]],
    ["show", "markup"],
    ["show", "markup", "--json"],
    ["show", "name-osc52-clipboard"],
    ["show", f"x{ESCAPES['osc0-title']}"],
    ["--mute", "start", "markup", "--plain"],
    ["start", "huge", "--plain"],
    ["doctor"],
    ["history"],
    ["history", "--csv"],
    ["history", "--json"],
    ["--mute", "remind", "--every", "1s", "--count", "1", "--routine", "markup"],
    ["new", f"x{ESCAPES['osc0-title']}"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: "-".join(argv)[:30])
def test_no_command_lets_a_control_byte_through(
    hostile_home: dict[str, str], argv: list[str]
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "knotsession", *argv],
        capture_output=True,
        text=True,
        env=hostile_home,
        timeout=60,
    )
    assert "unexpected error" not in result.stderr
    assert "Traceback" not in result.stderr
    assert control_bytes(result.stdout) == []
    assert control_bytes(result.stderr) == []
    assert result.stdout + result.stderr  # something was said


def test_validate_names_every_hostile_file_escaped(hostile_home: dict[str, str]) -> None:
    folder = Path(hostile_home["XDG_CONFIG_HOME"]) / "knotsession" / "routines"
    files = sorted(str(path) for path in folder.iterdir())
    result = subprocess.run(
        [sys.executable, "-m", "knotsession", "validate", *files],
        capture_output=True,
        text=True,
        env=hostile_home,
        timeout=60,
    )
    assert result.returncode == 1
    assert control_bytes(result.stdout + result.stderr) == []
    # Every file but markup.toml has a problem, each on its own line.
    assert (
        result.stderr.splitlines()[-1] == f"{len(files) - 1} of {len(files)} files have problems."
    )
    assert "unknown key '\\x1b]0;PWNED-TITLE\\x07' at the top level" in result.stderr


def test_list_shows_markup_as_written_and_counts_the_problems(hostile_home: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "knotsession", "list", "--area", "neck"],
        capture_output=True,
        text=True,
        env=hostile_home,
        timeout=60,
    )
    assert "markup    " in result.stdout
    assert "[@click=app.quit]here[/]  [neck]  (yours)" in result.stdout
    assert result.stderr.startswith(f"knotsession: {hostile_home['XDG_CONFIG_HOME']}/knotsession/")
    assert f"{2 * len(ESCAPES) + 2} routine files could not be loaded:" in result.stderr


def test_plain_prints_the_step_as_written_on_one_line(hostile_home: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "knotsession", "--mute", "start", "markup", "--plain"],
        capture_output=True,
        text=True,
        env=hostile_home,
        timeout=60,
    )
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("[@click=app.quit]here[/] (markup), 0:01.")
    assert lines[-1] == "[0:01] Done: [@click=app.quit]here[/], 1 of 1 steps. Well done."


def test_history_import_refuses_every_hostile_row_and_imports_nothing(
    hostile_home: dict[str, str], tmp_path: Path
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "knotsession", "history", "import", str(hostile_csv(tmp_path))],
        capture_output=True,
        text=True,
        env=hostile_home,
        timeout=60,
    )
    assert result.returncode == 1
    assert control_bytes(result.stdout + result.stderr) == []
    problems = [line for line in result.stderr.splitlines() if "holds control" in line]
    assert len(problems) == len(ESCAPES)
    assert problems[0].endswith(
        "import.csv:2: routine_name holds control or invisible characters (\\x1b)"
    )


def test_a_notification_gets_the_name_as_text(
    hostile_home: dict[str, str], isolated_dirs: Path
) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "knotsession",
            "--mute",
            "remind",
            "--every",
            "1s",
            "--count",
            "1",
            "--routine",
            "markup",
        ],
        capture_output=True,
        text=True,
        env=hostile_home,
        timeout=60,
        check=True,
    )
    assert (isolated_dirs / "notified").read_text().splitlines() == [
        "--",
        "Time to stand up and move",
        "[@click=app.quit]here[/]: knotsession start markup",
    ]
