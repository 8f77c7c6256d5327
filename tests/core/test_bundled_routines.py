"""The bundled routines: they all load, cover the body, and keep to safe hold times."""

from __future__ import annotations

import re

import pytest

from knotsession import paths
from knotsession.core.engine import planned_duration_s
from knotsession.core.library import Library, RoutineSource, load_library
from knotsession.core.routine import Routine

_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


@pytest.fixture(scope="module")
def library() -> Library:
    """Every routine shipped in routines/, loaded the way the app loads them."""
    return load_library([RoutineSource(paths.bundled_routines_dir(), "bundled")])


def _routine(library: Library, routine_id: str) -> Routine:
    routine = library.get(routine_id)
    assert routine is not None, f"bundled routine '{routine_id}' is missing"
    return routine


def _sentences(text: str) -> int:
    return len(_SENTENCE_END.findall(text))


def test_every_bundled_file_loads_without_problems(library: Library) -> None:
    toml_files = sorted(p.stem for p in paths.bundled_routines_dir().glob("*.toml"))
    assert library.problems == ()
    assert sorted(library.routines) == toml_files
    assert len(library.routines) >= 16


def test_the_library_covers_at_least_ten_body_areas(library: Library) -> None:
    assert len(library.area_counts()) >= 10


def test_each_listed_area_is_worked_by_a_step_and_no_step_strays(library: Library) -> None:
    for routine in library.routines.values():
        step_areas = {step.area for step in routine.steps}
        assert step_areas == set(routine.areas), routine.id


def test_desk_5_is_five_minutes_without_equipment_for_neck_shoulders_upper_back(
    library: Library,
) -> None:
    desk = _routine(library, "desk-5")
    assert desk.equipment == ()
    assert desk.position in ("any", "seated")
    assert {"neck", "shoulders", "upper-back"} <= set(desk.areas)
    assert 270 <= planned_duration_s(desk) <= 330


def test_move_1_is_a_standing_minute_of_movement(library: Library) -> None:
    move = _routine(library, "move-1")
    assert 55 <= planned_duration_s(move) <= 90
    assert {step.kind for step in move.steps} <= {"walk", "mobility"}
    assert move.equipment == ()


def test_evening_unwind_is_a_long_floor_routine_ending_with_breathing(library: Library) -> None:
    evening = _routine(library, "evening-unwind")
    assert 15 * 60 <= planned_duration_s(evening) <= 25 * 60
    assert evening.position == "floor"
    assert len(evening.areas) >= 4
    assert evening.steps[-1].kind == "breathe"


def test_breathe_3_is_about_three_minutes_of_breathing_only(library: Library) -> None:
    breathe = _routine(library, "breathe-3")
    assert 165 <= planned_duration_s(breathe) <= 195
    assert {step.kind for step in breathe.steps} == {"breathe"}


def test_static_stretches_hold_20_to_60_seconds_per_side(library: Library) -> None:
    too_short_or_long = [
        f"{routine.id}: {step.name} ({step.duration_s} s)"
        for routine in library.routines.values()
        for step in routine.steps
        if step.kind == "stretch" and not 20 <= step.duration_s <= 60
    ]
    assert too_short_or_long == []


def test_pressure_on_a_knot_lasts_30_to_90_seconds(library: Library) -> None:
    off_range = [
        f"{routine.id}: {step.name} ({step.duration_s} s)"
        for routine in library.routines.values()
        for step in routine.steps
        if step.kind == "massage" and not 30 <= step.duration_s <= 90
    ]
    assert off_range == []


def test_every_step_has_short_readable_instructions(library: Library) -> None:
    unreadable = [
        f"{routine.id}: {step.name}"
        for routine in library.routines.values()
        for step in routine.steps
        if not step.instructions
        or not 2 <= _sentences(step.instructions) <= 4
        or len(step.instructions) > 320
    ]
    assert unreadable == []


