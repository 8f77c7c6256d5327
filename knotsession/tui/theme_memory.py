"""The theme is remembered: chosen with t or the command palette, it is kept in config.toml,
and the app starts with it.

config.toml says "dark" or "light" for knotsession's own looks (registered with Textual as
knot-dark and knot-light) and any other installed Textual theme by its own name ("nord").
The core checks only that the name looks like one; `starting_theme` checks it exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import msgspec
from textual.app import App
from textual.theme import Theme

from knotsession.core.settings import Settings, SettingsError, read_settings
from knotsession.core.settings_file import save_settings
from knotsession.tui.themes import THEMES

_SETTING_OF = {theme.name: setting for setting, theme in THEMES.items()}
DARK_NAME = THEMES["dark"].name
LIGHT_NAME = THEMES["light"].name


def textual_name(setting: str) -> str:
    """The Textual theme a `theme` setting stands for."""
    return THEMES[setting].name if setting in THEMES else setting


def setting_name(theme: str) -> str:
    """What config.toml says for a Textual theme."""
    return _SETTING_OF.get(theme, theme)


def starting_theme(
    setting: str, available: Iterable[str], path: Path
) -> tuple[str, SettingsError | None]:
    """The Textual theme to start with, and the problem when the setting names none."""
    name = textual_name(setting)
    if name in set(available):
        return name, None
    problem = SettingsError(
        str(path),
        f"no installed theme is called '{setting}'; using dark",
        place="theme",
        hint="t or the command palette (ctrl+p, 'theme') lists the themes",
    )
    return THEMES["dark"].name, problem


def remember_theme(theme: str, settings: Settings, path: Path) -> tuple[Settings, str | None]:
    """Keep the Textual theme `theme` in config.toml (its other lines stay as they are).

    Returns the settings in use with the new theme, and a notice when it could not be saved.
    """
    setting = setting_name(theme)
    now = msgspec.structs.replace(settings, theme=setting)
    in_file, _ = read_settings(path)
    if in_file.theme == setting:
        return now, None
    try:
        save_settings(msgspec.structs.replace(in_file, theme=setting), path)
    except SettingsError as problem:
        return now, f"{problem}"
    return now, None


def toggled(theme: str) -> str:
    """The light theme after the dark one (or any other), the dark one after the light."""
    return LIGHT_NAME if theme == DARK_NAME else DARK_NAME


def set_up_themes(app: App[Any], setting: str, path: Path) -> SettingsError | None:
    """Register knotsession's themes and start with the one config.toml names; the
    problem when it names none (dark is used)."""
    for theme in THEMES.values():
        app.register_theme(theme)
    name, problem = starting_theme(setting, app.available_themes, path)
    _start_with_theme(app, app.available_themes[name])
    return problem


def _start_with_theme(app: App[Any], theme: Theme) -> None:
    """Set the first theme quietly: assigning `app.theme` would have Textual parse and
    apply all CSS once more before the first paint (about 70 ms); before the app runs,
    setting the value and the classes the watcher would set is enough."""
    app.set_reactive(App.theme, theme.name)
    app.stylesheet.set_variables(app.get_css_variables())
    app.set_class(theme.dark, "-dark-mode", update=False)
    app.set_class(not theme.dark, "-light-mode", update=False)
    app.set_class(True, f"-theme-{theme.name}", update=False)
