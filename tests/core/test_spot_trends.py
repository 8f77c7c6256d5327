"""Spots over time against a known history: the weekly means, their sparklines, and the
routines followed by a drop with the number of sessions behind each figure."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import msgspec

from knotsession.core.history import HistoryStore
from knotsession.core.records import SessionRecord
from knotsession.core.spot_trends import (
    latest_map,
    routine_effects,
    sparkline,
    step_effects,
    step_lines,
    weekly,
)

TODAY = date(2026, 3, 28)  # a Saturday; the last of 8 weeks is 22-28 March


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def session(routine_id: str, start: datetime, completed: bool = True) -> SessionRecord:
    return SessionRecord(
        0, routine_id, routine_id.title(), ("upper-back",), start, 300.0, completed, 5, 5
    )


def known_history(path: Path) -> HistoryStore:
    """A week of sessions: the rhomboid marked before and after each; the neck once."""
    store = HistoryStore.open(path)
    for day, before, after in ((21, 8, 5), (23, 7, 4), (25, 6, 4)):
        store.mark_spots([("left-rhomboid", before)], at(day, 9))
        store.import_rows([session("ball-upper-back", at(day, 10))])
        store.mark_spots([("left-rhomboid", after)], at(day, 11))
    store.import_rows([session("desk-5", at(27, 10), completed=False)])
    store.mark_spots([("neck", 3), ("left-rhomboid", 2)], at(27, 9))
    store.mark_spots([("neck", 0)], at(27, 12))
    return store


def test_marks_read_back_in_order(tmp_path: Path) -> None:
    with known_history(tmp_path / "h.sqlite3") as store:
        marks = store.spot_marks()
    assert [(m.day.day, m.spot, m.intensity) for m in marks][:3] == [
        (21, "left-rhomboid", 8),
        (21, "left-rhomboid", 5),
        (23, "left-rhomboid", 7),
    ]
    assert marks[-1].at == at(27, 12)


def test_the_latest_map_leaves_out_spots_marked_zero(tmp_path: Path) -> None:
    with known_history(tmp_path / "h.sqlite3") as store:
        assert latest_map(store.spot_marks()) == {"left-rhomboid": 2}


def test_weekly_means_and_sparklines(tmp_path: Path) -> None:
    with known_history(tmp_path / "h.sqlite3") as store:
        weeks = weekly(store.spot_marks(), TODAY, weeks=2)
    # 15-21 March: 8 and 5 -> 6 (6.5 rounds to even); 22-28 March: 7 4 6 4 2 -> 5 (4.6).
    assert weeks == {"left-rhomboid": [6, 5], "neck": [None, 2]}
    assert sparkline(weeks["left-rhomboid"]) == "▅▄"
    assert sparkline(weeks["neck"]) == " ▂"
    assert sparkline([0, 10]) == "▁█"


def test_routines_followed_by_a_drop_count_their_sessions(tmp_path: Path) -> None:
    with known_history(tmp_path / "h.sqlite3") as store:
        effects = routine_effects(store.spot_marks(), store.sessions())
    assert len(effects) == 1  # desk-5 was not completed; it does not count
    effect = effects[0]
    assert (effect.routine_id, effect.spot, effect.sessions) == (
        "ball-upper-back",
        "left-rhomboid",
        3,
    )
    assert (effect.before, effect.after) == (7.0, 13 / 3)


def test_steps_followed_by_a_drop_count_the_sessions_of_every_routine_holding_them(
    tmp_path: Path,
) -> None:
    steps_of = {
        "ball-upper-back": ("Warm up", "Ball under the shoulder blade", "Warm up"),
        "desk-5": ("Warm up", "Chin tucks"),
    }
    with known_history(tmp_path / "h.sqlite3") as store:
        # desk-5 done and rated too: 6 -> 3 tension, the rhomboid 2 -> 1 around it.
        store.mark_spots([("left-rhomboid", 2)], at(28, 8))
        store.import_rows(
            [
                msgspec.structs.replace(
                    session("desk-5", at(28, 9)), tension_before=6, tension_after=3
                )
            ]
        )
        store.mark_spots([("left-rhomboid", 1)], at(28, 10))
        effects = step_effects(store.spot_marks(), store.sessions(), steps_of)
    figures = [
        (e.step, e.measure, round(e.before, 2), round(e.after, 2), e.sessions) for e in effects
    ]
    assert figures == [
        ("Chin tucks", "tension", 6.0, 3.0, 1),
        ("Warm up", "tension", 6.0, 3.0, 1),
        ("Ball under the shoulder blade", "left-rhomboid", 7.0, 4.33, 3),
        # Warm up is in both routines: 3 sessions of ball-upper-back and 1 of desk-5.
        ("Warm up", "left-rhomboid", 5.75, 3.5, 4),
        ("Chin tucks", "left-rhomboid", 2.0, 1.0, 1),
    ]
    assert step_lines(effects, shown_at_most=3) == [
        "Steps followed by a drop (before -> after):",
        # Steps with the same figure share a line.
        "  Chin tucks and Warm up, tension: 6.0 -> 3.0 (1 session)",
        "  Ball under the shoulder blade, left rhomboid: 7.0 -> 4.3 (3 sessions)",
        "  Warm up, left rhomboid: 5.8 -> 3.5 (4 sessions)",
    ]


def test_sessions_of_routines_not_in_the_library_count_for_no_step(tmp_path: Path) -> None:
    with known_history(tmp_path / "h.sqlite3") as store:
        assert step_effects(store.spot_marks(), store.sessions(), {}) == []
    assert step_lines([]) == []
