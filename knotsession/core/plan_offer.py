"""Today's plan as home and the break reminders offer it: the spots marked lately, the plan
for them (5 minutes, seated, no equipment, as `knotsession plan` makes it by default), and
the words that offer it. Pure functions of (marks, routines, today).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

import msgspec

from knotsession.core.planner import Plan, plan_for_marks
from knotsession.core.routine import Routine
from knotsession.core.spot_trends import latest_map
from knotsession.core.spots import SPOT_IDS, Spot, SpotMark, find_spot
from knotsession.core.wording import listed

RECENT_DAYS = 14  # marks older than two weeks say little about today's knots
OFFER_MINUTES = 5
OFFER_POSITION = "seated"
NAMED = 2  # spots named in an offer; more are counted


class PlanOffer(msgspec.Struct, frozen=True):
    """Today's plan for the spots marked lately, worst first."""

    plan: Plan
    spots: tuple[Spot, ...]

    @property
    def minutes(self) -> int:
        """The plan's length in whole minutes, as offered."""
        return max(1, round(self.plan.duration_s / 60))

    def home_line(self) -> str:
        """`Today's plan for your left rhomboid and neck: 5 min`."""
        labels = [spot.label for spot in self.spots]
        return f"Today's plan for your {listed(labels, NAMED)}: {self.minutes} min"

    def reminder_line(self) -> str:
        """`Today's plan (5 min): for the knot under your left shoulder blade`."""
        wheres = [spot.where for spot in self.spots]
        return f"Today's plan ({self.minutes} min): for the knot {listed(wheres, NAMED, 'spot')}"


def recent_since(today: date) -> date:
    """The first day whose marks count for today's plan."""
    return today - timedelta(days=RECENT_DAYS - 1)


def recent_spots(marks: Iterable[SpotMark], today: date) -> dict[str, int]:
    """Each spot as last marked in the last RECENT_DAYS days (0 left out), worst first;
    names the map does not know (a newer version's) are left out. A mark dated after
    `today` (a clock set back) counts as recent."""
    since = recent_since(today)
    latest = latest_map(mark for mark in marks if since <= mark.day)
    known = {spot: n for spot, n in latest.items() if spot in SPOT_IDS}
    return dict(sorted(known.items(), key=lambda item: -item[1]))


def offer_plan(
    routines: Iterable[Routine], spots: Mapping[str, int], avoid: Iterable[str] = ()
) -> PlanOffer | None:
    """Today's plan for `spots` (id: 0-10), or None when none is marked or nothing fits."""
    marked = {spot: n for spot, n in spots.items() if n > 0}
    if not marked:
        return None
    plan = plan_for_marks(
        routines,
        marked.items(),
        minutes=OFFER_MINUTES,
        position=OFFER_POSITION,
        avoid=avoid,
    )
    worked = [find_spot(spot) for spot in sorted(marked, key=lambda s: -marked[s])]
    avoided = frozenset(avoid)
    worked = [spot for spot in worked if not set(spot.areas) <= avoided]
    if not worked or len(plan.routine.steps) < 2:
        return None
    return PlanOffer(plan, tuple(worked))
