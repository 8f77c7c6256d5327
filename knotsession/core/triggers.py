"""Triggers and tense positions: the starter tags, and how tension goes with each tag.

A tag's tension is the average "how tense do you feel now" rating given after the
sessions that carry it, beside the average over rated sessions without it. That is a
pattern to notice, not proof of a cause; the guide says so in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Offered on the completion screen; a person's own tags work the same way.
STARTER_TAGS: tuple[str, ...] = (
    "long sitting",
    "laptop on the sofa",
    "looking down at a phone",
    "stress",
    "a long call",
    "a cold draft",
    "sleeping position",
    "overdoing it at the gym or on the trail",
    "bag on one shoulder",
)
SHOWN_TAGS = 8


@dataclass(frozen=True, slots=True)
class TagTension:
    """How often a tag appears, and the average tension with and without it (None: no ratings)."""

    tag: str
    sessions: int
    average_with: float | None
    average_without: float | None


def tag_tensions(
    rows: Iterable[tuple[Sequence[str], int | None, int]], limit: int = SHOWN_TAGS
) -> tuple[TagTension, ...]:
    """(tags, tension rating or None, sessions) rows -> each tag, most used first.

    Rows may be one a session or already grouped (as SQLite groups them)."""
    grouped = [(tuple(tags), tension, count) for tags, tension, count in rows]
    sessions: dict[str, int] = {}
    for tags, _, count in grouped:
        for tag in tags:
            sessions[tag] = sessions.get(tag, 0) + count
    rated_total = sum(count for _, tension, count in grouped if tension is not None)
    rated_sum = sum(tension * count for _, tension, count in grouped if tension is not None)
    ordered = sorted(sessions.items(), key=lambda item: (-item[1], item[0]))[:limit]
    result = []
    for tag, count in ordered:
        with_n = sum(c for tags, t, c in grouped if t is not None and tag in tags)
        with_sum = sum(t * c for tags, t, c in grouped if t is not None and tag in tags)
        without_n = rated_total - with_n
        result.append(
            TagTension(
                tag,
                count,
                with_sum / with_n if with_n else None,
                (rated_sum - with_sum) / without_n if without_n else None,
            )
        )
    return tuple(result)


def tension_words(entry: TagTension) -> str:
    """`tension 6.2 with, 3.1 without`, or '' when there are no ratings to compare."""
    if entry.average_with is None:
        return ""
    without = "" if entry.average_without is None else f", {entry.average_without:.1f} without"
    return f"tension {entry.average_with:.1f} with{without}"
