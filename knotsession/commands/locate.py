"""`knotsession paths [--json]`: every folder and file knotsession reads or writes.

Unlike `doctor`, it opens nothing (no sound device, no routines): quick enough for scripts,
e.g. `cd "$(knotsession paths --json | jq -r .routines)"`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from knotsession import paths


def all_paths() -> dict[str, Path]:
    """Each place by a short name, in the order a person looks for them."""
    return {
        "config": paths.config_dir(),
        "settings": paths.settings_file(),
        "routines": paths.user_routines_dir(),
        "sounds": paths.user_sounds_dir(),
        "data": paths.data_dir(),
        "history": paths.history_file(),
        "cache": paths.cache_dir(),
        "bundled_routines": paths.bundled_routines_dir(),
        "bundled_sounds": paths.bundled_sounds_dir(),
    }


def run(args: argparse.Namespace) -> int:
    """Print the places, as `name  path` lines or one JSON object."""
    found = all_paths()
    if args.json:
        print(json.dumps({name: str(path) for name, path in found.items()}, indent=2))
        return 0
    width = max(len(name) for name in found)
    for name, path in found.items():
        print(f"{name.replace('_', ' '):<{width}}  {path}")
    return 0
