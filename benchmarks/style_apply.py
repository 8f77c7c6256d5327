"""Styling a screen's widgets with Textual's rules and with kept rules hashed in C.

    python benchmarks/style_apply.py [--repeats N]

In one process, with every screen's styles loaded as the warm-up loads them: the gallery's
and the settings form's widgets are all styled again (`Stylesheet.apply` on each), once with
the stylesheet's rules as Textual's `RuleSet` (hashed by a Python method) and once as
`QuickRule` (the same identity hash, in C: tui/kept_styles.py), taking turns; the best of
N passes each. Headless: this is the styling alone, not an open (screen_open.py times those).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import time
from pathlib import Path

from textual.css.model import RuleSet
from textual.screen import Screen

from knotsession.core.library import load_default_library
from knotsession.core.settings import Settings
from knotsession.figures.names import pose_names
from knotsession.tui.app import KnotsessionApp
from knotsession.tui.kept_styles import QuickRule
from knotsession.tui.screens.gallery import PoseGalleryScreen
from knotsession.tui.screens.settings import SettingsScreen
from knotsession.tui.warm_up import SCREEN_MODULES, warm_up


def styled_ms(app: KnotsessionApp, screen: Screen[object], rule_class: type[RuleSet]) -> float:
    """Milliseconds to style every widget of `screen` once, the rules being `rule_class`."""
    for rule in app.stylesheet.rules:
        rule.__class__ = rule_class
    nodes = list(screen.walk_children(with_self=True))
    started = time.perf_counter()
    for node in nodes:
        app.stylesheet.apply(node)
    return 1000 * (time.perf_counter() - started)


async def measure(repeats: int) -> list[str]:
    library = load_default_library((), known_poses=pose_names())
    app = KnotsessionApp(library, history_store_factory=None)
    rows = []
    async with app.run_test(size=(100, 30)) as pilot:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, warm_up, app, loop, SCREEN_MODULES, None)
        gc.unfreeze()
        await pilot.pause(0.3)
        rules = len(app.stylesheet.rules)
        for screen in (PoseGalleryScreen(), SettingsScreen(Settings(), Path("unsaved.toml"))):
            await app.push_screen(screen)
            await pilot.pause(0.3)
            best = {RuleSet: float("inf"), QuickRule: float("inf")}
            for _ in range(repeats):
                for rule_class in best:  # taking turns
                    best[rule_class] = min(best[rule_class], styled_ms(app, screen, rule_class))
            widgets = len(list(screen.walk_children(with_self=True)))
            name = type(screen).__name__
            rows.append(
                f"{name}: {widgets} widgets, {rules} rules | Textual's RuleSet "
                f"{best[RuleSet]:.1f} ms | QuickRule {best[QuickRule]:.1f} ms "
                f"({best[QuickRule] / best[RuleSet]:.2f}x)"
            )
            app.pop_screen()
            await pilot.pause(0.2)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    for row in asyncio.run(measure(args.repeats)):
        print(row)


if __name__ == "__main__":
    main()
