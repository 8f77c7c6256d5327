"""`knotsession remind`: nudges to get up and move.

- `remind [--every 60m] [--routine ID] [--count N]`: in a terminal tab of its own, it rings
  the bell, prints a nudge line and sends a desktop notification at each interval.
- `remind --install | --uninstall | --status`: the background reminder (knotsession.breaks).
- `remind --daemon`: the background reminder itself, as the service runs it.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from datetime import date
from typing import TYPE_CHECKING

from knotsession.commands.show import find_routine
from knotsession.core.library import Library, load_default_library
from knotsession.core.reminders import parse_every, run_reminders
from knotsession.core.routine import Routine
from knotsession.core.settings import Settings, load_settings, with_flags
from knotsession.figures.names import pose_names

if TYPE_CHECKING:
    from knotsession.core.plan_offer import PlanOffer

DEFAULT_EVERY_S = 3600
PLAN_COMMAND = "knotsession plan --start"


def start_command(routine: Routine) -> str:
    """The command that starts `routine`, naming its folder when only `--routines` finds it."""
    if routine.origin == "extra" and routine.path is not None:
        folder = shlex.quote(str(routine.path.parent))
        return f"knotsession --routines {folder} start {routine.id}"
    return f"knotsession start {routine.id}"


def run(args: argparse.Namespace) -> int:
    """Nudge at each interval until Ctrl-C, or until --count nudges; or the service commands."""
    if args.install or args.uninstall or args.status:
        from knotsession.commands.remind_service import run_service_command

        return run_service_command(args)
    settings = with_flags(load_settings(report=True), mute=args.mute)
    interval_s = _interval(args, settings)
    if interval_s is None:
        return 2
    if args.count is not None and args.count < 1:
        print(f"knotsession: --count must be 1 or more, got {args.count}", file=sys.stderr)
        return 2
    if args.daemon:
        from knotsession.commands.remind_service import run_daemon

        return run_daemon(args, settings, interval_s)
    library = load_default_library(args.routines, known_poses=pose_names())
    offer = _plan_offer(library, settings) if args.routine is None else None
    if offer is not None:  # spots marked lately: today's plan instead of a break routine
        command, body = PLAN_COMMAND, f"{offer.reminder_line()}: {PLAN_COMMAND}"
    else:
        routine = _chosen_routine(library, args.routine)
        if routine is None:
            return 2
        command = start_command(routine)
        body = f"{routine.name}: {command}"
    from knotsession.notify import send_notification

    try:
        run_reminders(
            interval_s,
            args.count,
            command,
            out=sys.stdout,
            notify=send_notification,
            bell=not settings.mute,
            notification_body=body,
        )
    except KeyboardInterrupt:
        print()  # so the shell's prompt starts on a line of its own, after the ^C
        return 130
    return 0


def _interval(args: argparse.Namespace, settings: Settings) -> int | None:
    """--every, else remind_every, else an hour; None (after saying why) when it is not one."""
    if args.every is None:
        return settings.remind_every or DEFAULT_EVERY_S
    interval_s = parse_every(args.every)
    if interval_s is None:
        print(
            f"knotsession: --every expects an interval of at least 1 s, "
            f'like "45m", "1h30m" or "90s"; got {args.every!r}',
            file=sys.stderr,
        )
    return interval_s


def _plan_offer(library: Library, settings: Settings) -> PlanOffer | None:
    """Today's plan when spots were marked lately (as home and the background reminder
    offer it), else None."""
    from knotsession import paths
    from knotsession.core.break_facts import read_break_facts
    from knotsession.core.plan_offer import offer_plan

    facts = read_break_facts(paths.history_file(), date.today())
    return offer_plan(library.routines_from("bundled"), dict(facts.spots), settings.avoid)


def _chosen_routine(library: Library, routine_id: str | None) -> Routine | None:
    """--routine, or the break routine the history suggests (a short standing one)."""
    if routine_id is not None:
        return find_routine(library, routine_id)
    from knotsession import paths
    from knotsession.core.break_choice import break_pool, suggest_break
    from knotsession.core.break_facts import read_break_facts

    facts = read_break_facts(paths.history_file(), date.today())
    suggestion = suggest_break(break_pool(library), facts.done_today, facts.tension_changes)
    if suggestion is None:
        print(
            "knotsession: no routine to suggest; add one or name it with --routine", file=sys.stderr
        )
        return None
    return suggestion.routine
