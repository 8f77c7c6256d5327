"""Settings changed in the app take effect at once: what differs is applied, nothing else.

The settings screen and the avoid dialog save config.toml (keeping the lines they do not
show); the command line's flags (`--mute`, `--voice`) still beat the file. Screens hear
about the new settings through the app's `settings` reactive (home shows durations with
the new lead-in and marks routines that work an avoided area).

The form is made ahead at home (made_ahead.py), with the file's values: composing, mounting
and styling its 37 widgets was most of its first open (90 ms against a bare Textual screen's
22 ms, 36 ms made ahead, on a 2-core machine). When it is asked for, it is shown if the file
still holds the values it shows (the background reminder's line is read again); else, or if
it is still being composed, a new form is made, as without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from knotsession.core.settings import Settings, SettingsError, read_settings, with_flags
from knotsession.tui.made_ahead import make_ahead
from knotsession.tui.theme_memory import remember_theme, textual_name

if TYPE_CHECKING:
    from knotsession.tui.backends import CueRelay
    from knotsession.tui.break_nudge import BreakNudges
    from knotsession.tui.screens.settings import SettingsScreen
    from knotsession.tui.state import SharedState


class SettingsKeeper:
    """Opens the settings form, saves what changed, and applies the difference."""

    def __init__(
        self, app: SharedState, path: Path | None, cues: CueRelay, breaks: BreakNudges
    ) -> None:
        self._app = app
        self._path = path
        self._cues = cues
        self._breaks = breaks
        self.ready_form: SettingsScreen | None = None  # made ahead, at home

    @property
    def path(self) -> Path:
        """Where config.toml is."""
        if self._path is None:
            from knotsession import paths

            self._path = paths.settings_file()
        return self._path

    def make_form_ahead(self) -> None:
        """Compose and mount the form off screen, with the file's values as they are now,
        unless one is made (call it at home, once the screens' styles are loaded)."""
        if self.ready_form is not None:
            return
        from knotsession.tui.screens.settings import SettingsScreen

        in_file, _ = read_settings(self.path)
        form = SettingsScreen(in_file, self.path, row_by_row=True)
        if make_ahead(self._app, form):  # else made when it is asked for
            self.ready_form = form

    def open_form(self) -> None:
        """Edit config.toml: the form shows the file's own values, not the command line's
        (the form made ahead if the file still holds what it shows, else a new one)."""
        from knotsession.tui.screens.settings import SettingsScreen

        in_file, _ = read_settings(self.path)
        ready, self.ready_form = self.ready_form, None
        if ready is not None and ready.made and ready.settings == in_file:
            ready.refresh_background()
            form = ready
        else:
            if ready is not None:
                ready.drop()  # the file changed, or it is still being made
            form = SettingsScreen(in_file, self.path)
        self._app.push_screen(form, self._saved)

    def _saved(self, saved: Settings | None) -> None:
        if saved is not None:
            self.apply(saved)
            self._app.notify("Settings saved.", timeout=3)

    def save_avoid(self, areas: tuple[str, ...]) -> None:
        """Keep the areas to avoid in config.toml (the file's other values stay) and use them."""
        import msgspec

        from knotsession.core.settings_file import save_settings

        in_file, _ = read_settings(self.path)
        changed = msgspec.structs.replace(in_file, avoid=areas)
        try:
            save_settings(changed, self.path)
        except SettingsError as problem:
            self._app.tell(f"{problem}", timeout=12)
        self.apply(changed)

    def apply(self, saved: Settings) -> None:
        """Use new settings at once; the command line's flags still beat the file."""
        app, line = self._app, self._app.command_line
        new = with_flags(saved, mute=line.mute, voice=line.voice)
        old, app.settings = app.settings, new
        if new.theme != old.theme:
            app.theme = textual_name(new.theme)
        if new.mute != old.mute:
            self._cues.set_muted(new.mute)
        if new.volume != old.volume:
            self._cues.set_volume(new.volume)
        if new.voice != old.voice:
            app.voice = new.voice
        if new.remind_every != old.remind_every:
            self._breaks.start()

    def remember_theme(self, theme: str) -> None:
        """Keep a theme chosen with t, the palette or the settings form in config.toml."""
        self._app.settings, notice = remember_theme(theme, self._app.settings, self.path)
        if notice:
            self._app.tell(notice, timeout=12)
