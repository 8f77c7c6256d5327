"""run_order.py: every worker's share of the suite starts with its long tests."""

from __future__ import annotations

from run_order import long_first, shares

SECONDS = {"long30": 30.0, "long20": 20.0, "long12": 12.0, "long10": 10.0, "long5": 5.0}


def seconds(name: str) -> float:
    return SECONDS.get(name, 0.0)


def test_shares_are_split_as_worksteal_splits_them() -> None:
    assert shares(10, 4) == [2, 2, 3, 3]
    assert shares(3, 1) == [3]
    assert sum(shares(2073, 4)) == 2073


def test_each_share_starts_with_long_tests_balanced_and_keeps_the_short_ones_in_order() -> None:
    short = [f"short{n}" for n in range(11)]
    items = [*short[:4], "long5", "long10", *short[4:8], "long30", "long12", "long20", *short[8:]]
    arranged = long_first(items, seconds, workers=4)
    chunks = [arranged[0:4], arranged[4:8], arranged[8:12], arranged[12:16]]
    assert [chunk[0] for chunk in chunks] == ["long30", "long20", "long12", "long10"]
    assert chunks[3][:2] == ["long10", "long5"]  # the fewest seconds so far: 10 of 30/20/12/10
    assert [name for name in arranged if name.startswith("short")] == short
    assert sorted(arranged) == sorted(items)


def test_one_worker_runs_the_long_tests_first_longest_first() -> None:
    items = ["short0", "long5", "short1", "long30"]
    assert long_first(items, seconds, workers=1) == ["long30", "long5", "short0", "short1"]


def test_more_long_tests_than_room_still_keeps_every_test() -> None:
    items = ["long30", "long20", "long12", "long10", "long5"]
    assert sorted(long_first(items, seconds, workers=2)) == sorted(items)
