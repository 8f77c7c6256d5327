"""The theme is remembered: chosen with t or the command palette, it is kept in config.toml.

config.toml says "dark" or "light" for knotsession's own looks (registered with Textual as
knot-dark and knot-light) and any other installed Textual theme by its own name ("nord").
The core checks only that the name looks like one; `starting_theme` checks it exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import msgspec

from knotsession.core.settings import Settings, SettingsError, read_settings
from knotsession.core.settings_file import save_settings
from knotsession.tui.themes import THEMES

_SETTING_OF = {theme.name: setting for setting, theme in THEMES.items()}


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
