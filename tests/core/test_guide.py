"""The guide: every topic the issue asks for is there, in careful words, linked to real routines."""

from __future__ import annotations

import pytest

from knotsession import paths
from knotsession.cli import main
from knotsession.core.guide import TOPICS, find_topic, topic_text
from knotsession.core.library import RoutineSource, load_library


def test_every_topic_links_only_to_routines_in_the_library() -> None:
    library = load_library([RoutineSource(paths.bundled_routines_dir(), "bundled")])
    missing = [
        f"{topic.id}: {routine_id}"
        for topic in TOPICS
        for routine_id in topic.routines
        if library.get(routine_id) is None
    ]
    assert missing == []


def test_topic_ids_are_unique_command_line_words() -> None:
    ids = [topic.id for topic in TOPICS]
    assert len(ids) == len(set(ids))
    assert all(topic_id.replace("-", "").isalpha() and topic_id.islower() for topic_id in ids)


@pytest.mark.parametrize(
    ("topic_id", "words"),
    [
        ("see-a-professional", ("numbness", "weakness", "spreads down an arm or a leg",
                                "sudden, severe headache", "after a fall", "fever",
                                "wakes you at night")),
        ("knots", ("desk",)),
        ("stretch-and-massage", ("20 to 60 seconds", "30 to 90 seconds", "Sharp", "How often")),
        ("move-every-hour", ("once an hour", "walk-and-move")),
        ("triggers", ("laptop on the sofa", "phone", "stress", "long call", "cold draft",
                      "sleeping position", "gym", "bag on one shoulder")),
        ("professionals", ("Massage therapy", "Physiotherapy", "Acupuncture", "Cupping",
                           "evidence")),
        ("pain-relievers", ("short term", "label", "pharmacist")),
        ("water-and-food", ("water", "calcium", "magnesium", "potassium")),
        ("safety", ("osteoporosis", "pregnancy", "blood thinners", "recent injury or surgery")),
    ],
)  # fmt: skip
def test_each_topic_says_what_the_issue_asks(topic_id: str, words: tuple[str, ...]) -> None:
    topic = find_topic(topic_id)
    assert topic is not None
    text = topic_text(topic, width=10_000)
    assert [word for word in words if word not in text] == []


def test_no_topic_promises_a_cure() -> None:
    text = " ".join(topic_text(topic).lower() for topic in TOPICS)
    assert [word for word in ("cure", "guarantee", "detox", "proven to") if word in text] == []


def test_a_topic_wraps_to_the_width_it_is_given() -> None:
    for topic in TOPICS:
        assert max(len(line) for line in topic_text(topic, width=60).splitlines()) <= 60


def test_guide_without_a_topic_lists_every_topic(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide"]) == 0
    out = capsys.readouterr().out
    assert [topic.id for topic in TOPICS if f"  {topic.id} " not in out] == []


def test_guide_prints_a_topic(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide", "see-a-professional"]) == 0
    assert capsys.readouterr().out.startswith("When to see a professional\n\n")


def test_an_unknown_topic_gets_a_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide", "profesionals"]) == 2
    assert capsys.readouterr().err == (
        "knotsession: unknown guide topic 'profesionals'; did you mean 'professionals'?\n"
    )
