"""The error a person can fix in a data file: which file, where in it, what, and how.

Kept apart from the parsers so the command line can catch it without importing them.
"""

from __future__ import annotations

from knotsession.core.text import shown


class RoutineError(Exception):
    """A problem with one routine file: where it is, what is wrong, and how to fix it."""

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
        return isinstance(other, RoutineError) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))
