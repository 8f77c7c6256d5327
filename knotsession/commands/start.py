"""`knotsession start ID [--plain]`: straight into a routine."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from knotsession.core.settings import load_settings, with_flags

if TYPE_CHECKING:
    import argparse


def run(args: argparse.Namespace) -> int:
    """Start a routine, full screen or plain."""
    from knotsession.plain_choice import why_plain

    settings = load_settings()
    plain, reason = why_plain(settings)
    if not (args.plain or plain):
        from knotsession.tui.collector import collector_paused

        with collector_paused():  # until the first screen has painted
            from knotsession.tui.launch import launch

            return launch(args, args.routine_id)
    if reason and not args.plain:
        print(f"knotsession: {reason}, so no full screen: one line per step", file=sys.stderr)
    # The plain runner's parts only here: the full screen keeps neither argparse (which
    # `show` imports) nor the listing in memory while a session plays.
    from knotsession.commands.show import find_routine
    from knotsession.core.library import load_default_library
    from knotsession.figures.names import pose_names

    settings = with_flags(load_settings(report=True), mute=args.mute, voice=args.voice)
    library = load_default_library(args.routines, known_poses=pose_names())
    routine = find_routine(library, args.routine_id)
    if routine is None:
        return 2
    from knotsession.plain import play_routine

    return play_routine(routine, settings)
