"""The errors a person can fix in a data file: which file, where in it, what, and how.

One family: `DataFileError` and a kind for each sort of file (routine files here, config.toml
in settings.py, poses.toml in figures/poses.py). The command line catches the family and
prints one line; nothing above it needs to know which kind it was.

Kept apart from the parsers so the command line can catch them without importing them.
"""

from __future__ import annotations

from knotsession.core.text import shown


class DataFileError(Exception):
    """A problem with a data file: where it is, what is wrong, and how to fix it."""

    def __init__(self, file: str, message: str, place: str = "", hint: str = "") -> None:
        self.file = file
        self.place = place
        self.message = message
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        if not self.place:
            where = f"{self.file}: "
        elif self.place[0].isdigit():  # line:column of a TOML syntax error
            where = f"{self.file}:{self.place}: "
        else:
            where = f"{self.file}: {self.place}: "
        hint = f"; {self.hint}" if self.hint else ""
        # File names, keys and values come from outside: never raw to the terminal.
        return shown(f"{where}{self.message}{hint}")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


class RoutineError(DataFileError):
    """A problem with one routine file (and, for now, with TOML text read by the shared
    helpers in routine.py, which the other kinds turn into their own)."""
