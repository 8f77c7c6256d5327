"""`knotsession poses`: every pose with its name, in rows that fit the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from knotsession.cli import main
from knotsession.figures.poses import pose_names
from knotsession.figures.render import render_pose


@pytest.mark.parametrize("columns", [80, 132])
def test_the_gallery_shows_every_pose_by_name_within_the_terminal_width(
    columns: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    assert main(["poses"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    words = {word for line in lines for word in line.split()}
    assert pose_names() <= words
    assert max(len(line) for line in lines) <= columns
    assert lines[0] == f'{len(pose_names())} poses. A routine step shows one, pose = "standing",'


def test_the_gallery_draws_each_figure_under_its_name(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "20")  # one pose a row
    main(["poses"])
    lines = capsys.readouterr().out.splitlines()
    at = lines.index("standing")
    assert tuple(lines[at + 1 : at + 11]) == tuple(
        row.rstrip() for row in render_pose("standing").rows
    )


def test_pictures_saves_every_pose_as_a_png(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from PIL import Image

    folder = tmp_path / "new" / "pictures"
    assert main(["poses", "--pictures", str(folder)]) == 0
    assert capsys.readouterr().out == f"Saved {len(pose_names())} pictures in {folder}\n"
    assert sorted(path.stem for path in folder.iterdir()) == sorted(pose_names())
    with Image.open(folder / "standing.png") as picture:
        assert (picture.size, picture.mode) == ((256, 256), "RGBA")


def test_pictures_into_a_file_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = tmp_path / "taken"
    taken.write_text("")
    assert main(["poses", "--pictures", str(taken)]) == 1
    assert capsys.readouterr().err == f"knotsession: {taken}: cannot save pictures (File exists)\n"


def test_pictures_without_pillow_says_how_to_install_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("knotsession.figures.graphics.pictures_installed", lambda: False)
    assert main(["poses", "--pictures", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        "knotsession: pictures need Pillow (hint: pip install 'knotsession[pictures]')\n"
    )
    assert list(tmp_path.iterdir()) == []
