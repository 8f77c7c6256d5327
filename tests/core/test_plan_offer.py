"""Today's plan as offered: which marks count (the last two weeks, the latest per spot, not
0) and the words on home and in the reminder."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from knotsession.core.library import Library, load_default_library
from knotsession.core.plan_offer import offer_plan, recent_spots
from knotsession.core.spots import SpotMark
from knotsession.figures.names import pose_names

TODAY = date(2026, 3, 20)


@pytest.fixture(scope="module")
def bundled() -> Library:
    return load_default_library((), known_poses=pose_names())


def mark(day: int, spot: str, intensity: int) -> SpotMark:
    return SpotMark(datetime(2026, 3, day, 9, tzinfo=UTC), date(2026, 3, day), spot, intensity)


def test_recent_spots_are_the_latest_marks_of_two_weeks_worst_first() -> None:
    marks = [
        mark(6, "jaw", 9),  # 15 days before: too old
        mark(7, "neck", 3),
        mark(8, "left-calf", 6),
        mark(9, "neck", 7),
        mark(10, "left-calf", 0),  # fine again
        mark(11, "no-such-spot", 5),  # a newer version's spot
    ]
    assert list(recent_spots(marks, TODAY).items()) == [("neck", 7)]


def test_offer_words_name_two_spots_and_count_the_rest(bundled: Library) -> None:
    offer = offer_plan(
        bundled.routines.values(), {"left-rhomboid": 8, "neck": 4, "jaw": 3, "left-calf": 2}
    )
    assert offer is not None
    assert offer.home_line() == "Today's plan for your left rhomboid, neck and 2 more: 5 min"
    assert offer.reminder_line() == (
        "Today's plan (5 min): for the knot under your left shoulder blade,"
        " at the back of your neck and 2 more spots"
    )
    assert abs(offer.plan.duration_s - 300) <= 15


def test_nothing_is_offered_without_a_spot_or_when_all_are_avoided(bundled: Library) -> None:
    routines = bundled.routines.values()
    assert offer_plan(routines, {}) is None
    assert offer_plan(routines, {"neck": 0}) is None
    assert offer_plan(routines, {"jaw": 5}, avoid=["jaw"]) is None
    offer = offer_plan(routines, {"jaw": 5, "neck": 3}, avoid=["jaw"])
    assert offer is not None and offer.home_line() == "Today's plan for your neck: 5 min"
