"""The knot map's spots: the places knots form, each with its body areas and plain words.

A spot is finer than a body area ("left rhomboid" rather than "upper-back") so a plan can
say why a step is there, and the map can mark the place on the body. The steps that treat a
spot are those of the step library whose area is one of the spot's areas (see planner.py).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

import msgspec

from knotsession.core.routine import BodyArea, did_you_mean

View = Literal["front", "back"]
MAX_INTENSITY = 10


class Spot(msgspec.Struct, frozen=True):
    """A named place where knots form, on one side of the body or in the middle."""

    id: str
    label: str
    where: str
    """Where the knot is, after 'the knot': "under your left shoulder blade"."""
    areas: tuple[BodyArea, ...]
    view: View
    side: Literal["left", "right"] | None = None


def _pair(
    name: str, label: str, where: str, areas: tuple[BodyArea, ...], view: View
) -> tuple[Spot, Spot]:
    """The left and right spot of a pair; `where` has {side} for the side's word."""

    def spot(side: Literal["left", "right"]) -> Spot:
        return Spot(f"{side}-{name}", f"{side} {label}", where.format(side=side), areas, view, side)

    return spot("left"), spot("right")


SPOTS: tuple[Spot, ...] = (
    Spot("neck", "neck", "at the back of your neck", ("neck",), "back"),
    Spot("jaw", "jaw", "in your jaw muscles", ("jaw",), "front"),
    *_pair(
        "upper-trapezius",
        "upper trapezius",
        "on top of your {side} shoulder",
        ("shoulders", "neck"),
        "back",
    ),
    *_pair(
        "levator-scapulae",
        "levator scapulae",
        "where your neck meets your {side} shoulder blade",
        ("neck", "shoulders"),
        "back",
    ),
    Spot(
        "between-shoulder-blades",
        "between the shoulder blades",
        "between your shoulder blades",
        ("upper-back",),
        "back",
    ),
    *_pair(
        "rhomboid",
        "rhomboid",
        "under your {side} shoulder blade",
        ("upper-back",),
        "back",
    ),
    Spot("chest", "chest", "across the front of your chest", ("chest", "shoulders"), "front"),
    Spot("lower-back", "lower back", "in your lower back", ("lower-back",), "back"),
    *_pair("hip", "hip flexor", "at the front of your {side} hip", ("hips",), "front"),
    *_pair("glute", "glute", "in your {side} buttock", ("glutes", "hips"), "back"),
    *_pair("forearm", "forearm", "in your {side} forearm", ("forearms", "hands"), "front"),
    *_pair("calf", "calf", "in your {side} calf", ("legs",), "back"),
    Spot("feet", "soles of the feet", "in the soles of your feet", ("feet",), "front"),
)


class SpotMark(msgspec.Struct, frozen=True):
    """A spot's intensity as marked on the knot map at a moment."""

    at: datetime
    day: date
    spot: str
    intensity: int


SPOT_IDS: tuple[str, ...] = tuple(spot.id for spot in SPOTS)
_BY_ID = {spot.id: spot for spot in SPOTS}


class SpotError(ValueError):
    """A spot name or intensity that is not one: the message says which, with a hint."""


def find_spot(name: str) -> Spot:
    """The spot named `name` (its id, or its label with spaces), or SpotError with a hint."""
    key = name.strip().lower().replace(" ", "-").replace("_", "-")
    spot = _BY_ID.get(key)
    if spot is not None:
        return spot
    hint = did_you_mean(key, SPOT_IDS) or "see `knotsession spots` for the names"
    raise SpotError(f"unknown spot '{name}' ({hint})")


def parse_marked(text: str, default_intensity: int = 5) -> tuple[Spot, int]:
    """`left-rhomboid` or `left-rhomboid=7`: a spot and its 0-10 intensity."""
    name, has_value, value = text.partition("=")
    spot = find_spot(name)
    if not has_value:
        return spot, default_intensity
    try:
        intensity = int(value.strip())
    except ValueError:
        intensity = -1
    if not 0 <= intensity <= MAX_INTENSITY:
        raise SpotError(f"'{text}': the intensity must be a whole number from 0 to {MAX_INTENSITY}")
    return spot, intensity
