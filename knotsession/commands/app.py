"""`knotsession` with no command: the full-screen app."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


def run(args: argparse.Namespace) -> int:
    """Open the app on its home screen; without a terminal (or with `plain = true`), say how
    to start a routine line by line instead."""
    from knotsession.core.settings import load_settings
    from knotsession.plain_choice import why_plain

    plain, reason = why_plain(load_settings())
    if plain:
        hint = "start a routine line by line: knotsession start ID (knotsession list shows the ids)"
        why = reason or "plain = true in config.toml"
        print(f"knotsession: {why}, so no full-screen app; {hint}", file=sys.stderr)
        return 0 if reason is None else 2
    from knotsession.tui.collector import collector_paused

    with collector_paused():  # until the home screen has painted
        from knotsession.tui.launch import launch

        return launch(args, None)
