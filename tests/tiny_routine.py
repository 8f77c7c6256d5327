"""The tiny routine the plain runner and the session assembly are tested on: 17 s in all."""

from __future__ import annotations

from knotsession.core.routine import Routine, Step

ROUTINE = Routine(
    id="tiny",
    name="Tiny",
    areas=("neck",),
    steps=(Step("Side tilt", 4, sides="both"), Step("Shoulder rolls", 3)),
    lead_in_s=2,
)
