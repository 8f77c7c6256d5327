"""Which routine a break suggests: short, standing and moving; fresh today; what helped most."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from knotsession.core.break_choice import is_break_routine, suggest_break
from knotsession.core.break_facts import BreakFacts, read_break_facts
from knotsession.core.history import HistoryStore
from knotsession.core.routine import Routine, Step
from knotsession.core.stats import TensionChange


def routine(rid: str, seconds: int = 60, position: str = "standing", kind: str = "walk") -> Routine:
    return Routine(
        id=rid,
        name=rid.replace("-", " ").title(),
        areas=("legs",),
        steps=(Step("Walk", seconds, kind=kind),),  # type: ignore[arg-type]
        position=position,  # type: ignore[arg-type]
        lead_in_s=0,
    )


WALK, MOVE, STRETCH = routine("walk-and-move", 150), routine("move-1"), routine("reach-up", 90)
DESK = routine("desk-5", 300, position="seated", kind="stretch")
LIBRARY = [DESK, WALK, MOVE, STRETCH]


def test_a_break_routine_is_short_standing_and_moving() -> None:
    assert is_break_routine(WALK)
    assert not is_break_routine(DESK)
    assert not is_break_routine(routine("long-walk", 200))
    assert not is_break_routine(routine("held", 60, kind="stretch"))
    assert not is_break_routine(routine("sit-walk", 60, position="seated"))


def test_it_rotates_through_what_was_not_done_today() -> None:
    assert suggest_break(LIBRARY, (), ()).routine is MOVE  # type: ignore[union-attr]
    second = suggest_break(LIBRARY, {"move-1"}, ())
    assert second is not None
    assert second.routine is STRETCH
    assert second.reason == "short and on your feet; not done yet today"


def test_when_all_were_done_today_it_starts_over() -> None:
    suggestion = suggest_break(LIBRARY, {"move-1", "reach-up", "walk-and-move"}, ())
    assert suggestion is not None
    assert suggestion.routine is MOVE
    assert suggestion.reason == "short and on your feet; every break routine is done today"


def test_the_routine_that_lowered_tension_most_wins_and_says_why() -> None:
    changes = [
        TensionChange("move-1", "Move", -1.0, 4),
        TensionChange("walk-and-move", "Walk", -2.0, 6),
        TensionChange("desk-5", "Desk", -3.0, 9),  # not a break routine
    ]
    suggestion = suggest_break(LIBRARY, (), changes)
    assert suggestion is not None
    assert suggestion.routine is WALK
    assert suggestion.reason == "lowered your tension by 2 on average, 6 sessions"


def test_one_rated_session_is_not_enough_to_judge() -> None:
    suggestion = suggest_break(LIBRARY, (), [TensionChange("walk-and-move", "W", -3.0, 1)])
    assert suggestion is not None and suggestion.routine is MOVE


def test_what_helped_is_not_suggested_twice_in_a_day() -> None:
    changes = [TensionChange("walk-and-move", "W", -2.5, 3)]
    suggestion = suggest_break(LIBRARY, {"walk-and-move"}, changes)
    assert suggestion is not None and suggestion.routine is MOVE


def test_without_a_break_routine_it_falls_back_to_move_1_or_anything() -> None:
    long_move = Routine("move-1", "Get up", ("legs",), (Step("Walk", 400, kind="walk"),))
    suggestion = suggest_break([DESK, long_move], (), ())
    assert suggestion is not None and suggestion.routine is long_move
    only_desk = suggest_break([DESK], (), ())
    assert only_desk is not None and only_desk.routine is DESK
    assert suggest_break([], (), ()) is None


def test_facts_come_from_the_history_file_read_only(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    started = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
    with HistoryStore.open(path) as store:
        for minutes, rid, before, after in (
            (0, "move-1", 6, 4),
            (60, "move-1", 5, 3),
            (90, "desk-5", None, None),
        ):
            sid = store.begin(routine(rid), started + timedelta(minutes=minutes), 1, before)
            store.update(sid, duration_s=75.0, steps_done=1, completed=True)
            if after is not None:
                store.set_tension_after(sid, after)
    facts = read_break_facts(path, date(2026, 3, 9))
    assert facts.last_session_end == started + timedelta(minutes=90, seconds=75)
    assert facts.done_today == {"move-1", "desk-5"}
    assert facts.tension_changes == (TensionChange("move-1", "Move 1", -2.0, 2),)
    assert read_break_facts(path, date(2026, 3, 10)).done_today == frozenset()


def test_no_history_file_is_no_facts(tmp_path: Path) -> None:
    assert read_break_facts(tmp_path / "none.sqlite3", date(2026, 3, 9)) == BreakFacts()
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 100)
    assert read_break_facts(junk, date(2026, 3, 9)) == BreakFacts()