def test_every_massage_routine_says_to_ease_off_sharp_pain(library: Library) -> None:
    massage_routines = [
        routine
        for routine in library.routines.values()
        if any(step.kind == "massage" for step in routine.steps)
    ]
    assert massage_routines, "no bundled routine has a massage step"
    silent = [
        routine.id
        for routine in massage_routines
        if not any(
            "ease off" in step.instructions.lower() and "sharp" in step.instructions.lower()
            for step in routine.steps
        )
    ]
    assert silent == []


def test_every_massage_step_warns_about_sharp_pain(library: Library) -> None:
    silent = [
        f"{routine.id}: {step.name}"
        for routine in library.routines.values()
        for step in routine.steps
        if step.kind == "massage" and "sharp" not in step.instructions.lower()
    ]
    assert silent == []


def test_ball_and_roller_massage_keeps_off_the_spine_or_bone(library: Library) -> None:
    tools = ("ball", "roller")
    unsafe = [
        f"{routine.id}: {step.name}"
        for routine in library.routines.values()
        if any(tool in item for item in routine.equipment for tool in tools)
        for step in routine.steps
        if step.kind == "massage"
        and not re.search(r"spine|bone|neck|armpit", step.instructions, re.I)
    ]
    assert unsafe == []


def test_every_routine_says_who_it_is_for_in_one_or_two_sentences(library: Library) -> None:
    vague = [
        routine.id
        for routine in library.routines.values()
        if not 1 <= _sentences(routine.description) <= 2
    ]
    assert vague == []


def test_there_are_at_least_26_routines_and_two_for_every_area(library: Library) -> None:
    from knotsession.core.routine import BODY_AREAS

    counts = library.area_counts()
    assert len(library.routines) >= 26
    assert {area: counts.get(area, 0) for area in BODY_AREAS if counts.get(area, 0) < 2} == {}


def test_at_least_four_routines_take_two_minutes_or_less(library: Library) -> None:
    short = [r.id for r in library.routines.values() if planned_duration_s(r) <= 120]
    assert len(short) >= 4, short


def test_walk_and_move_is_a_two_to_three_minute_standing_break(library: Library) -> None:
    walk = _routine(library, "walk-and-move")
    assert 120 <= planned_duration_s(walk) <= 180
    assert walk.steps[0].kind == "walk" and walk.steps[0].duration_s >= 60
    assert {step.kind for step in walk.steps} <= {"walk", "mobility"}
    assert (walk.position, walk.equipment) == ("standing", ())


def test_after_the_gym_cools_down_the_legs_with_a_walk_first(library: Library) -> None:
    gym = _routine(library, "after-the-gym-or-hike")
    assert gym.steps[0].kind == "walk"
    assert {"legs", "hips"} <= set(gym.areas)
    assert gym.skip_if


def test_bedtime_is_gentle_and_ends_with_breathing(library: Library) -> None:
    bedtime = _routine(library, "bedtime")
    assert {step.kind for step in bedtime.steps} <= {"stretch", "breathe"}
    assert bedtime.steps[-1].kind == "breathe"


def test_every_routine_has_a_safety_note_of_one_to_three_sentences(library: Library) -> None:
    missing = [r.id for r in library.routines.values() if not 1 <= _sentences(r.safety) <= 3]
    assert missing == []


def test_ball_roller_and_floor_routines_say_when_to_skip_them(library: Library) -> None:
    tools = ("ball", "roller")
    silent = [
        routine.id
        for routine in library.routines.values()
        if (
            any(tool in item for item in routine.equipment for tool in tools)
            or routine.position == "floor"
        )
        and not routine.skip_if
    ]
    assert silent == []


def test_pressure_on_the_back_or_hips_is_skipped_with_fragile_bones(library: Library) -> None:
    silent = [
        routine.id
        for routine in library.routines.values()
        if any(tool in item for item in routine.equipment for tool in ("ball", "roller"))
        and {"upper-back", "lower-back", "glutes", "hips"} & {s.spot for s in routine.steps}
        and not any("osteoporosis" in condition for condition in routine.skip_if)
    ]
    assert silent == []


def test_the_headache_routines_name_the_headache_warning_signs(library: Library) -> None:
    for routine_id in ("jaw-and-headache", "jaw-2"):
        routine = _routine(library, routine_id)
        assert "severe headache" in routine.safety, routine_id
