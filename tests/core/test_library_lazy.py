"""The library keeps a summary per routine and reads a routine's steps when it is opened:
an edit since the lists were made shows, a file gone bad says why, and thousands of files
still report the one that is broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from knotsession.core.break_choice import break_pool, suggest_break
from knotsession.core.engine import planned_duration_s
from knotsession.core.library import Library, RoutineSource, load_library
from knotsession.core.routine_cache import RoutineCache
from knotsession.core.routine_summary import summarise

NECK = 'name = "{name}"\nareas = ["neck"]\n\n[[steps]]\nname = "{step}"\nduration = 30\n'


def load(folder: Path, cache_dir: Path | None = None) -> Library:
    cache = RoutineCache.open(cache_dir, frozenset(), frozenset()) if cache_dir else None
    return load_library([RoutineSource(folder, "extra")], frozenset(), frozenset(), cache)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "neck.toml").write_text(NECK.format(name="Neck", step="Tilt"))
    return routines


def test_a_routine_edited_after_the_lists_were_read_opens_as_it_is_now(folder: Path) -> None:
    library = load(folder)
    assert library.get("neck").steps[0].name == "Tilt"
    (folder / "neck.toml").write_text(NECK.format(name="Neck", step="Turn slowly"))
    assert library.summaries["neck"].name == "Neck"  # the lists as they were read
    assert [step.name for step in library.get("neck").steps] == ["Turn slowly"]


def test_a_routine_whose_file_went_bad_is_not_opened_and_says_why(folder: Path) -> None:
    library = load(folder)
    (folder / "neck.toml").write_text('name = "Neck"\nareas = ["neck"]\nsteps = 3\n')
    assert library.get("neck") is None
    assert library.why_missing("neck") == (
        f"routine 'neck' has a problem: {folder / 'neck.toml'}: steps: expected a list, got 3"
    )
    (folder / "neck.toml").write_text(NECK.format(name="Neck", step="Tilt"))
    assert library.get("neck").steps[0].name == "Tilt"
    assert library.why_missing("neck").startswith("no routine 'neck'")


def test_a_deleted_routine_is_not_opened(folder: Path) -> None:
    library = load(folder)
    (folder / "neck.toml").unlink()
    assert library.get("neck") is None
    assert "no such file" in library.why_missing("neck")


def test_a_bad_file_among_thousands_is_reported_cold_and_warm(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(2000):
        (folder / f"r-{number:04d}.toml").write_text(NECK.format(name=f"N {number}", step="Tilt"))
    (folder / "r-1234.toml").write_text('name = "Half a file"\nareas = ["neck"]\n[[steps]]\n')
    for _ in ("cold", "warm"):
        library = load(folder, tmp_path / "cache")
        assert len(library.summaries) == 1999
        assert [str(problem) for problem in library.problems] == [
            f"{folder / 'r-1234.toml'}: missing required key 'name' in steps[0]"
        ]
        assert library.area_counts() == {"neck": 1999}


def test_an_edit_changes_the_summary_the_next_load_reads(folder: Path, tmp_path: Path) -> None:
    load(folder, tmp_path / "cache")
    text = NECK.format(name="Jaw now", step="Tilt").replace('"neck"', '"jaw"')
    (folder / "neck.toml").write_text(text)
    library = load(folder, tmp_path / "cache")
    assert library.summaries["neck"].name == "Jaw now"
    assert library.area_counts() == {"jaw": 1}
    assert library.in_area("neck") == []


def test_a_summary_tells_what_its_routine_would(bundled_library: Library) -> None:
    for routine in bundled_library.routines.values():
        summary = bundled_library.summaries[routine.id]
        assert summary == summarise(routine)
        for lead_in_s in (0, 3, 10):
            assert summary.planned_s(lead_in_s) == planned_duration_s(routine, lead_in_s)
        for avoid in (("neck",), ("hands", "hips"), ("legs", "feet", "lower-back")):
            assert summary.avoided(avoid) == routine.avoided(avoid)


def test_a_break_suggests_from_its_pool_what_it_would_from_every_routine(
    bundled_library: Library,
) -> None:
    every = list(bundled_library.routines.values())
    pool = break_pool(bundled_library)
    assert len(pool) < len(every)
    assert suggest_break(pool, (), ()) == suggest_break(every, (), ())
    done = [routine.id for routine in pool]
    assert suggest_break(pool, done, ()) == suggest_break(every, done, ())


def test_a_routine_made_on_the_spot_is_held_whole(folder: Path) -> None:
    library = load(folder)
    neck = library.get("neck")
    plan = neck.__class__(id="todays-plan", name="Today", areas=("jaw",), steps=neck.steps)
    with_plan = library.with_routine(plan)
    assert with_plan.get("todays-plan") is plan
    assert with_plan.area_counts() == {"neck": 1, "jaw": 1}
    assert library.get("todays-plan") is None


@pytest.fixture
def bundled_library() -> Library:
    from knotsession import paths
    from knotsession.core.library import sound_names
    from knotsession.figures.names import pose_names

    source = RoutineSource(paths.bundled_routines_dir(), "bundled")
    return load_library([source], sound_names(), pose_names())


def test_files_past_the_parsing_budget_are_left_for_later(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(5):
        (folder / f"r-{number}.toml").write_text(NECK.format(name=f"N {number}", step="Tilt"))
    source = [RoutineSource(folder, "extra")]

    def load_some() -> Library:
        cache = RoutineCache.open(tmp_path / "cache", frozenset(), frozenset())
        return load_library(source, frozenset(), frozenset(), cache, parse_at_most=2)

    first = load_some()
    assert (sorted(first.summaries), first.unread) == (["r-0", "r-1"], 3)
    second = load_some()  # the two parsed come from the cache, two more are parsed
    assert (sorted(second.summaries), second.unread) == (["r-0", "r-1", "r-2", "r-3"], 1)
    assert load(folder).unread == 0
