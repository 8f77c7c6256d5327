"""`remind --install / --uninstall / --status`: the unit systemd would run, checked by
systemd-analyze; the launchd agent; one reminder at a time."""

from __future__ import annotations

import os
import plistlib
import subprocess
import sys
from pathlib import Path

import pytest
from fake_desktop import status_of, wait_for
from system_tools import require_tool

from knotsession.breaks.service import (
    daemon_command,
    instructions_elsewhere,
    launchd_plist,
    systemd_quote,
    systemd_unit,
)


def knotsession(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "knotsession", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env or dict(os.environ),
    )


@pytest.fixture
def fake_systemctl(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A `systemctl` first on PATH that records its arguments; it answers as a running user
    manager unless SYSTEMCTL_DOWN is set. (systemd itself cannot run in a test container.)"""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "systemctl.log"
    script = folder / "systemctl"
    script.write_text(
        f'#!/bin/sh\necho "$*" >> {log}\n[ -z "$SYSTEMCTL_DOWN" ] || exit 1\nexit 0\n'
    )
    script.chmod(0o755)
    env = {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}
    return env, log


def unit_path() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "systemd" / "user" / "knotsession-remind.service"


def test_install_writes_the_unit_and_enables_it(fake_systemctl) -> None:  # type: ignore[no-untyped-def]
    env, log = fake_systemctl
    result = knotsession("remind", "--install", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Wrote {unit_path()}",
        "Break reminders are on: they start with your session and restart if they fail.",
        "Check them: knotsession remind --status",
        "Turn them off: knotsession remind --uninstall",
    ]
    assert log.read_text().splitlines() == [
        "--user show-environment",
        "--user daemon-reload",
        "--user enable --now knotsession-remind.service",
    ]
    text = unit_path().read_text()
    assert "Restart=on-failure\n" in text
    assert "WantedBy=default.target\n" in text
    assert f'ExecStart="{sys.executable}" "-m" "knotsession" "remind" "--daemon"\n' in text


def test_without_a_user_manager_it_says_what_to_do(fake_systemctl) -> None:  # type: ignore[no-untyped-def]
    env, _log = fake_systemctl
    result = knotsession("remind", "--install", env={**env, "SYSTEMCTL_DOWN": "1"})
    assert result.returncode == 0
    assert result.stdout.splitlines()[1:] == [
        "systemd's user manager is not running here, so nothing was started.",
        "Start the reminder with your session yourself, for example in ~/.profile:",
        f"  {sys.executable} -m knotsession remind --daemon >/dev/null 2>&1 &",
        "(it runs once only: a second copy sees the first and exits)",
    ]
    assert unit_path().is_file()


def test_the_installed_unit_passes_systemd_analyze_verify(fake_systemctl) -> None:  # type: ignore[no-untyped-def]
    analyze = require_tool("systemd-analyze")
    env, _log = fake_systemctl
    assert knotsession("remind", "--install", env=env).returncode == 0
    verify = subprocess.run(
        [analyze, "verify", str(unit_path())], capture_output=True, text=True, timeout=60
    )
    assert verify.returncode == 0, verify.stderr
    assert "knotsession-remind" not in verify.stderr


def test_uninstall_disables_and_removes_it(fake_systemctl) -> None:  # type: ignore[no-untyped-def]
    env, log = fake_systemctl
    knotsession("remind", "--install", env=env)
    result = knotsession("remind", "--uninstall", env=env)
    assert result.stdout == f"Removed {unit_path()}. Break reminders are off.\n"
    assert not unit_path().exists()
    assert "--user disable --now knotsession-remind.service" in log.read_text()
    again = knotsession("remind", "--uninstall", env=env)
    assert again.stdout == "Break reminders were not installed; nothing to remove.\n"


def test_status_when_nothing_runs_says_how_to_start() -> None:
    result = knotsession("remind", "--status")
    assert result.stdout.splitlines() == [
        "Break reminders: not running (not installed).",
        "Turn them on: knotsession remind --install",
    ]


def test_status_of_a_running_reminder_says_the_next_break_and_why(
    start_daemon, data_home: Path
) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"}
    daemon = start_daemon("--every", "45m", env=env)
    assert wait_for(lambda: status_of(data_home).get("pid") == daemon.pid)
    lines = knotsession("remind", "--status").stdout.splitlines()
    assert lines[0] == f"Break reminders: running (pid {daemon.pid}; not installed)."
    assert lines[1].startswith("Next break: ")
    assert ", 45 min after the reminder started at " in lines[1]
    assert lines[2] == "Suggested: Get up and move (short and on your feet, to get you moving)."


def test_without_a_desktop_bus_the_daemon_prints_the_break(start_daemon, data_home: Path) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"}
    env.pop("TMUX", None)
    daemon = start_daemon("--every", "1s", env=env)
    assert daemon.stdout is not None
    first = daemon.stdout.readline()
    assert first.startswith("Break reminders every 1 s, through this terminal (no desktop bus)")
    nudge = daemon.stdout.readline()
    assert nudge.endswith(
        " Time to stand up and move: Get up and move (1 min): short and on your feet, to get you moving.\n"
    )


def test_exec_start_words_are_quoted_for_systemd() -> None:
    assert systemd_quote('/opt/my "py"/100%/$HOME') == '"/opt/my \\"py\\"/100%%/$$HOME"'
    assert 'ExecStart="/usr/bin/python3" "-m"' in systemd_unit(daemon_command("/usr/bin/python3"))


def test_the_launchd_agent_runs_at_login_and_after_a_failure(tmp_path: Path) -> None:
    agent = plistlib.loads(launchd_plist(daemon_command("/usr/bin/python3"), tmp_path / "log"))
    assert agent["Label"] == "org.knotsession.remind"
    assert agent["ProgramArguments"] == [
        "/usr/bin/python3",
        "-m",
        "knotsession",
        "remind",
        "--daemon",
    ]
    assert agent["RunAtLoad"] is True
    assert agent["KeepAlive"] == {"SuccessfulExit": False}


def test_elsewhere_it_says_what_to_run_at_login() -> None:
    outcome = instructions_elsewhere(["pythonw", "-m", "knotsession", "remind", "--daemon"])
    assert outcome.code == 1
    assert outcome.lines[-1] == "  pythonw -m knotsession remind --daemon"
