"""`knotsession remind --install | --uninstall | --status | --daemon`: the background reminder."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from knotsession import paths
from knotsession.breaks import service
from knotsession.breaks.status import status_lines
from knotsession.core.break_schedule import SNOOZE_S, Window, parse_days, parse_hours
from knotsession.core.durations import interval_words
from knotsession.core.reminders import parse_every
from knotsession.core.settings import Settings
from knotsession.figures.names import pose_names

if TYPE_CHECKING:
    from knotsession.core.routine import Routine


def run_service_command(args: argparse.Namespace) -> int:
    """Install, remove or describe the background reminder."""
    if args.status:
        for line in status_lines():
            print(line)
        return 0
    outcome = service.install() if args.install else service.uninstall()
    for line in outcome.lines:
        print(line)
    return outcome.code


def window_of(settings: Settings) -> Window:
    """The working hours and days from the settings (already checked when read)."""
    hours = parse_hours(settings.remind_hours) if settings.remind_hours else None
    return Window(hours, parse_days(settings.remind_days))


def run_daemon(args: argparse.Namespace, settings: Settings, interval_s: int) -> int:
    """Hold the lock and run the loop until stopped; a second copy says who runs and exits 0."""
    from knotsession.breaks.daemon import BreakDaemon, DaemonConfig
    from knotsession.breaks.desktop import Desktop

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
        avoid=tuple(settings.avoid),
    )
    desktop = Desktop.connect()
    daemon = BreakDaemon(
        config,
        desktop,
        sys.stdout,
        lambda: routines_for_breaks(config.extra_dirs),
    )
    where = "desktop notifications" if desktop else "this terminal (no desktop bus)"
    print(
        f"Break reminders every {interval_words(interval_s)}, through {where}; "
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


def routines_for_breaks(extra_dirs: tuple[Path, ...]) -> list[Routine]:
    """What a break's suggestion and today's plan choose among, read whole: the routines
    that fit a break and the bundled ones (not every file of a folder of thousands)."""
    from knotsession.core.break_choice import break_pool
    from knotsession.core.library import load_default_library

    library = load_default_library(extra_dirs, known_poses=pose_names())
    chosen = [*break_pool(library), *library.routines_from("bundled")]
    return list({routine.id: routine for routine in chosen}.values())
