"""`knotsession spots [--mark NAME=0-10 ...] [--json]`: the knot map, its history, and the
routines that were followed by a drop."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from knotsession.core.history import HistoryError, HistoryStore
from knotsession.core.spot_trends import (
    StepEffect,
    latest_map,
    routine_effects,
    sparkline,
    step_effects,
    step_lines,
    weekly,
)
from knotsession.core.spots import SPOTS, SpotError, parse_marked
from knotsession.core.text import shown, shown_json
from knotsession.core.wording import plural

WEEKS = 8


def _fail(message: str, code: int = 2) -> int:
    print(shown(f"knotsession: {message}"), file=sys.stderr)
    return code


def mark(texts: list[str]) -> int:
    """Save the spots as marked now; one line saying what was saved."""
    try:
        marks = [parse_marked(text) for text in texts]
    except SpotError as problem:
        return _fail(str(problem))
    store = HistoryStore.open()
    try:
        if store.notice:
            print(shown(f"knotsession: {store.notice}"), file=sys.stderr)
        store.mark_spots([(spot.id, n) for spot, n in marks], datetime.now().astimezone())
    except HistoryError as problem:
        return _fail(str(problem), 1)
    finally:
        store.close()
    print(", ".join(f"{spot.id} {n}/10" for spot, n in marks) + ": saved in your history")
    return 0


def map_record(
    store: HistoryStore, today: date, steps_of: Mapping[str, Sequence[str]] | None = None
) -> dict[str, Any]:
    """The map as data: each spot with its latest intensity and weekly means, and the
    routines and steps (`steps_of`: routine id: step names) followed by a drop."""
    marks, sessions = store.spot_marks(), store.sessions()
    latest, weeks = latest_map(marks), weekly(marks, today, WEEKS)
    effects = routine_effects(marks, sessions)
    steps = step_effects(marks, sessions, steps_of or {})
    return {
        "spots": [
            {
                "id": spot.id,
                "label": spot.label,
                "where": spot.where,
                "areas": list(spot.areas),
                "view": spot.view,
                "intensity": latest.get(spot.id, 0),
                "weekly": weeks.get(spot.id, [None] * WEEKS),
            }
            for spot in SPOTS
        ],
        "followed_by_a_drop": [
            {**msgspec_record(effect), "drop": round(effect.drop, 1)}
            for effect in effects
            if effect.drop > 0
        ],
        "steps_followed_by_a_drop": [
            {**msgspec_record(effect), "drop": round(effect.drop, 1)}
            for effect in steps
            if effect.drop > 0
        ],
    }


def steps_by_routine(args: argparse.Namespace) -> Mapping[str, tuple[str, ...]]:
    """Each routine's step names, as the routine files have them now (each file read when
    a session names its routine)."""
    from knotsession.core.library import load_default_library
    from knotsession.figures.names import pose_names

    library = load_default_library(getattr(args, "routines", None) or (), known_poses=pose_names())
    return library.steps_of()


def msgspec_record(effect: Any) -> dict[str, Any]:
    import msgspec

    return msgspec.to_builtins(effect)


def import_marks(file: Path) -> int:
    """Add the marked spots of a CSV file, as `history import` adds sessions."""
    from knotsession.commands.history import import_file
    from knotsession.core.spots_csv import read_mark_rows

    store = HistoryStore.open()
    try:
        if store.notice:
            print(shown(f"knotsession: {store.notice}"), file=sys.stderr)
        return import_file(
            store, file, read=read_mark_rows, add=store.import_spot_marks, noun="marked spot"
        )
    except HistoryError as problem:
        return _fail(str(problem), 1)
    finally:
        store.close()


def export_marks() -> int:
    """Every marked spot as CSV on standard output."""
    from knotsession.core.spots_csv import write_marks_csv

    store = HistoryStore.open_to_read()
    try:
        if not store.readable:
            return 1
        write_marks_csv(store.spot_marks(), sys.stdout)
    except HistoryError as problem:
        return _fail(str(problem), 1)
    finally:
        store.close()
    return 0


def run(args: argparse.Namespace) -> int:
    """Mark spots, import or export them, or print the map with a sparkline a spot, as a
    table or JSON."""
    if args.mark:
        return mark(args.mark)
    if getattr(args, "import_file", None) is not None:
        return import_marks(args.import_file)
    if getattr(args, "csv", False):
        return export_marks()
    store = HistoryStore.open_to_read()
    try:
        record = map_record(store, date.today(), steps_by_routine(args))
    except HistoryError as problem:
        return _fail(str(problem), 1)
    finally:
        store.close()
    if args.json:
        print(shown_json(json.dumps(record, indent=2, ensure_ascii=False)))
        return 0
    width = max(len(spot.id) for spot in SPOTS)
    print(f"{'spot':<{width}}  now  last {WEEKS} weeks  where")
    for item in record["spots"]:
        now = f"{item['intensity']:>2}" if item["intensity"] else " -"
        line = sparkline(item["weekly"])
        print(f"{item['id']:<{width}}  {now}   {line:<{WEEKS}}       {item['where']}")
    drops = record["followed_by_a_drop"]
    if drops:
        print("\nFollowed by a drop (before -> after):")
    for effect in drops[:10]:
        sessions = plural(effect["sessions"], "session")
        print(
            shown(
                f"  {effect['routine_name']} for {effect['spot']}: "
                f"{effect['before']:.1f} -> {effect['after']:.1f} ({sessions})"
            )
        )
    import msgspec

    steps = step_lines(msgspec.convert(record["steps_followed_by_a_drop"], list[StepEffect]))
    if steps:
        print()
        print("\n".join(steps))
    print("\nMark a spot: knotsession spots --mark left-rhomboid=7; a plan: knotsession plan")
    return 0
