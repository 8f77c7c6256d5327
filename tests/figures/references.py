"""The reference figures the picture tests compare with, and how to draw them anew.

Each pose has a 64x64 grayscale PNG (its Pillow picture on black) and a 20x10 braille
figure in braille.txt. After changing a pose on purpose, look at it, then redraw them:

    .venv/bin/python -m tests.figures.references
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from knotsession.figures.poses import pose_names
from knotsession.figures.render import render_pose

if TYPE_CHECKING:
    from PIL import Image

FOLDER = Path(__file__).with_name("references")
PICTURES = FOLDER / "pictures"
BRAILLE = FOLDER / "braille.txt"
SIZE = (64, 64)


def grayscale_picture(name: str) -> Image.Image:
    """A pose's picture as the tests compare it: grayscale, on black, 64x64."""
    from PIL import Image

    from knotsession.figures.picture import draw_picture

    picture = draw_picture(name, size=SIZE)
    background = Image.new("RGBA", SIZE, (0, 0, 0, 255))
    return Image.alpha_composite(background, picture).convert("L")


def braille_text() -> str:
    """Every pose at 20x10, by name, in the form braille.txt keeps."""
    parts = []
    for name in sorted(pose_names()):
        rows = "\n".join(row.rstrip() for row in render_pose(name).rows)
        parts.append(f"[{name}]\n{rows}\n")
    return "\n".join(parts)


def write_references() -> None:
    """Draw every reference anew from the current poses."""
    PICTURES.mkdir(parents=True, exist_ok=True)
    for old in PICTURES.glob("*.png"):
        old.unlink()
    for name in sorted(pose_names()):
        grayscale_picture(name).save(PICTURES / f"{name}.png", optimize=True)
    BRAILLE.write_text(braille_text(), encoding="utf-8")


if __name__ == "__main__":
    write_references()
