"""Running the reminder with the person's session: a systemd user unit, a launchd agent,
or instructions; and one lock so it never runs twice.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

UNIT_NAME = "knotsession-remind.service"
AGENT_LABEL = "org.knotsession.remind"
SYSTEMCTL_TIMEOUT_S = 20.0

Run = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]


def daemon_command(python: str = sys.executable) -> list[str]:
    """The command the service runs."""
    return [python, "-m", "knotsession", "remind", "--daemon"]


def systemd_quote(word: str) -> str:
    """One ExecStart word, quoted for systemd: `%` and `$` doubled, quotes escaped."""
    escaped = word.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("%", "%%").replace("$", "$$") + '"'


def systemd_unit(command: Sequence[str]) -> str:
    """The user unit: starts with the session, restarts on failure."""
    exec_start = " ".join(systemd_quote(word) for word in command)
    return (
        "[Unit]\n"
        "Description=knotsession break reminders (get up and move)\n"
        "\n"
        "[Service]\n"
        "Type=simple\n"
        f"ExecStart={exec_start}\n"
        "Restart=on-failure\n"
        "RestartSec=10\n"
        "\n"
        "[Install]\n"
        "WantedBy=default.target\n"
    )


def launchd_plist(command: Sequence[str], log: Path) -> bytes:
    """The launchd agent: runs at login, restarted when it exits with an error."""
    agent = {
        "Label": AGENT_LABEL,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "StandardOutPath": str(log),
        "StandardErrorPath": str(log),
    }
    import plistlib  # macOS only: its XML parser stays out of the other processes

    return plistlib.dumps(agent)


@dataclass(frozen=True)
class Outcome:
    """What installing or removing did, in lines for the person, and the exit code."""

    lines: tuple[str, ...]
    code: int = 0


def _run(command: Sequence[str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            list(command),
            capture_output=True,
            text=True,
            timeout=SYSTEMCTL_TIMEOUT_S,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return subprocess.CompletedProcess(list(command), 1, "", str(error))


def user_manager_running(systemctl: str | None, run: Run = _run) -> bool:
    """Whether systemd's user manager answers here (not in most containers, WSL1, ...)."""
    return systemctl is not None and run([systemctl, "--user", "show-environment"]).returncode == 0


def install_systemd(unit_file: Path, command: Sequence[str], run: Run = _run) -> Outcome:
    """Write the unit and, when systemd runs, enable and start it."""
    unit_file.parent.mkdir(parents=True, exist_ok=True)
    unit_file.write_text(systemd_unit(command))
    lines = [f"Wrote {unit_file}"]
    systemctl = shutil.which("systemctl")
    if not user_manager_running(systemctl, run):
        return Outcome(
            (
                *lines,
                "systemd's user manager is not running here, so nothing was started.",
                "Start the reminder with your session yourself, for example in ~/.profile:",
                f"  {shlex.join(command)} >/dev/null 2>&1 &",
                "(it runs once only: a second copy sees the first and exits)",
            )
        )
    assert systemctl is not None
    run([systemctl, "--user", "daemon-reload"])
    enabled = run([systemctl, "--user", "enable", "--now", UNIT_NAME])
    if enabled.returncode != 0:
        reason = (enabled.stderr or "").strip().splitlines()[-1:] or ["no reason given"]
        return Outcome((*lines, f"systemctl could not start it: {reason[0]}"), 1)
    return Outcome(
        (
            *lines,
            "Break reminders are on: they start with your session and restart if they fail.",
            "Check them: knotsession remind --status",
            "Turn them off: knotsession remind --uninstall",
        )
    )


def uninstall_systemd(unit_file: Path, run: Run = _run) -> Outcome:
    """Stop, disable and remove the unit."""
    systemctl = shutil.which("systemctl")
    if user_manager_running(systemctl, run):
        assert systemctl is not None
        run([systemctl, "--user", "disable", "--now", UNIT_NAME])
    if not unit_file.exists():
        return Outcome(("Break reminders were not installed; nothing to remove.",))
    unit_file.unlink()
    if user_manager_running(systemctl, run):
        assert systemctl is not None
        run([systemctl, "--user", "daemon-reload"])
    return Outcome((f"Removed {unit_file}. Break reminders are off.",))


def install_launchd(
    plist_file: Path, command: Sequence[str], log: Path, run: Run = _run
) -> Outcome:
    """Write the agent and load it."""
    plist_file.parent.mkdir(parents=True, exist_ok=True)
    plist_file.write_bytes(launchd_plist(command, log))
    loaded = run(["launchctl", "load", "-w", str(plist_file)])
    if loaded.returncode != 0:
        return Outcome((f"Wrote {plist_file}", f"launchctl could not load it: {loaded.stderr}"), 1)
    return Outcome(
        (
            f"Wrote {plist_file}",
            "Break reminders are on: they start when you log in.",
            "Turn them off: knotsession remind --uninstall",
        )
    )


def uninstall_launchd(plist_file: Path, run: Run = _run) -> Outcome:
    """Unload and remove the agent."""
    if not plist_file.exists():
        return Outcome(("Break reminders were not installed; nothing to remove.",))
    run(["launchctl", "unload", "-w", str(plist_file)])
    plist_file.unlink()
    return Outcome((f"Removed {plist_file}. Break reminders are off.",))


def instructions_elsewhere(command: Sequence[str]) -> Outcome:
    """No service manager knotsession knows: say what to run at login."""
    return Outcome(
        (
            "knotsession cannot set up a login item on this system by itself.",
            "Make this command run when you log in (Windows: Task Scheduler, 'At log on'):",
            "  " + " ".join(command),
        ),
        1,
    )


class AlreadyRunning(Exception):
    """Another reminder holds the lock."""

    def __init__(self, pid: str) -> None:
        super().__init__(pid)
        self.pid = pid


def hold_lock(path: Path) -> IO[str]:
    """Take the reminder's lock (held until the process ends); AlreadyRunning names the holder."""
    import fcntl  # POSIX only, like the services that hold the lock

    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise AlreadyRunning(holder) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def lock_holder(path: Path) -> str | None:
    """The pid of the running reminder, or None when nothing holds the lock."""
    import fcntl

    try:
        handle = path.open("r")
    except OSError:
        return None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return handle.read().strip() or "unknown"
        return None


def install(platform: str = sys.platform) -> Outcome:
    """Set the reminder up to run with the person's session, the way this system does it."""
    from knotsession import paths

    command = daemon_command()
    if platform.startswith("linux"):
        return install_systemd(paths.systemd_unit_file(), command)
    if platform == "darwin":
        return install_launchd(paths.launch_agent_file(), command, paths.cache_dir() / "remind.log")
    return instructions_elsewhere(command)


def uninstall(platform: str = sys.platform) -> Outcome:
    """Stop the reminder and remove what `install` set up."""
    from knotsession import paths

    if platform.startswith("linux"):
        return uninstall_systemd(paths.systemd_unit_file())
    if platform == "darwin":
        return uninstall_launchd(paths.launch_agent_file())
    return instructions_elsewhere(daemon_command())
