"""`knotsession poses`: every pose figure with its name, in rows that fit the terminal."""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Iterator

from knotsession.figures.poses import bundled_poses
from knotsession.figures.render import Figure, render_pose

GAP = 3


def run(args: argparse.Namespace) -> int:
    """Print the pose gallery."""
    names = list(bundled_poses())  # in the file's order, which groups them by body part
    width = shutil.get_terminal_size().columns
    print(f'{len(names)} poses. A routine step shows one, pose = "standing",')
    print('or two that alternate, pose = ["cat", "cow"].')
    print("Each figure works the left side; the right side is its mirror image.")
    for row in _rows(names, width):
        print()
        print(_gallery_row(row).rstrip("\n"))
    return 0


def _tile_width(name: str, figure: Figure) -> int:
    return max(len(name), len(figure.rows[0]))


def _rows(names: list[str], width: int) -> Iterator[list[tuple[str, Figure]]]:
    """The poses in rows, as many to a row as fit in `width` columns (at least one)."""
    row: list[tuple[str, Figure]] = []
    used = 0
    for name in names:
        figure = render_pose(name)
        needed = _tile_width(name, figure) + (GAP if row else 0)
        if row and used + needed > width:
            yield row
            row, used, needed = [], 0, _tile_width(name, figure)
        row.append((name, figure))
        used += needed
    if row:
        yield row


def _gallery_row(row: list[tuple[str, Figure]]) -> str:
    """Names over figures, side by side."""
    gap = " " * GAP
    widths = [_tile_width(name, figure) for name, figure in row]
    lines = [gap.join(name.ljust(w) for (name, _), w in zip(row, widths, strict=True))]
    for index in range(len(row[0][1].rows)):
        cells = (figure.rows[index].center(w) for (_, figure), w in zip(row, widths, strict=True))
        lines.append(gap.join(cells))
    return "\n".join(line.rstrip() for line in lines)
