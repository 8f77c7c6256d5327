"""`knotsession remind --install | --uninstall | --status | --daemon`: the background reminder."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from knotsession import paths
from knotsession.breaks import service
from knotsession.core.break_schedule import SNOOZE_S, Window, parse_days, parse_hours
from knotsession.core.reminders import format_interval, parse_every
from knotsession.core.settings import Settings


def run_service_command(args: argparse.Namespace, platform: str = sys.platform) -> int:
    """Install, remove or describe the background reminder."""
    if args.status:
        for line in status_lines(platform):
            print(line)
        return 0
    command = service.daemon_command()
    if platform.startswith("linux"):
        unit = paths.systemd_unit_file()
        outcome = (
            service.install_systemd(unit, command)
            if args.install
            else service.uninstall_systemd(unit)
        )
    elif platform == "darwin":
        plist = paths.launch_agent_file()
        log = paths.cache_dir() / "remind.log"
        outcome = (
            service.install_launchd(plist, command, log)
            if args.install
            else service.uninstall_launchd(plist)
        )
    else:
        outcome = service.instructions_elsewhere(command)
    for line in outcome.lines:
        print(line)
    return outcome.code


def installed_as(platform: str = sys.platform) -> str | None:
    """`systemd user unit` / `launchd agent` when installed, else None."""
    if platform.startswith("linux") and paths.systemd_unit_file().exists():
        return f"systemd user unit {service.UNIT_NAME}"
    if platform == "darwin" and paths.launch_agent_file().exists():
        return f"launchd agent {service.AGENT_LABEL}"
    return None


def status_lines(platform: str = sys.platform) -> list[str]:
    """Running or not, installed or not, the next break and why, the routine suggested."""
    from knotsession.breaks.daemon import read_status

    holder = service.lock_holder(paths.remind_lock_file())
    installed = installed_as(platform)
    how = f"installed as the {installed}" if installed else "not installed"
    if holder is None:
        lines = [f"Break reminders: not running ({how})."]
        if not installed:
            lines.append("Turn them on: knotsession remind --install")
        return lines
    lines = [f"Break reminders: running (pid {holder}; {how})."]
    status = read_status(paths.remind_status_file()) or {}
    when, why = status.get("next_break_text"), status.get("why")
    if when:
        lines.append(f"Next break: {when}, {why}.")
    elif status:
        lines.append("Next break: none planned (no working day in remind_days).")
    if status.get("routine_name"):
        lines.append(f"Suggested: {status['routine_name']} ({status.get('reason')}).")
    lines.append("Turn them off: knotsession remind --uninstall")
    return lines


def window_of(settings: Settings) -> Window:
    """The working hours and days from the settings (already checked when read)."""
    hours = parse_hours(settings.remind_hours) if settings.remind_hours else None
    return Window(hours, parse_days(settings.remind_days))


def run_daemon(args: argparse.Namespace, settings: Settings, interval_s: int) -> int:
    """Hold the lock and run the loop until stopped; a second copy says who runs and exits 0."""
    from knotsession.breaks.daemon import BreakDaemon, DaemonConfig
    from knotsession.breaks.desktop import Desktop
    from knotsession.core.library import load_default_library

    snooze_s = SNOOZE_S if args.snooze is None else parse_every(args.snooze)
    if snooze_s is None:
        print(
            f"knotsession: --snooze expects an interval like 10m; got {args.snooze!r}",
            file=sys.stderr,
        )
        return 2
    lock_path = paths.remind_lock_file()
    try:
        lock = service.hold_lock(lock_path)
    except service.AlreadyRunning as running:
        print(f"Break reminders are already running (pid {running.pid}, lock {lock_path}).")
        return 0
    except OSError as error:
        print(f"knotsession: cannot take the lock {lock_path}: {error.strerror}", file=sys.stderr)
        return 1
    config = DaemonConfig(
        interval_s=interval_s,
        history_path=paths.history_file(),
        status_path=paths.remind_status_file(),
        window=window_of(settings),
        snooze_s=snooze_s,
        terminal=settings.terminal,
        extra_dirs=tuple(Path(folder) for folder in args.routines),
    )
    desktop = Desktop.connect()
    daemon = BreakDaemon(
        config,
        desktop,
        sys.stdout,
        lambda: list(load_default_library(config.extra_dirs).routines.values()),
    )
    where = "desktop notifications" if desktop else "this terminal (no desktop bus)"
    print(
        f"Break reminders every {format_interval(interval_s)}, through {where}; "
        f"started {datetime.now():%H:%M}.",
        flush=True,
    )
    try:
        daemon.run()
    except KeyboardInterrupt:
        return 130
    finally:
        if desktop is not None:
            desktop.close()
        lock.close()
    return 0
