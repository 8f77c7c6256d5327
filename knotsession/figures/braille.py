"""A canvas of braille dots: each terminal cell holds 2x4 dots, so lines look fine at 20x10 cells.

Only this module knows how braille characters encode their dots. An empty cell is a
space, not the blank braille character, so figures copy and paste cleanly.
"""

from __future__ import annotations

from collections.abc import Iterable

DOTS_PER_CELL_X = 2
DOTS_PER_CELL_Y = 4
_BRAILLE_BASE = 0x2800
# The bit of the dot at (x, y) within one cell, indexed [y][x].
_DOT_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))


Cells = set[tuple[int, int]]
"""Character cells as (row, column); a name of its own because `Canvas.set` hides `set`."""


class Canvas:
    """A grid of dots, `width` x `height` cells; dots outside it are clipped."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.dots_x = width * DOTS_PER_CELL_X
        self.dots_y = height * DOTS_PER_CELL_Y
        self._dots: set[tuple[int, int]] = set()

    def set(self, x: int, y: int) -> None:
        """Raise the dot at column x, row y (row 0 at the top)."""
        if 0 <= x < self.dots_x and 0 <= y < self.dots_y:
            self._dots.add((x, y))

    def line(self, x0: int, y0: int, x1: int, y1: int) -> None:
        """A one-dot-wide straight line between two dots, ends included (Bresenham)."""
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        step_x, step_y = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
        error = dx + dy
        while True:
            self.set(x0, y0)
            if x0 == x1 and y0 == y1:
                return
            double = 2 * error
            if double >= dy:
                error += dy
                x0 += step_x
            if double <= dx:
                error += dx
                y0 += step_y

    def circle(self, cx: int, cy: int, radius: int) -> None:
        """The outline of a circle (midpoint algorithm)."""
        x, y, error = radius, 0, 1 - radius
        while x >= y:
            for px, py in ((x, y), (y, x), (-y, x), (-x, y), (-x, -y), (-y, -x), (y, -x), (x, -y)):
                self.set(cx + px, cy + py)
            y += 1
            if error < 0:
                error += 2 * y + 1
            else:
                x -= 1
                error += 2 * (y - x) + 1

    def disc(self, cx: int, cy: int, radius: int) -> Cells:
        """A filled circle; returns the cells (row, column) it touches."""
        cells: Cells = set()
        for y in range(cy - radius, cy + radius + 1):
            for x in range(cx - radius, cx + radius + 1):
                inside = (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius + radius
                if inside and 0 <= x < self.dots_x and 0 <= y < self.dots_y:
                    self.set(x, y)
                    cells.add((y // DOTS_PER_CELL_Y, x // DOTS_PER_CELL_X))
        return cells

    def mirrored(self) -> Canvas:
        """The same dots flipped left to right."""
        flipped = Canvas(self.width, self.height)
        flipped._dots = {(self.dots_x - 1 - x, y) for x, y in self._dots}
        return flipped

    def rows(self) -> tuple[str, ...]:
        """The canvas as `height` strings of `width` characters."""
        bits = [[0] * self.width for _ in range(self.height)]
        for x, y in self._dots:
            cell_y, dot_y = divmod(y, DOTS_PER_CELL_Y)
            cell_x, dot_x = divmod(x, DOTS_PER_CELL_X)
            bits[cell_y][cell_x] |= _DOT_BITS[dot_y][dot_x]
        return tuple("".join(_character(value) for value in row) for row in bits)


def _character(bits: int) -> str:
    return chr(_BRAILLE_BASE + bits) if bits else " "


def _mirror_bits(bits: int) -> int:
    mirrored = 0
    for row in _DOT_BITS:
        if bits & row[0]:
            mirrored |= row[1]
        if bits & row[1]:
            mirrored |= row[0]
    return mirrored


def mirror_rows(rows: Iterable[str]) -> tuple[str, ...]:
    """Rows of braille text flipped left to right: each row reversed, each cell's dots swapped."""
    return tuple("".join(_mirror_character(c) for c in reversed(row)) for row in rows)


def _mirror_character(character: str) -> str:
    code = ord(character) - _BRAILLE_BASE
    if not 0 < code <= 0xFF:
        return character
    return chr(_BRAILLE_BASE + _mirror_bits(code))
