"""`knotsession plan`: today's plan for the spots you mark, to read, save or start."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from knotsession import paths
from knotsession.core.library import display_path, load_default_library, sound_names
from knotsession.core.planner import (
    Plan,
    Target,
    area_target,
    build_plan,
    spot_target,
    step_library,
)
from knotsession.core.routine import (
    BODY_AREAS,
    ID_PATTERN,
    did_you_mean,
)
from knotsession.core.routine_writer import NotWritten, routine_text, write_routine_file
from knotsession.core.settings import load_settings, with_flags
from knotsession.core.spots import SpotError, parse_marked
from knotsession.core.text import shown, shown_json
from knotsession.core.wording import clock
from knotsession.figures.names import pose_names


def _fail(message: str, code: int = 2) -> int:
    print(shown(f"knotsession: {message}"), file=sys.stderr)
    return code


def targets_of(args: argparse.Namespace) -> list[Target]:
    """The spots and areas asked for, in order; SpotError (or ValueError) for a bad one."""
    targets = [spot_target(*parse_marked(text)) for text in args.spot or ()]
    for text in args.area or ():
        area = text.strip().lower()
        if area not in BODY_AREAS:
            hint = did_you_mean(area, BODY_AREAS) or f"choose from: {', '.join(BODY_AREAS)}"
            raise SpotError(f"unknown body area '{text}' ({hint})")
        targets.append(area_target(area))
    return targets


def targets_from_map() -> list[Target]:
    """The spots marked on the knot map in the last two weeks (core/plan_offer.py), worst
    first: the same spots home and the break reminder offer today's plan for."""
    from datetime import date

    from knotsession.core.history import HistoryError, HistoryStore
    from knotsession.core.plan_offer import recent_since, recent_spots
    from knotsession.core.spots import find_spot

    today = date.today()
    store = HistoryStore.open_to_read()
    try:
        latest = recent_spots(store.spot_marks(recent_since(today)), today)
    except HistoryError:
        return []
    finally:
        store.close()
    return [spot_target(find_spot(spot), n) for spot, n in latest.items()]


def plan_record(plan: Plan) -> dict[str, Any]:
    """The plan as JSON: the routine's steps, each with why it is there."""
    routine = plan.routine
    return {
        "name": routine.name,
        "minutes": plan.budget_s // 60,
        "duration_s": plan.duration_s,
        "position": routine.position,
        "equipment": list(routine.equipment),
        "left_out": list(plan.left_out),
        "steps": [
            {
                "name": step.name,
                "kind": step.kind,
                "sides": step.sides,
                "area": step.area,
                "duration_s": step.duration_s,
                "why": why,
            }
            for step, why in zip(routine.steps, plan.reasons, strict=True)
        ],
    }


def plan_lines(plan: Plan) -> list[str]:
    """The plan as text: a heading, a line a step with its length and why, what was left out."""
    routine = plan.routine
    kit = ", ".join(routine.equipment) or "no equipment"
    lines = [f"{routine.name}", f"{clock(plan.duration_s)}, {routine.position}, {kit}", ""]
    width = max(len(step.name) for step in routine.steps)
    for number, (step, why) in enumerate(zip(routine.steps, plan.reasons, strict=True), 1):
        length = clock(step.duration_s)
        length = f"2 x {length}" if step.sides == "both" else f"    {length}"
        lines.append(f"{number:2}. {step.name:<{width}}  {length}  {why}")
    lines += [f"Left out: {why}" for why in plan.left_out]
    return [shown(line) for line in lines]


def run(args: argparse.Namespace) -> int:
    """Build today's plan, then print it, save it or start it."""
    try:
        targets = targets_of(args)
    except SpotError as problem:
        return _fail(str(problem))
    if not targets:
        targets = targets_from_map()
    if not targets:
        return _fail(
            "nothing to plan for: mark a spot with --spot NAME[=0-10] or on the knot map "
            "(the names: knotsession spots) or an area with --area AREA"
        )
    settings = with_flags(load_settings(report=True), mute=args.mute, voice=args.voice)
    library = load_default_library(args.routines, known_poses=pose_names())
    bundled = step_library(library.routines_from("bundled"))
    plan = build_plan(
        bundled,
        targets,
        minutes=args.minutes,
        position=args.position,
        equipment=args.equipment or (),
        avoid=settings.avoid,
        plan_id=args.save or "todays-plan",
    )
    if args.json:
        print(shown_json(json.dumps(plan_record(plan), indent=2, ensure_ascii=False)))
        return 0
    if args.save:
        return save_plan(plan, args.save)
    if args.start:
        return start_plan(plan, args, settings)
    print("\n".join(plan_lines(plan)))
    print("\nStart it with --start, or save it to edit with --save ID.")
    return 0


def save_plan(plan: Plan, routine_id: str) -> int:
    """Write the plan into the routines folder as a routine file that validates."""
    if not ID_PATTERN.match(routine_id):
        return _fail(f"'{routine_id}' is not a routine id; use lowercase letters, digits, dashes")
    target = paths.user_routines_dir() / f"{routine_id}.toml"
    text = routine_text(plan.routine, "Made by `knotsession plan`; edit it as you like.")
    try:
        write_routine_file(
            target,
            text,
            shown_as=display_path(target),
            known_cues=sound_names(),
            known_poses=pose_names(),
        )
    except NotWritten as problem:
        return _fail(str(problem), problem.code)
    print(shown(f"Saved {target}"))
    print(f"Start it with: knotsession start {routine_id}")
    return 0


def start_plan(plan: Plan, args: argparse.Namespace, settings: Any) -> int:
    """Play the plan like any routine: full screen, or a line a step with --plain."""
    from knotsession.plain_choice import why_plain

    plain, reason = why_plain(settings)
    if args.plain or plain:
        if reason and not args.plain:
            print(f"knotsession: {reason}, so no full screen: one line per step", file=sys.stderr)
        from knotsession.plain import play_routine

        return play_routine(plan.routine, settings)
    from knotsession.tui.launch import launch

    return launch(args, plan.routine.id, extra_routine=plan.routine)
