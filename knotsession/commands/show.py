"""`knotsession show ID`: one routine and its steps."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap

from knotsession.commands.listing import format_minutes, routine_record
from knotsession.core.library import Library, load_default_library
from knotsession.core.routine import Routine
from knotsession.core.routine_summary import summarise
from knotsession.core.settings import load_settings
from knotsession.core.text import shown, shown_json, shown_lines
from knotsession.figures.names import pose_names
from knotsession.tui.words import SAFETY_NOTE

WIDTH = 78  # wrapped for a terminal or a pager; --json has the text as it is
INDENT = "    "


def find_routine(library: Library, routine_id: str) -> Routine | None:
    """The routine, or None after telling the person why not (a broken file, or a typo)."""
    routine = library.get(routine_id)
    if routine is None:
        print(shown(f"knotsession: {library.why_missing(routine_id)}"), file=sys.stderr)
    return routine


def run(args: argparse.Namespace) -> int:
    """Show one routine."""
    settings = load_settings(report=True)
    library = load_default_library(args.routines, known_poses=pose_names())
    routine = find_routine(library, args.routine_id)
    if routine is None:
        return 2
    record = routine_record(summarise(routine), settings.lead_in, settings.avoid)
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
            "spoken": step.spoken,
        }
        for step in routine.steps
    ]
    if args.json:
        print(shown_json(json.dumps({**record, "steps": steps}, indent=2, ensure_ascii=False)))
        return 0
    print(f"{shown(routine.name)} ({routine.id})  {format_minutes(record['duration_s'])}")
    if routine.description:
        print(shown_lines(routine.description))
    print(f"Areas: {', '.join(routine.areas)}   Position: {routine.position}")
    print(f"Equipment: {shown(', '.join(routine.equipment)) or 'none'}")
    if routine.safety:
        print(f"Safety: {shown(routine.safety)}")
    if routine.skip_if:
        print(f"Skip it if you have: {shown('; '.join(routine.skip_if))}")
    sides = {"both": ", each side", "left": ", left side", "right": ", right side"}
    for number, step in enumerate(routine.steps, start=1):
        print(f"{number:>2}. {shown(step.name)} ({step.duration_s} s{sides.get(step.sides, '')})")
        if step.instructions:
            print(
                textwrap.fill(
                    shown(step.instructions), WIDTH, initial_indent=INDENT, subsequent_indent=INDENT
                )
            )
    print(textwrap.fill(f"Safety: {SAFETY_NOTE}", WIDTH, subsequent_indent="  "))
    return 0
