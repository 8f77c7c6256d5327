"""`knotsession validate [--json] PATH...`: one line per problem (or a JSON list of the files);
exit 1 if any file has one."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from knotsession.core.library import read_routine_file, sound_names
from knotsession.core.routine import RoutineError
from knotsession.core.text import shown_json
from knotsession.core.wording import plural
from knotsession.figures.names import pose_names


def run(args: argparse.Namespace) -> int:
    """Check each routine file."""
    cues, poses = sound_names(), pose_names()
    problems = 0
    results: list[dict[str, Any]] = []
    for path in args.files:
        try:
            read_routine_file(path, "extra", cues, poses)
            results.append({"file": str(path), "ok": True, "problem": None})
        except RoutineError as problem:
            found = {"message": problem.message, "place": problem.place, "hint": problem.hint}
            results.append({"file": str(path), "ok": False, "problem": found})
            if not getattr(args, "json", False):
                print(problem, file=sys.stderr)
            problems += 1
    if getattr(args, "json", False):
        print(shown_json(json.dumps(results, indent=2, ensure_ascii=False)))
        return 1 if problems else 0
    checked = len(args.files)
    if problems:
        print(f"{problems} of {checked} files have problems.", file=sys.stderr)
        return 1
    print(f"{plural(checked, 'file')} OK.")
    return 0
