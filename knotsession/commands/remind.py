"""`knotsession remind [--every 60m] [--routine desk-5] [--count N]`: nudges to get up and move.

Meant for a terminal tab of its own: at each interval it rings the bell (unless muted),
prints a nudge line and sends a desktop notification where there is one.
"""

from __future__ import annotations

import argparse
import shlex
import sys

from knotsession.commands.show import find_routine
from knotsession.core.library import load_default_library
from knotsession.core.reminders import parse_every, run_reminders
from knotsession.core.routine import Routine
from knotsession.core.settings import load_settings, with_flags
from knotsession.figures.names import pose_names

DEFAULT_EVERY_S = 3600


def start_command(routine: Routine) -> str:
    """The command that starts `routine`, naming its folder when only `--routines` finds it."""
    if routine.origin == "extra" and routine.path is not None:
        folder = shlex.quote(str(routine.path.parent))
        return f"knotsession --routines {folder} start {routine.id}"
    return f"knotsession start {routine.id}"


def run(args: argparse.Namespace) -> int:
    """Nudge at each interval until Ctrl-C, or until --count nudges."""
    settings = with_flags(load_settings(report=True), mute=args.mute)
    interval_s: int | None
    if args.every is None:
        interval_s = settings.remind_every or DEFAULT_EVERY_S
    else:
        interval_s = parse_every(args.every)
    if interval_s is None:
        print(
            f"knotsession: --every expects an interval of at least 1 s, "
            f'like "45m", "1h30m" or "90s"; got {args.every!r}',
            file=sys.stderr,
        )
        return 2
    if args.count is not None and args.count < 1:
        print(f"knotsession: --count must be 1 or more, got {args.count}", file=sys.stderr)
        return 2
    routine = find_routine(
        load_default_library(args.routines, known_poses=pose_names()), args.routine
    )
    if routine is None:
        return 2
    from knotsession.notify import send_notification

    command = start_command(routine)
    try:
        run_reminders(
            interval_s,
            args.count,
            command,
            out=sys.stdout,
            notify=send_notification,
            bell=not settings.mute,
            notification_body=f"{routine.name}: {command}",
        )
    except KeyboardInterrupt:
        print()  # so the shell's prompt starts on a line of its own, after the ^C
        return 130
    return 0
