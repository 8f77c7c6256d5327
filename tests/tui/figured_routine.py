"""A routine whose steps show pose figures (one, a pair that alternates, a massage spot)."""

from __future__ import annotations

from pathlib import Path

from knotsession.core.library import Library, RoutineSource, load_library

CHIN_TUCKS = """\
[[steps]]
name = "Chin tucks"
kind = "mobility"
duration = 3
pose = ["chin-tuck-out", "chin-tuck-in"]
instructions = "Slide your chin straight back, then let it go."
"""

FIGURED = f"""\
name = "Neck with figures"
areas = ["neck"]
position = "seated"
lead_in = 2

[[steps]]
name = "Side neck stretch"
kind = "stretch"
duration = 4
sides = "both"
pose = "neck-side-tilt"
instructions = "Tilt your ear toward your shoulder."

{CHIN_TUCKS}
[[steps]]
name = "Neck massage"
kind = "massage"
duration = 3
pose = "neck-massage"
spot = "neck"
instructions = "Press two fingers into the knot beside your spine."

[[steps]]
name = "Breathe"
duration = 2
instructions = "Breathe out slowly."
"""
TUCKS = ("chin-tuck-out", "chin-tuck-in")
# A routine whose first step's figure is two poses taking turns (animated where it is shown).
ANIMATED_FIRST = f'name = "Chin tucks"\nareas = ["neck"]\n\n{CHIN_TUCKS}'


def figured_library(folder: Path) -> Library:
    """The routine above (`neck-figures`) as a bundled one."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "neck-figures.toml").write_text(FIGURED, encoding="utf-8")
    return load_library([RoutineSource(folder, "bundled")])
