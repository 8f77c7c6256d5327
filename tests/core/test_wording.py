"""One clock rule for lengths of time, one for countdowns, and counted nouns."""

from __future__ import annotations

import pytest

from knotsession.core.wording import clock, plural, time_left


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0, "0:00"), (13.4, "0:13"), (13.5, "0:14"), (59.6, "1:00"), (245, "4:05"), (3600, "60:00")],
)
def test_a_length_of_time_reads_to_the_nearest_second(seconds: float, shown: str) -> None:
    assert clock(seconds) == shown


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0, "0:00"), (0.2, "0:01"), (4.0, "0:04"), (4.01, "0:05")]
)
def test_a_countdown_rounds_up_so_it_reads_zero_only_at_the_end(seconds: float, shown: str) -> None:
    assert time_left(seconds) == shown


def test_negative_time_reads_as_zero() -> None:
    assert clock(-3) == "0:00"
    assert time_left(-0.5) == "0:00"


def test_a_noun_is_counted_in_the_singular_only_for_one() -> None:
    assert [plural(n, "routine") for n in (0, 1, 2)] == ["0 routines", "1 routine", "2 routines"]
