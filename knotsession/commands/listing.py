"""`knotsession list`: the routines, optionally for one body area, as a table or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from knotsession.core.library import Library, load_default_library
from knotsession.core.routine import BODY_AREAS, did_you_mean
from knotsession.core.routine_summary import RoutineSummary
from knotsession.core.settings import load_settings
from knotsession.core.text import shown, shown_json
from knotsession.core.wording import avoid_mark, clock, plural
from knotsession.figures.names import pose_names


def routine_record(
    routine: RoutineSummary, default_lead_in_s: int, avoid: tuple[str, ...] = ()
) -> dict[str, Any]:
    """A routine as the JSON of `list` and `show`; `avoid` lists the areas it works that the
    `avoid` setting spares (an injury)."""
    return {
        "id": routine.id,
        "name": routine.name,
        "description": routine.description,
        "areas": list(routine.areas),
        "position": routine.position,
        "equipment": list(routine.equipment),
        "safety": routine.safety,
        "skip_if": list(routine.skip_if),
        "steps": routine.step_count,
        "work_s": routine.work_s,
        "duration_s": routine.planned_s(default_lead_in_s),
        "origin": routine.origin,
        "avoid": list(routine.avoided(avoid)),
    }


def format_minutes(seconds: float) -> str:
    """`4:05` for 245 seconds (the one clock rule: `knotsession.core.wording.clock`)."""
    return clock(seconds)


def report_problems(library: Library) -> None:
    """Tell, on stderr, which routine files did not load."""
    if not library.problems:
        return
    count = len(library.problems)
    print(f"{plural(count, 'routine file')} could not be loaded:", file=sys.stderr)
    for problem in library.problems:
        print(f"  {problem}", file=sys.stderr)  # RoutineError escapes what it shows


def run(args: argparse.Namespace) -> int:
    """List routines."""
    if args.area is not None:
        args.area = args.area.strip().lower()  # `--area Neck` means neck
        if args.area not in BODY_AREAS:
            hint = did_you_mean(args.area, BODY_AREAS) or f"choose from: {', '.join(BODY_AREAS)}"
            what = f"unknown body area '{args.area}'" if args.area else "--area needs a body area"
            print(shown(f"knotsession: {what}; {hint}"), file=sys.stderr)
            return 2
    settings = load_settings(report=True)
    library = load_default_library(args.routines, known_poses=pose_names())
    report_problems(library)
    routines = library.in_area(args.area) if args.area else list(library.summaries.values())
    records = [routine_record(r, settings.lead_in, settings.avoid) for r in routines]
    if args.json:
        print(shown_json(json.dumps(records, indent=2, ensure_ascii=False)))
        return 0
    if not records:
        print("No routines found.")
        return 0
    width = max(len(record["id"]) for record in records)
    for record in records:
        mark = "  (yours)" if record["origin"] != "bundled" else ""
        if record["avoid"]:
            mark += "  " + avoid_mark(tuple(record["avoid"]))
        print(
            f"{record['id']:<{width}}  {format_minutes(record['duration_s']):>6}  "
            f"{shown(record['name'])}  [{', '.join(record['areas'])}]{mark}"
        )
    return 0
