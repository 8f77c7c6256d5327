"""`knotsession validate PATH...`: one line per problem; exit 1 if any file has one."""

from __future__ import annotations

import argparse
import sys

from knotsession.core.library import read_routine_file, sound_names
from knotsession.core.routine import RoutineError
from knotsession.figures.names import pose_names


def run(args: argparse.Namespace) -> int:
    """Check each routine file."""
    cues, poses = sound_names(), pose_names()
    problems = 0
    for path in args.files:
        try:
            read_routine_file(path, "extra", cues, poses)
        except RoutineError as problem:
            print(problem, file=sys.stderr)
            problems += 1
    checked = len(args.files)
    if problems:
        print(f"{problems} of {checked} files have problems.", file=sys.stderr)
        return 1
    print(f"{checked} file{'s' if checked > 1 else ''} OK.")
    return 0
