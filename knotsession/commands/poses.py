"""`knotsession poses`: every pose figure with its name, in rows that fit the terminal."""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from knotsession.figures.poses import bundled_poses
from knotsession.figures.render import Figure, render_pose

GAP = 3
PICTURE_SIZE = (256, 256)


def run(args: argparse.Namespace) -> int:
    """Print the pose gallery, or save every pose as a picture with --pictures."""
    if args.pictures is not None:
        return save_pictures(Path(args.pictures))
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


def save_pictures(folder: Path) -> int:
    """Every pose as `<name>.png` in `folder` (made if missing); one line on a problem."""
    from knotsession.core.text import shown
    from knotsession.figures.graphics import pictures_installed

    if not pictures_installed():
        print(
            "knotsession: pictures need Pillow (hint: pip install 'knotsession[pictures]')",
            file=sys.stderr,
        )
        return 2
    from knotsession.figures.picture import draw_picture

    names = list(bundled_poses())
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            draw_picture(name, size=PICTURE_SIZE).save(folder / f"{name}.png")
    except OSError as error:
        print(
            f"knotsession: {shown(str(folder))}: cannot save pictures ({error.strerror})",
            file=sys.stderr,
        )
        return 1
    print(f"Saved {len(names)} pictures in {shown(str(folder))}")
    return 0
