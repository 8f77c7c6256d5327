"""`knotsession show ID`: one routine and its steps."""

from __future__ import annotations

import argparse
import json
import sys

from knotsession.commands.listing import format_minutes, routine_record
from knotsession.core.library import Library, load_default_library
from knotsession.core.routine import Routine
from knotsession.core.settings import load_settings


def find_routine(library: Library, routine_id: str) -> Routine | None:
    """The routine, or None after telling the person why not (a broken file, or a typo)."""
    routine = library.get(routine_id)
    if routine is None:
        print(f"knotsession: {library.why_missing(routine_id)}", file=sys.stderr)
    return routine


def run(args: argparse.Namespace) -> int:
    """Show one routine."""
    settings = load_settings(report=True)
    library = load_default_library(args.routines)
    routine = find_routine(library, args.routine_id)
    if routine is None:
        return 2
    record = routine_record(routine, settings.lead_in)
    steps = [
        {
            "name": step.name,
            "kind": step.kind,
            "duration_s": step.duration_s,
            "sides": step.sides,
            "area": step.area,
            "instructions": step.instructions,
            "cue": step.cue,
            "pose": list(step.poses),
            "spot": step.spot,
        }
        for step in routine.steps
    ]
    if args.json:
        print(json.dumps({**record, "steps": steps}, indent=2, ensure_ascii=False))
        return 0
    print(f"{routine.name} ({routine.id})  {format_minutes(record['duration_s'])}")
    if routine.description:
        print(routine.description)
    print(f"Areas: {', '.join(routine.areas)}   Position: {routine.position}")
    print(f"Equipment: {', '.join(routine.equipment) or 'none'}")
    if routine.safety:
        print(f"Safety: {routine.safety}")
    if routine.skip_if:
        print(f"Skip it if you have: {'; '.join(routine.skip_if)}")
    for number, step in enumerate(routine.steps, start=1):
        sides = {"both": ", each side", "left": ", left side", "right": ", right side"}
        print(f"{number:>2}. {step.name} ({step.duration_s} s{sides.get(step.sides, '')})")
    return 0
