"""Every place on disk knotsession reads or writes, and nowhere else.

User folders follow platformdirs (XDG on Linux, ~/Library/Application Support on macOS,
%APPDATA% / %LOCALAPPDATA% on Windows), so tests can point them at temporary folders with
XDG_CONFIG_HOME / XDG_DATA_HOME / XDG_CACHE_HOME. KNOTSESSION_CONFIG_DIR and
KNOTSESSION_DATA_DIR move the two folders anywhere, on every platform.
"""

from __future__ import annotations

import os
from pathlib import Path

CONFIG_ENV = "KNOTSESSION_CONFIG_DIR"
DATA_ENV = "KNOTSESSION_DATA_DIR"

APP_NAME = "knotsession"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    """A bundled data folder: inside the wheel, or at the top of a source checkout."""
    installed = _PACKAGE_DIR / "_bundled" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def bundled_routines_dir() -> Path:
    """The routines shipped with knotsession."""
    return _bundled("routines")


def bundled_sounds_dir() -> Path:
    """The cue sounds shipped with knotsession."""
    return _bundled("sounds")


def _override(variable: str) -> Path | None:
    """The folder an environment variable names (`~` expanded), or None when unset or empty."""
    value = os.environ.get(variable, "").strip()
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    """$KNOTSESSION_CONFIG_DIR, or `<user_config_dir>/knotsession` (`$XDG_CONFIG_HOME/knotsession`
    on Linux)."""
    if (folder := _override(CONFIG_ENV)) is not None:
        return folder
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """$KNOTSESSION_DATA_DIR, or `<user_data_dir>/knotsession` (`$XDG_DATA_HOME/knotsession` on
    Linux)."""
    if (folder := _override(DATA_ENV)) is not None:
        return folder
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """`<user_cache_dir>/knotsession`, for things that can be made again (spoken lines)."""
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def user_routines_dir() -> Path:
    """The person's own routines."""
    return config_dir() / "routines"


def user_sounds_dir() -> Path:
    """The person's own cue sounds; a file here overrides a bundled cue of the same name."""
    return config_dir() / "sounds"


def settings_file() -> Path:
    """The settings file, config.toml."""
    return config_dir() / "config.toml"


def history_file() -> Path:
    """The SQLite history database."""
    return data_dir() / "history.sqlite3"


def remind_lock_file() -> Path:
    """Held by the running break reminder, so a second one knows and steps aside."""
    return data_dir() / "remind.lock"


def remind_status_file() -> Path:
    """What the running break reminder last decided, for `remind --status` and settings."""
    return data_dir() / "remind-status.json"


def systemd_unit_file() -> Path:
    """The break reminder's systemd user unit (`$XDG_CONFIG_HOME/systemd/user/` on Linux)."""
    import os

    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user" / "knotsession-remind.service"


def launch_agent_file() -> Path:
    """The break reminder's launchd agent on macOS."""
    return Path.home() / "Library" / "LaunchAgents" / "org.knotsession.remind.plist"
