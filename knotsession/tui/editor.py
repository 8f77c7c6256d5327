r"""The person's own editor on one of their routine files, with the terminal to itself.

`$VISUAL`, then `$EDITOR` (split as a shell would: on Windows without treating `\` as an
escape, so `C:\Windows\notepad.exe` stays a path), then vi or nano (notepad on Windows,
open -W -t on macOS's TextEdit as a last resort). The app steps aside
(`App.suspend`) while the editor runs and comes back when it exits; then the routines are
read again, and a file that no longer loads offers the editor once more.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SuspendNotSupported

from knotsession.core.library import Library, display_path, load_default_library

if TYPE_CHECKING:
    from knotsession.core.routine import Routine
    from knotsession.tui.state import SharedState

FALLBACK_EDITORS = ("vi", "nano")
WINDOWS_EDITORS = ("notepad",)


def split_command(text: str, platform: str = sys.platform) -> list[str]:
    r"""A command line as words. On Windows backslashes are path separators, not escapes, and
    quotes around a word (`"C:\Program Files\...\code.exe" --wait`) are removed."""
    if platform != "win32":
        return shlex.split(text)
    return [word[1:-1] if len(word) > 1 and word[0] == word[-1] == '"' else word
            for word in shlex.split(text, posix=False)]  # fmt: skip


def editor_command(
    environ: Mapping[str, str] = os.environ, platform: str = sys.platform
) -> list[str] | None:
    """The person's editor as a command; None when there is none."""
    for variable in ("VISUAL", "EDITOR"):
        try:
            command = split_command(environ.get(variable, ""), platform)
        except ValueError:  # an unclosed quote: try the next one
            continue
        if command:
            return command
    for name in WINDOWS_EDITORS if platform == "win32" else FALLBACK_EDITORS:
        found = shutil.which(name, path=environ.get("PATH"))
        if found:
            return [found]
    if platform == "darwin":
        return ["open", "-W", "-t"]  # TextEdit, waited for: always there
    return None


def own_copy_id(routine_id: str) -> str:
    """An id for the person's copy of a bundled routine: `desk-5` -> `my-desk`."""
    return "my-" + (re.sub(r"-\d+$", "", routine_id) or routine_id)


def edit_in_terminal(app: App[Any], path: Path) -> str | None:
    """Run the editor on `path` and wait for it; a line saying what went wrong, or None."""
    command = editor_command()
    if command is None:
        return "No editor found: set $EDITOR (for example EDITOR=nano)."
    command = [*command, str(path)]
    try:
        with app.suspend():
            return _run(command)
    except SuspendNotSupported:  # no real terminal (tests): the editor runs all the same
        return _run(command)


def _run(command: list[str]) -> str | None:
    try:
        subprocess.run(command, check=False)
    except OSError as error:
        return f"The editor could not start ({command[0]}: {error.strerror or error})."
    return None


class RoutineEditing:
    """The app's side of editing: the editor on a routine's file, then the routines read
    again (screens see them through the app's `library` reactive)."""

    def __init__(self, app: SharedState) -> None:
        self._app = app

    def edit_routine(self, routine: Routine) -> None:
        """Open one of the person's routine files in their editor, then load it again;
        a bundled routine says how to make a copy of one's own instead."""
        if routine.origin == "bundled" or routine.path is None:
            self._app.tell(
                "Bundled routines can't be edited here; make your own with: "
                f"knotsession new {own_copy_id(routine.id)} --from {routine.id}",
                timeout=10,
            )
            return
        self.edit_file(routine.path)

    def edit_file(self, path: Path) -> None:
        """The editor on `path`, then the routines read again; a file that no longer loads
        says why and offers the editor again."""
        app = self._app
        problem = edit_in_terminal(app, path)
        self.reload_library()
        if problem:
            app.tell(problem)
            return
        shown = display_path(path)
        problems = [str(error) for error in app.library.problems if error.file == shown]
        if problems:
            from knotsession.tui.screens.edit_again import EditAgain

            app.notices.extend(problems)

            def answered(again: bool | None) -> None:
                if again:
                    self.edit_file(path)

            app.push_screen(EditAgain(path.name, problems), answered)

    def read_unread(self) -> None:
        """Read, in a worker, the new routine files a first start left for after its first
        paint (thousands of them); the lists fill when they are read."""
        unread = self._app.library.unread
        if not unread:
            return
        from knotsession.figures.names import pose_names

        routine_dirs = self._app.command_line.routine_dirs
        self._app.notify(f"Reading {unread:,} new routine files…", timeout=4)

        def read() -> None:
            library = load_default_library(routine_dirs, known_poses=pose_names())
            self._app.call_from_thread(self._take_read, library)

        self._app.run_worker(
            read, thread=True, exit_on_error=False, group="library", description="read routines"
        )

    def _take_read(self, library: Library) -> None:
        if self._app.library.unread:  # not read again meanwhile (after an edit)
            self._app.library = library

    def reload_library(self) -> None:
        """Read every routine folder again; the screens showing them follow."""
        from knotsession.figures.names import pose_names

        routine_dirs = self._app.command_line.routine_dirs
        self._app.library = load_default_library(routine_dirs, known_poses=pose_names())
