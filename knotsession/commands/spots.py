"""`knotsession spots`: the spots of the knot map, their names and body areas."""

from __future__ import annotations

import argparse
import json

from knotsession.core.spots import SPOTS


def run(args: argparse.Namespace) -> int:
    """Print the spots a plan can be made for, as a table or JSON."""
    if args.json:
        records = [
            {
                "id": spot.id,
                "label": spot.label,
                "where": spot.where,
                "areas": list(spot.areas),
                "view": spot.view,
                "side": spot.side,
            }
            for spot in SPOTS
        ]
        print(json.dumps(records, indent=2))
        return 0
    width = max(len(spot.id) for spot in SPOTS)
    for spot in SPOTS:
        print(f"{spot.id:<{width}}  {spot.view:<5}  {', '.join(spot.areas):<20}  {spot.where}")
    print("\nUse a name with: knotsession plan --spot NAME=0-10")
    return 0
