"""`knotsession spots --json` and the table: the steps followed by a drop, against a known
imported history (two rated desk-5 sessions, the neck marked before and after each)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knotsession.cli import main

SESSIONS = (
    "started_at,routine_id,duration_s,completed,areas,tension_before,tension_after\n"
    "2026-11-27T10:00:00+00:00,desk-5,300,true,neck,6,3\n"
    "2026-11-29T10:00:00+00:00,desk-5,300,true,neck,7,4\n"
    "2026-11-30T10:00:00+00:00,desk-5,100,false,neck,7,7\n"  # stopped early: no figure
)
MARKS = (
    "marked_at,spot,intensity\n"
    "2026-11-27T09:00:00+00:00,neck,7\n"
    "2026-11-27T11:00:00+00:00,neck,4\n"
    "2026-11-29T09:00:00+00:00,neck,6\n"
    "2026-11-29T11:00:00+00:00,neck,4\n"
)


@pytest.fixture
def known_history(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "s.csv").write_text(SESSIONS)
    (tmp_path / "m.csv").write_text(MARKS)
    assert main(["history", "import", str(tmp_path / "s.csv")]) == 0
    assert main(["spots", "--import", str(tmp_path / "m.csv")]) == 0
    capsys.readouterr()


def test_json_lists_each_step_of_the_routine_with_its_sessions(
    known_history: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["spots", "--json"]) == 0
    steps = json.loads(capsys.readouterr().out)["steps_followed_by_a_drop"]
    # desk-5's seven steps, each for the neck (6.5 -> 4.0) and the tension (6.5 -> 3.5).
    assert sorted((entry["step"], entry["measure"]) for entry in steps) == [
        (step, measure)
        for step in (
            "Chin tucks",
            "Levator scapulae stretch",
            "Scapular squeezes",
            "Shoulder rolls",
            "Slow breaths",
            "Upper trapezius stretch",
            "Upper-back reach",
        )
        for measure in ("neck", "tension")
    ]
    chin = [entry for entry in steps if entry["step"] == "Chin tucks"]
    assert chin == [
        {
            "step": "Chin tucks",
            "measure": "tension",
            "before": 6.5,
            "after": 3.5,
            "sessions": 2,
            "drop": 3.0,
        },
        {
            "step": "Chin tucks",
            "measure": "neck",
            "before": 6.5,
            "after": 4.0,
            "sessions": 2,
            "drop": 2.5,
        },
    ]


def test_the_table_names_the_steps_followed_by_a_drop(
    known_history: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["spots"]) == 0
    out = capsys.readouterr().out
    start = out.index("Steps followed by a drop (before -> after):")
    # The seven steps of desk-5 have the same figures: one line each for the tension and neck.
    assert out[start:].splitlines()[1:] == [
        "  Chin tucks, Levator scapulae stretch and 5 more steps, tension: 6.5 -> 3.5 (2 sessions)",
        "  Chin tucks, Levator scapulae stretch and 5 more steps, neck: 6.5 -> 4.0 (2 sessions)",
        "",
        "Mark a spot: knotsession spots --mark left-rhomboid=7; a plan: knotsession plan",
    ]
