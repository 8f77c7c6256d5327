"""`knotsession` with no command: the full-screen app."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


def run(args: argparse.Namespace) -> int:
    """Open the app on its home screen."""
    from knotsession.tui.collector import collector_paused

    with collector_paused():  # until the home screen has painted
        from knotsession.tui.launch import launch

        return launch(args, None)
