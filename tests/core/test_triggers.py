"""Tag statistics: how often each trigger appears and the tension with and without it."""

from __future__ import annotations

from knotsession.core.triggers import STARTER_TAGS, TagTension, tag_tensions, tension_words


def test_each_tag_counts_its_sessions_and_averages_tension_with_and_without_it() -> None:
    rows = [
        (("stress", "a long call"), 8, 1),
        (("stress",), 6, 1),
        ((), 2, 1),
        (("a long call",), None, 1),  # not rated: counted, not averaged
    ]
    assert tag_tensions(rows) == (
        TagTension("a long call", 2, 8.0, 4.0),  # with: 8; without: (6 + 2) / 2
        TagTension("stress", 2, 7.0, 2.0),
    )


def test_grouped_rows_weigh_by_their_session_count() -> None:
    rows = [(("stress",), 6, 3), ((), 3, 1)]
    assert tag_tensions(rows) == (TagTension("stress", 3, 6.0, 3.0),)


def test_a_tag_without_ratings_or_without_a_comparison_has_no_average() -> None:
    assert tag_tensions([(("stress",), None, 2)]) == (TagTension("stress", 2, None, None),)
    only = tag_tensions([(("stress",), 5, 1)])
    assert only == (TagTension("stress", 1, 5.0, None),)
    assert tension_words(only[0]) == "tension 5.0 with"


def test_the_most_used_tags_come_first_and_ties_go_by_name() -> None:
    rows = [(("b",), 1, 1), (("a",), 1, 1), (("c",), 1, 2)]
    assert [entry.tag for entry in tag_tensions(rows, limit=2)] == ["c", "a"]


def test_no_sessions_no_tags() -> None:
    assert tag_tensions([]) == ()


def test_the_starter_tags_cover_the_common_triggers() -> None:
    assert len(STARTER_TAGS) == len(set(STARTER_TAGS)) == 9
    assert all(tag == tag.lower() and "," not in tag and ";" not in tag for tag in STARTER_TAGS)
